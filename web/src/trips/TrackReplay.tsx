// The trip on a map: its route corridor, origin, destination and checkpoints, the driven track,
// its alerts, and a replay head moved by a time slider (or played back at a chosen speed). A
// passive-seal trip, which has no track, shows point to point: its reads, where it was last read
// and a dashed line to where it must be read next. The replay steps fix by fix, can keep the
// camera on the vehicle, marks the trip's events on the slider and charts speed and battery.
import type { GeoJSONSource, Map as MLMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Feature, FeatureCollection } from 'geojson';
import { useReference } from '../api/reference.tsx';
import { SEVERITY_RANK, type Alert, type Trip } from '../api/types.ts';
import { formatClock, formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { SEVERITY_COLORS } from '../map/colors.ts';
import { boundsOf, lineCoords } from '../map/geo.ts';
import { ensureLabelImage } from '../map/labelImages.ts';
import { addReferenceLayers, setReferenceData } from '../map/referenceLayers.ts';
import { useMapLibre } from '../map/useMapLibre.ts';
import { addPointToPointLayers, pointToPointData } from './pointToPointLayer.ts';
import type { PassiveTrip } from './passive.ts';
import { fixIndexAt, positionAt, stepTime, timedTrack, travelledUntil } from './replay.ts';
import { sliderFraction, type ReplayEvent, type ReplayFix } from './replayEvents.ts';
import { SpeedBatteryChart } from './SpeedBatteryChart.tsx';

const SPEEDS = [10, 60, 300, 1200];
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function addTrackLayers(map: MLMap) {
  map.addSource('track', { type: 'geojson', data: EMPTY });
  map.addSource('track-done', { type: 'geojson', data: EMPTY });
  map.addSource('trip-alerts', { type: 'geojson', data: EMPTY });
  map.addSource('replay-head', { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'track', type: 'line', source: 'track', paint: { 'line-color': '#9fb6cc', 'line-width': 2, 'line-opacity': 0.5 } });
  map.addLayer({ id: 'track-done', type: 'line', source: 'track-done', paint: { 'line-color': '#2ecc71', 'line-width': 4 } });
  map.addLayer({
    id: 'trip-alerts',
    type: 'circle',
    source: 'trip-alerts',
    paint: { 'circle-radius': 7, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#000', 'circle-stroke-width': 1 },
  });
  map.addLayer({
    id: 'replay-head',
    type: 'circle',
    source: 'replay-head',
    paint: { 'circle-radius': 9, 'circle-color': '#ffffff', 'circle-stroke-color': '#2ecc71', 'circle-stroke-width': 4 },
  });
}

function setSource(map: MLMap, id: string, data: FeatureCollection) {
  (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
}

const line = (coords: number[][]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: coords.length >= 2 ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } }] : [],
});

export interface ReplayProps {
  trip: Trip;
  track: ReplayFix[];
  alerts: Alert[];
  events?: ReplayEvent[];
  passive?: PassiveTrip;
  at: number | null;
  onAt: (t: number) => void;
}

