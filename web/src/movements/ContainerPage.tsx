// A container's whole history: where it is now, every movement from discharge to loading on a
// timeline, the places on a map (joined in the order it went through them, with the trip's driven
// track), its clearances and the alerts about it.
import type { GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Position } from '../api/types.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { SEVERITY_COLORS } from '../map/colors.ts';
import { useMapLibre } from '../map/useMapLibre.ts';
import { hrefFor } from '../router.ts';
import { trackFrom } from '../trips/useTrip.ts';
import type { ContainerHistory } from './types.ts';
import './movements.css';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function MovementMap({ h, track }: { h: ContainerHistory; track: Position[] }) {
  const { ref, map } = useMapLibre((m) => {
    m.addSource('mv-path', { type: 'geojson', data: EMPTY });
    m.addSource('mv-track', { type: 'geojson', data: EMPTY });
    m.addSource('mv-places', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'mv-path', type: 'line', source: 'mv-path', paint: { 'line-color': '#f5a623', 'line-width': 2, 'line-dasharray': [2, 2] } });
    m.addLayer({ id: 'mv-track', type: 'line', source: 'mv-track', paint: { 'line-color': '#2ecc71', 'line-width': 4 } });
    m.addLayer({ id: 'mv-places', type: 'circle', source: 'mv-places', paint: { 'circle-radius': 8, 'circle-color': '#4aa3ff', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    m.addLayer({ id: 'mv-labels', type: 'symbol', source: 'mv-places', layout: { 'text-field': ['get', 'code'], 'text-offset': [0, 1.4], 'text-size': 12 }, paint: { 'text-color': '#fff' } });
  });
  useEffect(() => {
    if (!map) return;
    const byCode = new Map(h.places.map((p) => [p.code, p]));
    const visited: number[][] = [];
    for (const e of h.timeline) {
      const p = e.facility ? byCode.get(e.facility) : undefined;
      if (!p) continue;
      const last = visited[visited.length - 1];
      if (!last || last[0] !== p.lon || last[1] !== p.lat) visited.push([p.lon, p.lat]);
    }
    const src = (id: string) => map.getSource(id) as GeoJSONSource | undefined;
    src('mv-path')?.setData({ type: 'FeatureCollection', features: visited.length > 1 ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: visited } }] : [] });
    const coords = track.map((p) => [p.lon, p.lat]);
    src('mv-track')?.setData({ type: 'FeatureCollection', features: coords.length > 1 ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } }] : [] });
    src('mv-places')?.setData({
      type: 'FeatureCollection',
      features: h.places.map((p) => ({ type: 'Feature', properties: { code: p.code }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })),
    });
    const all = [...h.places.map((p) => [p.lon, p.lat]), ...coords];
    if (all.length) {
      const lons = all.map((c) => c[0]);
      const lats = all.map((c) => c[1]);
      map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 60, duration: 0, maxZoom: 13 });
    }
  }, [map, h, track]);
  return <div ref={ref} className="map mv-map" data-testid="container-map" data-ready={map ? '1' : '0'} data-places={h.places.length} />;
}

export function ContainerPage({ containerNo }: { containerNo: string }) {
  const { t, td, lang } = useI18n();
  const [h, setH] = useState<ContainerHistory | null>(null);
  const [track, setTrack] = useState<Position[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.get<ContainerHistory>(`/containers/${encodeURIComponent(containerNo)}/history`).then(
      (r) => {
        if (!live) return;
        setH(r);
        if (r.trip) {
          api.get<unknown>(`/trips/${encodeURIComponent(r.trip.tripId)}/track`).then(
            (tr) => live && setTrack(trackFrom(tr)),
            () => undefined,
          );
        }
      },
      (e) => live && setError(e instanceof ApiError && e.status === 404 ? t('mv.notFound') : t('common.error')),
    );
    return () => {
      live = false;
    };
  }, [containerNo]);

  if (error) return <div className="page"><p className="error" data-testid="container-error">{error}</p></div>;
  if (!h) return <div className="page"><p className="muted">{t('common.loading')}</p></div>;
  return (
    <div className="page page-container" data-testid="container-page" data-container={h.containerNo}>
      <h2>{t('mv.containerTitle', { no: h.containerNo })}</h2>
      <div className="card kpi-row">
        <div className="kpi" data-testid="container-status" data-status={h.status}>
          <span className="value">{td('mvStatus', h.status)}</span>
          <span className="label">{t('mv.status')}</span>
        </div>
        <div className="kpi">
          <span className="value">{h.lastEventAt ? formatDateTime(h.lastEventAt, lang) : '—'}</span>
          <span className="label">{t('mv.lastEvent')}</span>
        </div>
        {h.trip && (
          <div className="kpi">
            <a className="value" href={hrefFor({ name: 'trip', tripId: h.trip.tripId })}>{h.trip.plate} · {td('tripState', h.trip.state)}</a>
            <span className="label">{t('mv.trip')}</span>
          </div>
        )}
      </div>
      <div className="mv-columns">
        <section className="card">
          <h3>{t('mv.timeline')}</h3>
          {h.timeline.length === 0 && <p className="muted">{t('mv.noEvents')}</p>}
          <ol className="mv-timeline" data-testid="container-timeline">
            {h.timeline.map((e, i) => (
              <li key={i} className={`mv-event phase-${e.phase}`} data-kind={e.kind} data-testid="timeline-entry">
                <time>{formatDateTime(e.at, lang)}</time>
                <strong>{td('mvKind', e.kind)}</strong>
                {e.facility && <span className="mv-place">{e.facility}</span>}
                {e.detail.lane && <span className="muted"> · {t('mv.lane')} {e.detail.lane}</span>}
                {e.detail.plate && <span className="muted"> · {e.detail.plate}</span>}
                {e.detail.decision && <span className={`badge mv-${e.detail.decision}`}>{t(e.detail.decision === 'hold' ? 'mv.decision.hold' : 'mv.decision.pass')}</span>}
                {e.detail.declarationNo && <span className="muted"> · {t('mv.declaration')} {e.detail.declarationNo}</span>}
                {e.detail.position && <span className="muted"> · {e.detail.position}</span>}
              </li>
            ))}
          </ol>
        </section>
        <section className="card">
          <h3>{t('mv.map')}</h3>
          <MovementMap h={h} track={track} />
        </section>
      </div>
      <section className="card">
        <h3>{t('mv.clearances')}</h3>
        <table className="table" data-testid="container-clearances">
          <tbody>
            {h.clearances.map((c) => (
              <tr key={c.declarationNo}>
                <td>{c.declarationNo}</td>
                <td>{td('mvKind', `clearance_${c.status}`)}</td>
                <td>{c.releaseCode ? `${t('mv.releaseCode')} ${c.releaseCode}` : ''}</td>
                <td>{formatDateTime(c.statusAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h3>{t('mv.alerts')}</h3>
        <ul className="mv-alerts" data-testid="container-alerts">
          {h.alerts.map((a) => (
            <li key={a.alertId} data-alert-type={a.alertType}>
              <span className="sev-dot" style={{ background: SEVERITY_COLORS[a.severity] }} /> {td('alertType', a.alertType)} · {formatDateTime(a.openedAt, lang)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
