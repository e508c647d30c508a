// The map layers of a passive-seal trip: each read as a dot (coloured by what it did), the last
// read as a larger ring, the next point to read as an orange ring, and a dashed line between the
// two, each of those two with its label ("last read 08:51", "read by 09:30"). A read or place
// without coordinates is put at the centre of its facility's area.
import type { Map as MLMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Position } from 'geojson';
import type { Facility } from '../api/types.ts';
import { areaCentre } from '../map/geo.ts';
import type { PassiveTrip } from './passive.ts';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
export const READ_COLORS: Record<string, string> = { applied: '#8e6cd1', checked: '#3fa7ff', removed: '#2ecc71' };

export function addPointToPointLayers(map: MLMap): void {
  map.addSource('p2p-line', { type: 'geojson', data: EMPTY });
  map.addSource('p2p-points', { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'p2p-line', type: 'line', source: 'p2p-line', paint: { 'line-color': '#ff9500', 'line-width': 3, 'line-dasharray': [2, 2] } });
  map.addLayer({
    id: 'p2p-points',
    type: 'circle',
    source: 'p2p-points',
    paint: {
      'circle-radius': ['match', ['get', 'role'], 'next', 11, 'last', 10, 6],
      'circle-color': ['match', ['get', 'role'], 'next', 'rgba(255,149,0,0.15)', 'last', 'rgba(46,204,113,0.25)', ['get', 'color']],
      'circle-stroke-color': ['match', ['get', 'role'], 'next', '#ff9500', 'last', '#2ecc71', '#000'],
      'circle-stroke-width': ['match', ['get', 'role'], 'next', 3, 'last', 3, 1],
    },
  });
  map.addLayer({
    id: 'p2p-labels',
    type: 'symbol',
    source: 'p2p-points',
    filter: ['has', 'label'],
    layout: { 'icon-image': ['get', 'label'], 'icon-allow-overlap': true, 'icon-offset': [0, -22] },
  });
}

/** The label of the last-read and next points; none when it returns null. */
export type P2PLabeler = (role: 'last' | 'next', at: string | null) => string | null;

export interface PointToPointData {
  line: FeatureCollection;
  points: FeatureCollection;
  /** Every coordinate shown, to fit the map to. */
  coords: Position[];
}

export function pointToPointData(passive: PassiveTrip | undefined, facilities: Facility[], label: P2PLabeler = () => null): PointToPointData {
  const at = (lat: number | null, lon: number | null, facility: string | null): Position | null => {
    if (lat !== null && lon !== null) return [lon, lat];
    const f = facility ? facilities.find((x) => x.code === facility) : undefined;
    return f?.area ? areaCentre(f.area) : null;
  };
  const features: Feature[] = [];
  for (const r of passive?.reads ?? []) {
    const p = at(r.lat, r.lon, r.facility);
    if (p) features.push({ type: 'Feature', properties: { role: 'read', event: r.event, sealNo: r.sealNo, color: READ_COLORS[r.event] ?? '#999' }, geometry: { type: 'Point', coordinates: p } });
  }
  const p2p = passive?.p2p;
  const last = p2p?.lastSeen ? at(p2p.lastSeen.lat, p2p.lastSeen.lon, p2p.lastSeen.facility) : null;
  const next = p2p?.next ? at(p2p.next.lat, p2p.next.lon, p2p.next.facility) : null;
  const labelled = (props: Record<string, unknown>, text: string | null) => (text ? { ...props, label: `label:${text}` } : props);
  if (last) {
    const props = labelled({ role: 'last', facility: p2p?.lastSeen?.facility ?? null }, label('last', p2p?.lastSeen?.at ?? null));
    features.push({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: last } });
  }
  if (next) {
    const props = labelled({ role: 'next', facility: p2p?.next?.facility ?? null, dueBy: p2p?.next?.dueBy ?? null }, label('next', p2p?.next?.dueBy ?? null));
    features.push({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: next } });
  }
  const line: FeatureCollection =
    last && next ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [last, next] } }] } : EMPTY;
  return { line, points: { type: 'FeatureCollection', features }, coords: features.map((f) => (f.geometry as { coordinates: Position }).coordinates) };
}
