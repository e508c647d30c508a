// Create or edit a facility: code, name, kind and its area drawn on the map or imported.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useReference } from '../api/reference.tsx';
import { FACILITY_KINDS, type Facility, type FacilityKind } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';
import { crossingOf, importMessage, importShape, markOf, polygonOf, ringOf } from './geojson.ts';
import type { EditorBinding } from './ReferencePage.tsx';
import { ShapeControls } from './ShapeControls.tsx';
import { FieldMessages, useFieldErrors } from './useFieldErrors.tsx';

export function FacilityForm({ facility, binding, canEdit }: { facility: Facility | null; binding: EditorBinding; canEdit: boolean }) {
  const { t, td } = useI18n();
  const { reload } = useReference();
  const isNew = facility === null;
  const [code, setCode] = useState(facility?.code ?? '');
  const [name, setName] = useState(facility?.name ?? '');
  const [kind, setKind] = useState<FacilityKind>(facility?.kind ?? 'container_yard');
  const [area, setArea] = useState<Polygon | MultiPolygon | null>(facility?.area ?? null);
  const [vertices, setVertices] = useState(ringOf(facility?.area).length);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errs = useFieldErrors();
  const { editor } = binding;

  useEffect(() => {
    if (!editor) return;
    editor.setKind('polygon');
    editor.setCoords(ringOf(facility?.area));
    editor.markErrors([]);
    binding.focus(ringOf(facility?.area));
    binding.onShapeChange((coords: Position[]) => {
      setVertices(coords.length);
      setArea(coords.length >= 3 ? polygonOf(coords) : null);
      setSaved(false);
      checkOutline(coords);
    });
    // A new selection resets the editor; typing in the form does not.
  }, [editor, facility?.code]);

  /** The outline checked as it is edited: a crossing marked where it is, the mark gone once it is. */
  const checkOutline = (coords: Position[]) => {
    const x = crossingOf(coords);
    const message = x ? `ring intersects itself: edge ${x.edge}–${x.edge + 1} meets edge ${x.otherEdge}–${x.otherEdge + 1} at [${x.lon}, ${x.lat}]` : '';
    errs.replace('area', x ? [{ path: `/body/area/coordinates/0/${x.edge}`, message, code: 'geo.self_intersection', params: { ring: 0, otherRing: 0, ...x } }] : []);
    editor?.markErrors(x ? [[x.lon, x.lat]] : []);
  };

  const validateLocally = (): boolean => {
    const local: { path: string; message: string }[] = [];
    if (!code.trim()) local.push({ path: '/body/code', message: t('ref.code') + ' ?' });
    if (!name.trim()) local.push({ path: '/body/name', message: t('ref.name') + ' ?' });
    if (!area) local.push({ path: '/body/area', message: t('ref.drawHint') });
    errs.set(local);
    return local.length === 0;
  };

  const save = async () => {
    if (!validateLocally()) return;
    setBusy(true);
    const body: Facility = { ...(facility ?? {}), code: code.trim(), name: name.trim(), kind, area: area! };
    delete body.sample;
    try {
      if (isNew) await api.post('/facilities', body);
      else await api.put(`/facilities/${encodeURIComponent(facility.code)}`, body);
      errs.clear();
      editor?.markErrors([]);
      setSaved(true);
      await reload();
      if (isNew) navigate({ name: 'reference', tab: 'facilities', code: body.code.toUpperCase() });
    } catch (err) {
      errs.fromError(err);
      const marks = (err instanceof ApiError ? err.errors : []).map((e) => markOf(area, e, 'area')).filter((p): p is Position => p !== null);
      editor?.markErrors(marks);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!facility || !confirm(`${t('common.delete')} ${facility.code}?`)) return;
    try {
      await api.del(`/facilities/${encodeURIComponent(facility.code)}`);
      await reload();
      navigate({ name: 'reference', tab: 'facilities' });
    } catch (err) {
      errs.fromError(err);
    }
  };

  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void save())} data-testid="facility-form">
      <h3>{isNew ? t('ref.newFacility') : `${facility.code} ${facility.name}`}</h3>
      <label className={errs.of('code').length ? 'field-error' : ''}>
        {t('ref.code')}
        <input value={code} onChange={(e) => setCode(e.target.value)} disabled={!isNew || !canEdit} data-testid="facility-code" />
        <FieldMessages messages={errs.of('code')} />
      </label>
      <label className={errs.of('name').length ? 'field-error' : ''}>
        {t('ref.name')}
        <input value={name} onChange={(e) => (setName(e.target.value), setSaved(false))} disabled={!canEdit} data-testid="facility-name" />
        <FieldMessages messages={errs.of('name')} />
      </label>
      <label className={errs.of('kind').length ? 'field-error' : ''}>
        {t('ref.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as FacilityKind)} disabled={!canEdit}>
          {FACILITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {td('facilityKind', k)}
            </option>
          ))}
        </select>
        <FieldMessages messages={errs.of('kind')} />
      </label>
      <div className={errs.of('area').length ? 'field-error' : ''}>
        <span className="muted">{t('ref.area')}</span>
        <ShapeControls
          editor={editor}
          vertices={vertices}
          disabled={!canEdit}
          onImport={(text) => {
            try {
              const g = importShape(text, 'polygon') as Polygon | MultiPolygon;
              setArea(g);
              editor?.setCoords(ringOf(g));
              setVertices(ringOf(g).length);
              binding.focus(ringOf(g));
              errs.clear();
              checkOutline(ringOf(g));
            } catch (e) {
              errs.set([{ path: '/body/area', message: importMessage(e, 'polygon', t) }]);
            }
          }}
        />
        <FieldMessages messages={errs.of('area')} />
      </div>
      {errs.general && <p className="form-error">{errs.general}</p>}
      {canEdit && (
        <div className="row">
          <button type="submit" className="primary" disabled={busy} data-testid="facility-save">
            {t('common.save')}
          </button>
          {!isNew && (
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('common.delete')}
            </button>
          )}
          {saved && <span className="saved-note" data-testid="saved">{t('ref.saved')}</span>}
        </div>
      )}
      <p className="muted">{t('ref.audited')}</p>
    </form>
  );
}