export function TrackReplay({ trip, track, alerts, events = [], passive, at, onAt }: ReplayProps) {
  const { t, td, lang } = useI18n();
  const [follow, setFollow] = useState(false);
  const [snapshot, setSnapshot] = useState<string | null>(null);
  const followRef = useRef(follow);
  followRef.current = follow;
  const { facilities, routes } = useReference();
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(60);
  const tt = useMemo(() => timedTrack(track), [track]);
  const start = tt.times[0] ?? 0;
  const end = tt.times[tt.times.length - 1] ?? 0;
  const current = at ?? end;

  const route = routes.find((r) => r.code === trip.routeCode) ?? routes.find((r) => r.origin === trip.origin && r.destination === trip.destination);
  const placeCodes = new Set([trip.origin, trip.destination, route?.origin, route?.destination, ...(route?.checkpoints ?? [])].filter(Boolean));
  const places = facilities.filter((f) => placeCodes.has(f.code));

  const { ref, map } = useMapLibre((m) => {
    addReferenceLayers(m);
    addTrackLayers(m);
    addPointToPointLayers(m);
    (window as unknown as { __swTripMap?: unknown }).__swTripMap = m;
  });
  const p2p = useMemo(
    () =>
      pointToPointData(passive, facilities, (role, iso) =>
        role === 'last' ? t('p2p.mapLast', { at: iso ? formatClock(iso, { seconds: false }) : '' }) : iso ? t('p2p.mapNext', { at: formatClock(iso, { seconds: false }) }) : t('p2p.next'),
      ),
    [passive, facilities, t],
  );

  useEffect(() => {
    if (!map) return;
    for (const f of p2p.points.features) if (typeof f.properties?.label === 'string') ensureLabelImage(map, f.properties.label);
    setSource(map, 'p2p-line', p2p.line);
    setSource(map, 'p2p-points', p2p.points);
  }, [map, p2p]);

  useEffect(() => {
    if (!map) return;
    setReferenceData(map, places, route ? [route] : [], route?.code, lang);
    const bounds = boundsOf([...lineCoords(route?.path), ...tt.coords, ...p2p.coords]);
    if (bounds) map.fitBounds(bounds, { padding: 60, duration: 0, maxZoom: 14 });
    // Only when the trip's geography changes, not on every new fix.
  }, [map, route?.code, places.length, tt.coords.length === 0, p2p.coords.length, lang]);

  useEffect(() => {
    if (!map) return;
    setSource(map, 'track', line(tt.coords));
    const alertFeatures: Feature[] = alerts
      .filter((a) => a.lat !== null && a.lon !== null)
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
      .map((a) => ({ type: 'Feature', properties: { color: SEVERITY_COLORS[a.severity] }, geometry: { type: 'Point', coordinates: [a.lon!, a.lat!] } }));
    setSource(map, 'trip-alerts', { type: 'FeatureCollection', features: alertFeatures });
  }, [map, tt, alerts]);

  useEffect(() => {
    if (!map) return;
    setSource(map, 'track-done', line(travelledUntil(tt, current)));
    const head = positionAt(tt, current);
    setSource(map, 'replay-head', { type: 'FeatureCollection', features: head ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: head } }] : [] });
    // Following keeps the zoom the officer chose and only moves the centre.
    if (head && followRef.current) map.jumpTo({ center: [head[0], head[1]] });
  }, [map, tt, current, follow]);

  // A snapshot is for the print it was taken for; a later one takes its own.
  useEffect(() => {
    const clear = () => setSnapshot(null);
    window.addEventListener('afterprint', clear);
    return () => window.removeEventListener('afterprint', clear);
  }, []);

  const print = () => {
    // A WebGL canvas keeps no picture once drawn: grab one in the frame it is drawn, then print.
    if (!map) return window.print();
    map.once('render', () => {
      try {
        setSnapshot(map.getCanvas().toDataURL('image/png'));
      } catch {
        setSnapshot(null);
      }
      requestAnimationFrame(() => window.print());
    });
    map.triggerRepaint();
  };
  const eventLabel = (e: ReplayEvent) => {
    switch (e.kind) {
      case 'alert':
        return t('rp.ev.alert', { type: td('alertType', e.args.type), severity: td('severity', e.args.severity) });
      case 'seal':
        return t('rp.ev.seal', { seal: e.args.seal, state: td('sealState', e.args.state) });
      case 'read':
        return t('rp.ev.read', { seal: e.args.seal, event: td('sealEvent', e.args.event) });
      case 'gate':
        return t('rp.ev.gate', { direction: td('rp.dir', e.args.direction), facility: e.args.facility, lane: e.args.lane });
      default:
        return t('rp.ev.state', { state: td('tripState', e.args.state) });
    }
  };
  const fixNo = fixIndexAt(tt, current) + 1;
  const step = (dir: 1 | -1) => {
    const next = stepTime(tt, current, dir);
    setPlaying(false);
    if (next !== null) onAt(next);
  };

  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      const next = Math.min(end, current + speed * 100);
      onAt(next);
      if (next >= end) setPlaying(false);
    }, 100);
    return () => clearInterval(id);
  }, [playing, speed, current, end, onAt]);

  return (
    <div className="trip-map-wrap">
      <div className={`map-wrap${snapshot ? ' has-snapshot' : ''}`}>
        <div ref={ref} className="map" data-testid="trip-map" data-ready={map ? '1' : '0'} />
        {snapshot && <img className="print-snapshot" src={snapshot} alt={t('trip.replay')} />}
      </div>
      <div className="replay-bar" data-testid="replay-bar">
        <strong>{t('trip.replay')}</strong>
        {tt.times.length < 2 ? (
          <span className="muted">{t('trip.noTrack')}</span>
        ) : (
          <>
            <button
              type="button"
              data-testid="replay-play"
              onClick={() => {
                if (current >= end) onAt(start);
                setPlaying(!playing);
              }}
            >
              {playing ? t('trip.pause') : t('trip.play')}
            </button>
            <button type="button" className="small" data-testid="replay-step-back" onClick={() => step(-1)} disabled={fixNo <= 1} title={t('rp.stepBack')} aria-label={t('rp.stepBack')}>
              ‹
            </button>
            <button type="button" className="small" data-testid="replay-step-forward" onClick={() => step(1)} disabled={fixNo >= tt.times.length} title={t('rp.stepForward')} aria-label={t('rp.stepForward')}>
              ›
            </button>
            <div className="replay-track">
              <input
                type="range"
                min={start}
                max={end}
                step={1000}
                value={current}
                onChange={(e) => {
                  setPlaying(false);
                  onAt(Number(e.target.value));
                }}
                aria-label={t('trip.replay')}
                data-testid="replay-slider"
              />
              <div className="replay-markers" aria-label={t('rp.events')}>
                {events.map((e, i) => (
                  <button
                    key={i}
                    type="button"
                    className={`replay-marker mk-${e.kind}${e.severity ? ` sev-${e.severity}` : ''}`}
                    style={{ left: `${sliderFraction(e.at, start, end) * 100}%` }}
                    title={`${formatDateTime(e.at, lang)} ${eventLabel(e)}`}
                    aria-label={eventLabel(e)}
                    data-testid="replay-marker"
                    data-kind={e.kind}
                    data-at={new Date(e.at).toISOString()}
                    onClick={() => {
                      setPlaying(false);
                      onAt(Math.min(end, Math.max(start, e.at)));
                    }}
                  />
                ))}
              </div>
            </div>
            <select aria-label={t('trip.speed')} value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
            <span className="replay-time" data-testid="replay-time">
              {formatDateTime(current, lang)}
              <small className="muted" data-testid="replay-fix">
                {' '}
                {t('rp.fixOf', { i: Math.max(1, fixNo), n: tt.times.length })}
              </small>
            </span>
            <label className="replay-follow">
              <input type="checkbox" data-testid="replay-follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('rp.follow')}
            </label>
          </>
        )}
        <button type="button" className="small ghost" data-testid="trip-print" onClick={print}>
          {t('rp.print')}
        </button>
      </div>
      {tt.times.length >= 2 && <SpeedBatteryChart track={track} tt={tt} start={start} end={end} at={current} onAt={onAt} />}
    </div>
  );
}
