// Create or edit a route: origin and destination facilities, the path drawn or imported, corridor
// width, time limit, ordered checkpoints and this route's own alert thresholds.
import type { LineString, Position } from 'geojson';
import { useEffect, useState } from 'react';
import { resolveParams } from '../../../src/core/alert-params.ts';
import { api } from '../api/client.ts';
import { useReference } from '../api/reference.tsx';
import type { AlertParams, Route } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';
import { importShape, lineOf, positionAtPath } from './geojson.ts';
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
  const [checkpoints, setCheckpoints] = useState((route?.checkpoints ?? []).join(', '));
  const [params, setParams] = useState<ParamDraft>(draftOf(route?.alertParams));
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

  const save = async () => {
    const body: Route = {
      code: code.trim(),
      origin,
      destination,
      path: path ?? { type: 'LineString', coordinates: [] },
      corridorWidthM: Number(width),
      maxDurationMin: Number(maxDuration),
      checkpoints: checkpoints
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
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
      editor?.markErrors(((err as { errors?: { path: string }[] }).errors ?? []).map((e) => positionAtPath(path, e.path, 'path')).filter((p): p is Position => p !== null));
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
              errs.set([{ path: '/body/path', message: t('ref.importBad', { msg: (e as Error).message }) }]);
            }
          }}
        />
        <FieldMessages messages={errs.of('path')} />
      </div>
      <label className={field('corridorWidthM')}>
        {t('ref.corridorWidth')}
        <input type="number" min={10} value={width} onChange={(e) => setWidth(e.target.value)} disabled={!canEdit} />
        <FieldMessages messages={errs.of('corridorWidthM')} />
      </label>
      <label className={field('maxDurationMin')}>
        {t('ref.maxDuration')}
        <input type="number" min={1} value={maxDuration} onChange={(e) => setMaxDuration(e.target.value)} disabled={!canEdit} />
        <FieldMessages messages={errs.of('maxDurationMin')} />
      </label>
      <label className={field('checkpoints')}>
        {t('ref.checkpoints')}
        <input value={checkpoints} onChange={(e) => setCheckpoints(e.target.value)} disabled={!canEdit} />
        <FieldMessages messages={errs.of('checkpoints')} />
      </label>
      <h4>{t('ref.routeParams')}</h4>
      <ParamsGrid
        draft={params}
        onChange={setParams}
        inherited={resolveParams(globalParams)}
        disabled={!canEdit}
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
