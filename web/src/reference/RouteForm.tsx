// Create or edit a route: origin and destination facilities, the path drawn or imported, corridor
// width, time limit, ordered checkpoints and this route's own alert thresholds.
import type { LineString, Position } from 'geojson';
import { useEffect, useState } from 'react';
import { resolveParams } from '../../../src/core/alert-params.ts';
import { api, ApiError } from '../api/client.ts';
import { useReference } from '../api/reference.tsx';
import type { AlertParams, Route } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';
import { importMessage, importShape, lineOf, markOf } from './geojson.ts';

/** Facility kinds a route may name as a checkpoint (the registry refuses others). */
const CHECKPOINT_KINDS: readonly string[] = ['inspection_station', 'checkpoint'];
import { draftOf, ParamsGrid, paramsOf, type ParamDraft } from './ParamsGrid.tsx';
import type { EditorBinding } from './ReferencePage.tsx';
import { ShapeControls } from './ShapeControls.tsx';
import { FieldMessages, useFieldErrors } from './useFieldErrors.tsx';

export function RouteForm({ route, binding, canEdit, globalParams }: { route: Route | null; binding: EditorBinding; canEdit: boolean; globalParams: Partial<AlertParams> }) {
  const { t } = useI18n();
  const { facilities, reload } = useReference();
  const isNew = route === null;
  const [code, setCode] = useState(route?.code ?? '');
  const [origin, setOrigin] = useState(route?.origin ?? '');
  const [destination, setDestination] = useState(route?.destination ?? '');
  const [path, setPath] = useState<LineString | null>(route?.path ?? null);
  const [width, setWidth] = useState(String(route?.corridorWidthM ?? 200));
  const [maxDuration, setMaxDuration] = useState(String(route?.maxDurationMin ?? 120));
  const [checkpoints, setCheckpoints] = useState<string[]>(route?.checkpoints ?? []);
  const [picking, setPicking] = useState(false);
  const [pickNote, setPickNote] = useState<string | null>(null);
  // The corridor width is the route's own field; a copy among its thresholds would be overridden by it.
  const [params, setParams] = useState<ParamDraft>(() => {
    const d = draftOf(route?.alertParams);
    delete d.corridorWidthM;
    return d;
  });
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errs = useFieldErrors();
  const { editor } = binding;

  useEffect(() => {
    if (!editor) return;
    editor.setKind('line');
    editor.setCoords(route?.path?.coordinates ?? []);
    editor.markErrors([]);
    binding.focus(route?.path?.coordinates ?? []);
    binding.onShapeChange((coords: Position[]) => {
      setPath(coords.length >= 2 ? lineOf(coords) : null);
      setSaved(false);
    });
  }, [editor, route?.code]);

  // Checkpoints are picked by clicking their areas on the map, in the order the truck passes them.
  useEffect(() => {
    if (!picking) {
      binding.onPick(null);
      return;
    }
    editor?.finishDrawing();
    binding.onPick((f) => {
      if (!f) setPickNote(t('ed.noFacilityHere'));
      else if (!CHECKPOINT_KINDS.includes(f.kind)) setPickNote(t('ed.notCheckpoint', { code: f.code }));
      else {
        setPickNote(null);
        setCheckpoints((list) => (list.includes(f.code) ? list : [...list, f.code]));
        setSaved(false);
      }
    });
    return () => binding.onPick(null);
  }, [picking, binding.onPick]);

  const save = async () => {
    if (origin && origin === destination) {
      errs.set([{ path: '/body/destination', message: t('ed.sameEnds'), code: 'route.same_ends', params: { origin } }]);
      return;
    }
    setPicking(false);
    const body: Route = {
      code: code.trim(),
      origin,
      destination,
      path: path ?? { type: 'LineString', coordinates: [] },
      corridorWidthM: Number(width),
      maxDurationMin: Number(maxDuration),
      checkpoints,
    };
    const overrides = paramsOf(params);
    if (Object.keys(overrides).length) body.alertParams = overrides;
    setBusy(true);
    try {
      if (isNew) await api.post('/routes', body);
      else await api.put(`/routes/${encodeURIComponent(route.code)}`, body);
      errs.clear();
      editor?.markErrors([]);
      setSaved(true);
      await reload();
      if (isNew) navigate({ name: 'reference', tab: 'routes', code: body.code.toUpperCase() });
    } catch (err) {
      errs.fromError(err);
      editor?.markErrors((err instanceof ApiError ? err.errors : []).map((e) => markOf(path, e, 'path')).filter((p): p is Position => p !== null));
    } finally {
      setBusy(false);
    }
  };

  const codes = facilities.map((f) => f.code);
  const facilitySelect = (value: string, set: (v: string) => void, testId: string) => (
    <select value={value} onChange={(e) => set(e.target.value)} disabled={!canEdit} data-testid={testId}>
      <option value="">—</option>
      {codes.map((c) => (
        <option key={c} value={c}>
          {c} {facilities.find((f) => f.code === c)?.name}
        </option>
      ))}
    </select>
  );
  const field = (name: string) => (errs.of(name).length ? 'field-error' : '');

  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void save())} data-testid="route-form">
      <h3>{isNew ? t('ref.newRoute') : route.code}</h3>
      <label className={field('code')}>
        {t('ref.code')}
        <input value={code} onChange={(e) => setCode(e.target.value)} disabled={!isNew || !canEdit} />
        <FieldMessages messages={errs.of('code')} />
      </label>
      <label className={field('origin')}>
        {t('trip.origin')}
        {facilitySelect(origin, setOrigin, 'route-origin')}
        <FieldMessages messages={errs.of('origin')} />
      </label>
      <label className={field('destination')}>
        {t('trip.destination')}
        {facilitySelect(destination, setDestination, 'route-destination')}
        <FieldMessages messages={errs.of('destination')} />
      </label>
      <div className={field('path')}>
        <span className="muted">{t('ref.path')}</span>
        <ShapeControls
          editor={editor}
          vertices={path?.coordinates.length ?? 0}
          disabled={!canEdit}
          onImport={(text) => {
            try {
              const g = importShape(text, 'line') as LineString;
              setPath(g);
              editor?.setCoords(g.coordinates);
              binding.focus(g.coordinates);
              errs.clear();
            } catch (e) {
              errs.set([{ path: '/body/path', message: importMessage(e, 'line', t) }]);
            }
          }}
        />
        <FieldMessages messages={errs.of('path')} />
      </div>
      <label className={field('corridorWidthM')}>
        {t('ref.corridorWidth')}
        <input type="number" min={10} max={5000} value={width} onChange={(e) => setWidth(e.target.value)} disabled={!canEdit} data-testid="route-corridor" />
        <FieldMessages messages={errs.of('corridorWidthM')} />
      </label>
      <label className={field('maxDurationMin')}>
        {t('ref.maxDuration')}
        <input type="number" min={1} value={maxDuration} onChange={(e) => setMaxDuration(e.target.value)} disabled={!canEdit} />
        <FieldMessages messages={errs.of('maxDurationMin')} />
      </label>
      <div className={field('checkpoints')} data-testid="route-checkpoints">
        <span className="muted">{t('ed.checkpoints')}</span>
        <ol className="checkpoint-list">
          {checkpoints.length === 0 && <li className="muted">{t('ed.noCheckpoints')}</li>}
          {checkpoints.map((c) => (
            <li key={c} data-code={c}>
              {c} {facilities.find((f) => f.code === c)?.name}
              {canEdit && (
                <button type="button" className="link" aria-label={t('ed.remove', { code: c })} onClick={() => (setCheckpoints(checkpoints.filter((x) => x !== c)), setSaved(false))}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ol>
        {canEdit && (
          <button type="button" className={picking ? 'primary' : ''} onClick={() => (setPicking(!picking), setPickNote(null))} data-testid="pick-checkpoints">
            {picking ? t('ed.pickDone') : t('ed.pick')}
          </button>
        )}
        {picking && <p className="draw-hint">{pickNote ?? t('ed.pickHint')}</p>}
        <FieldMessages messages={errs.of('checkpoints')} />
      </div>
      <h4>{t('ref.routeParams')}</h4>
      <ParamsGrid
        draft={params}
        onChange={setParams}
        inherited={resolveParams(globalParams)}
        disabled={!canEdit}
        omit={['corridorWidthM']}
        errors={(k) => errs.errors.filter((e) => e.path.endsWith(`/alertParams/${k}`) || e.path === `alertParams.${k}`).map((e) => e.message)}
      />
      {errs.general && <p className="form-error">{errs.general}</p>}
      {canEdit && (
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('common.save')}
          </button>
          {saved && <span className="saved-note">{t('ref.saved')}</span>}
        </div>
      )}
      <p className="muted">{t('ref.audited')}</p>
    </form>
  );
}
