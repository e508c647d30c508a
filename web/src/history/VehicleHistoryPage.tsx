// A vehicle's history over a date range (#/vehicles/<plate>/history?from&to): the range in Taipei
// time, the track on the map with the alerts opened in it, the trips and alerts of the range, and
// the speed and battery chart; a click on the chart or a row puts the marker at that moment.
import type { GeoJSONSource, Map as MLMap } from 'maplibre-gl';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { FeatureCollection } from 'geojson';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { SEVERITY_COLORS, TRIP_STATE_COLORS } from '../map/colors.ts';
import { boundsOf } from '../map/geo.ts';
import { addReferenceLayers } from '../map/referenceLayers.ts';
import { useMapLibre } from '../map/useMapLibre.ts';
import { hrefFor, navigate } from '../router.ts';
import { positionAt, timedTrack } from '../trips/replay.ts';
import { SpeedBatteryChart } from '../trips/SpeedBatteryChart.tsx';
import { fromTaipeiInput, toTaipeiInput } from './taipeiTime.ts';
import { HISTORY_PAGE, useVehicleHistory } from './useVehicleHistory.ts';
import '../trips/history.css';

const DAY = 86_400_000;
const MAX_DAYS = 31;
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function addHistoryLayers(map: MLMap) {
  map.addSource('history-track', { type: 'geojson', data: EMPTY });
  map.addSource('history-alerts', { type: 'geojson', data: EMPTY });
  map.addSource('history-head', { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'history-track', type: 'line', source: 'history-track', paint: { 'line-color': '#2ecc71', 'line-width': 3 } });
  map.addLayer({ id: 'history-alerts', type: 'circle', source: 'history-alerts', paint: { 'circle-radius': 7, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#000', 'circle-stroke-width': 1 } });
  map.addLayer({ id: 'history-head', type: 'circle', source: 'history-head', paint: { 'circle-radius': 8, 'circle-color': '#ffffff', 'circle-stroke-color': '#2ecc71', 'circle-stroke-width': 4 } });
}

const setSource = (map: MLMap, id: string, data: FeatureCollection) => (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);

export function VehicleHistoryPage({ plate, from, to }: { plate: string; from?: string; to?: string }) {
  const { t, td, lang } = useI18n();
  // Without a range: the last 24 hours.
  const [now] = useState(() => Date.now());
  const toMs = Number.isFinite(fromTaipeiInput(to)) ? fromTaipeiInput(to) : now;
  const fromMs = Number.isFinite(fromTaipeiInput(from)) ? fromTaipeiInput(from) : toMs - DAY;
  const validRange = toMs > fromMs && toMs - fromMs <= MAX_DAYS * DAY;
  const [fromInput, setFromInput] = useState(toTaipeiInput(fromMs));
  const [toInput, setToInput] = useState(toTaipeiInput(toMs));
  const [formError, setFormError] = useState<string | null>(null);
  const data = useVehicleHistory(plate, validRange ? fromMs : 0, validRange ? toMs : 0);
  const tt = useMemo(() => timedTrack(data.fixes), [data.fixes]);
  const start = tt.times[0] ?? fromMs;
  const end = tt.times[tt.times.length - 1] ?? toMs;
  const [at, setAt] = useState<number | null>(null);
  const current = at ?? end;

  const { ref, map } = useMapLibre((m) => {
    addReferenceLayers(m);
    addHistoryLayers(m);
    (window as unknown as { __swHistoryMap?: unknown }).__swHistoryMap = m;
  });

  useEffect(() => {
    if (!map) return;
    setSource(map, 'history-track', tt.coords.length >= 2 ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: tt.coords } }] } : EMPTY);
    setSource(map, 'history-alerts', {
      type: 'FeatureCollection',
      features: data.alerts
        .filter((a) => a.lat !== null && a.lon !== null)
        .map((a) => ({ type: 'Feature', properties: { color: SEVERITY_COLORS[a.severity] }, geometry: { type: 'Point', coordinates: [a.lon!, a.lat!] } })),
    });
    const bounds = boundsOf(tt.coords);
    if (bounds) map.fitBounds(bounds, { padding: 60, duration: 0, maxZoom: 14 });
  }, [map, tt, data.alerts]);

  useEffect(() => {
    if (!map) return;
    const head = tt.coords.length ? positionAt(tt, current) : null;
    setSource(map, 'history-head', head ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: head } }] } : EMPTY);
  }, [map, tt, current]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = fromTaipeiInput(fromInput);
    const tTo = fromTaipeiInput(toInput);
    if (!(tTo > f) || tTo - f > MAX_DAYS * DAY) {
      setFormError(t('vh.badRange'));
      return;
    }
    setFormError(null);
    setAt(null);
    navigate({ name: 'vehicleHistory', plate, from: fromInput, to: toInput });
  };

  return (
    <div className="page page-trip page-history" data-testid="vehicle-history">
      <div className="trip-details">
        <div className="trip-head">
          <button type="button" className="ghost small no-print" onClick={() => history.back()}>
            ← {t('trip.back')}
          </button>
          <h2>{t('vh.title', { plate })}</h2>
        </div>
        <form className="history-range" onSubmit={submit} data-testid="history-range" noValidate>
          <label>
            {t('vh.from')}
            <input type="datetime-local" name="from" value={fromInput} onChange={(e) => setFromInput(e.target.value)} required />
          </label>
          <label>
            {t('vh.to')}
            <input type="datetime-local" name="to" value={toInput} onChange={(e) => setToInput(e.target.value)} required />
          </label>
          <button type="submit">{t('vh.show')}</button>
          {(formError || !validRange) && (
            <p className="form-error" role="alert" data-testid="history-range-error">
              {t('vh.badRange')}
            </p>
          )}
        </form>
        {data.loading ? (
          <p className="muted">{t('common.loading')}</p>
        ) : data.error ? (
          <p className="form-error">{data.error}</p>
        ) : (
          <>
            <p data-testid="history-count" data-count={data.fixes.length}>
              {data.fixes.length ? t('vh.fixes', { n: data.fixes.length }) : t('vh.none')}
            </p>
            {data.truncated && <p className="form-error">{t('vh.truncated', { n: HISTORY_PAGE })}</p>}
            <section className="section">
              <h3>{t('vh.trips')}</h3>
              {data.trips.length === 0 ? (
                <p className="muted">{t('common.none')}</p>
              ) : (
                <table className="grid" data-testid="history-trips">
                  <thead>
                    <tr>
                      <th>{t('vh.trip')}</th>
                      <th>{t('vh.state')}</th>
                      <th>{t('vh.departed')}</th>
                      <th>{t('vh.arrived')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.trips.map((trip) => (
                      <tr key={trip.id} data-trip={trip.id}>
                        <td>
                          <a href={hrefFor({ name: 'trip', tripId: trip.id })}>{trip.id}</a>
                        </td>
                        <td>
                          <span className="state-chip" style={{ background: TRIP_STATE_COLORS[trip.state] ?? '#999' }}>
                            {td('tripState', trip.state)}
                          </span>
                        </td>
                        <td>{formatDateTime(trip.departedAt, lang)}</td>
                        <td>{formatDateTime(trip.arrivedAt, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="section">
              <h3>{t('vh.alerts')}</h3>
              {data.alerts.length === 0 ? (
                <p className="muted">{t('common.none')}</p>
              ) : (
                <table className="grid" data-testid="history-alerts">
                  <thead>
                    <tr>
                      <th>{t('vh.openedAt')}</th>
                      <th>{t('vh.alertType')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.alerts.map((a) => (
                      <tr key={a.id} className={`clickable sev-${a.severity}`} data-alert-type={a.alertType} onClick={() => setAt(Date.parse(a.openedAt))}>
                        <td>{formatDateTime(a.openedAt, lang)}</td>
                        <td>
                          {td('alertType', a.alertType)} ({td('severity', a.severity)})
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </div>
      <div className="trip-map-wrap">
        <div className="map-wrap">
          <div ref={ref} className="map" data-testid="history-map" data-ready={map ? '1' : '0'} />
        </div>
        {tt.times.length >= 2 && <SpeedBatteryChart track={data.fixes} tt={tt} start={start} end={end} at={current} onAt={setAt} />}
      </div>
    </div>
  );
}
