// Facilities and routes: listed on the left, drawn and edited on the map on the right; and the
// alert thresholds, globally and per route. Only a customs admin may change them (the API says so
// too); everyone else sees them read-only.
import type { Position } from 'geojson';
import { useCallback, useEffect, useRef, useState } from 'react';
import { has } from '../api/capabilities.ts';
import { api } from '../api/client.ts';
import { useReference } from '../api/reference.tsx';
import type { AlertParams, Facility } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { boundsOf } from '../map/geo.ts';
import { addReferenceLayers, setReferenceData } from '../map/referenceLayers.ts';
import { useMapLibre } from '../map/useMapLibre.ts';
import { hrefFor } from '../router.ts';
import { useSession } from '../session/session.tsx';
import { FacilityForm } from './FacilityForm.tsx';
import { GeometryEditor } from './GeometryEditor.ts';
import { GlobalParamsForm } from './GlobalParamsForm.tsx';
import { RouteForm } from './RouteForm.tsx';

/** What a form gets to drive the shared map: the editor, a change callback, and a way to zoom. */
export interface EditorBinding {
  editor: GeometryEditor | null;
  onShapeChange(fn: (coords: Position[]) => void): void;
  focus(coords: Position[]): void;
  /** While set, a click on the map names the facility whose area it falls in (null: none there). */
  onPick(fn: ((facility: Facility | null) => void) | null): void;
}

/** Whether a point is inside a ring (even-odd), for finding the facility a click falls in. */
function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function facilityAt(facilities: Facility[], p: Position): Facility | null {
  return facilities.find((f) => (f.area.type === 'Polygon' ? [f.area.coordinates] : f.area.coordinates).some((poly) => poly[0] && inRing(p, poly[0]))) ?? null;
}

const PARAMS_PATH = '/settings/alert-params';

function useGlobalParams(): { path: string | null; params: Partial<AlertParams>; setParams: (p: Partial<AlertParams>) => void } {
  const path = has(PARAMS_PATH) ? PARAMS_PATH : null;
  const [params, setParams] = useState<Partial<AlertParams>>({});
  useEffect(() => {
    if (!path) return;
    api
      .get<Partial<AlertParams> | { params?: Partial<AlertParams> }>(path)
      .then((r) => setParams((r as { params?: Partial<AlertParams> }).params ?? (r as Partial<AlertParams>)))
      .catch(() => undefined);
  }, [path]);
  return { path, params, setParams };
}

export function ReferencePage({ tab, code }: { tab: 'facilities' | 'routes' | 'params'; code?: string }) {
  const { t, td, lang } = useI18n();
  const { user } = useSession();
  const canEdit = !!user?.roles.includes('customs_admin');
  const { facilities, routes } = useReference();
  const globals = useGlobalParams();
  const [editor, setEditor] = useState<GeometryEditor | null>(null);
  const shapeHandler = useRef<(coords: Position[]) => void>(() => undefined);
  const pickHandler = useRef<((facility: Facility | null) => void) | null>(null);
  const facilitiesRef = useRef(facilities);
  facilitiesRef.current = facilities;
  const { ref, map } = useMapLibre((m) => {
    addReferenceLayers(m);
    const ed = new GeometryEditor(m, 'polygon', (c) => shapeHandler.current(c));
    setEditor(ed);
    m.on('click', (e) => pickHandler.current?.(facilityAt(facilitiesRef.current, [e.lngLat.lng, e.lngLat.lat])));
    (window as unknown as { __swMap?: unknown }).__swMap = m;
    return () => ed.destroy();
  });
  useEffect(() => {
    if (map) setReferenceData(map, facilities, routes, tab === 'routes' ? code : undefined, lang);
  }, [map, facilities, routes, tab, code, lang]);

  const binding: EditorBinding = {
    editor,
    onShapeChange: useCallback((fn) => (shapeHandler.current = fn), []),
    onPick: useCallback((fn) => {
      pickHandler.current = fn;
      if (map) map.getCanvas().style.cursor = fn ? 'pointer' : '';
    }, [map]),
    focus: useCallback(
      (coords: Position[]) => {
        const b = boundsOf(coords);
        if (map && b) map.fitBounds(b, { padding: 80, maxZoom: 16, duration: 0 });
      },
      [map],
    ),
  };

  const isNew = code === 'new';
  const facility = tab === 'facilities' && code && !isNew ? (facilities.find((f) => f.code === code) ?? null) : null;
  const route = tab === 'routes' && code && !isNew ? (routes.find((r) => r.code === code) ?? null) : null;

  return (
    <div className="page page-ref" data-testid="reference-page">
      <div className="ref-side">
        <nav className="subtabs">
          <a href={hrefFor({ name: 'reference', tab: 'facilities' })} className={tab === 'facilities' ? 'active' : ''}>
            {t('ref.facilities')} ({facilities.length})
          </a>
          <a href={hrefFor({ name: 'reference', tab: 'routes' })} className={tab === 'routes' ? 'active' : ''}>
            {t('ref.routes')} ({routes.length})
          </a>
          <a href={hrefFor({ name: 'reference', tab: 'params' })} className={tab === 'params' ? 'active' : ''}>
            {t('ref.params')}
          </a>
        </nav>
        {tab === 'facilities' && (facility || isNew) && <FacilityForm key={code} facility={facility} binding={binding} canEdit={canEdit} />}
        {tab === 'routes' && (route || isNew) && <RouteForm key={code} route={route} binding={binding} canEdit={canEdit} globalParams={globals.params} />}
        {tab === 'params' && <GlobalParamsForm path={globals.path} current={globals.params} onSaved={globals.setParams} canEdit={canEdit} />}
        {tab !== 'params' && (
          <>
            {canEdit && (
              <p>
                <a href={hrefFor({ name: 'reference', tab, code: 'new' })} data-testid="new-reference">
                  + {tab === 'facilities' ? t('ref.newFacility') : t('ref.newRoute')}
                </a>
              </p>
            )}
            <table className="grid" data-testid={`${tab}-list`}>
              <thead>
                <tr>
                  <th>{t('ref.code')}</th>
                  <th>{tab === 'facilities' ? t('ref.name') : `${t('trip.origin')} → ${t('trip.destination')}`}</th>
                  <th>{tab === 'facilities' ? t('ref.kind') : t('ref.maxDuration')}</th>
                </tr>
              </thead>
              <tbody>
                {tab === 'facilities'
                  ? facilities.map((f) => (
                      <tr key={f.code} className={`clickable${f.code === code ? ' selected' : ''}`} onClick={() => (location.hash = hrefFor({ name: 'reference', tab, code: f.code }))} data-code={f.code}>
                        <td className="plate">{f.code}</td>
                        <td>{f.name}</td>
                        <td>{td('facilityKind', f.kind)}</td>
                      </tr>
                    ))
                  : routes.map((r) => (
                      <tr key={r.code} className={`clickable${r.code === code ? ' selected' : ''}`} onClick={() => (location.hash = hrefFor({ name: 'reference', tab, code: r.code }))} data-code={r.code}>
                        <td className="plate">{r.code}</td>
                        <td>
                          {r.origin} → {r.destination}
                        </td>
                        <td>{r.maxDurationMin}</td>
                      </tr>
                    ))}
              </tbody>
            </table>
          </>
        )}
      </div>
      <div className="map-wrap">
        <div ref={ref} className="map" data-testid="reference-map" data-ready={map ? '1' : '0'} />
      </div>
    </div>
  );
}
