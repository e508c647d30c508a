// Reading shapes from GeoJSON an officer imports (a file or pasted text), and turning editor
// vertices back into the bodies the API takes.
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { findSelfIntersection, TOO_COMPLEX } from '../../../src/registry/geometry.ts';
import type { zhTW } from '../i18n/zh-TW.ts';

type Translate = (key: keyof typeof zhTW, params?: Record<string, string | number>) => string;

export function ringOf(area: Polygon | MultiPolygon | undefined | null): Position[] {
  if (!area) return [];
  const ring = area.type === 'Polygon' ? area.coordinates[0] : area.coordinates[0]?.[0];
  if (!ring) return [];
  // The editor works on the open ring; the closing vertex is added back on save.
  const last = ring[ring.length - 1];
  return ring.length > 1 && last[0] === ring[0][0] && last[1] === ring[0][1] ? ring.slice(0, -1) : ring;
}

export function polygonOf(coords: Position[]): Polygon {
  return { type: 'Polygon', coordinates: [[...coords, coords[0]]] };
}

export function lineOf(coords: Position[]): LineString {
  return { type: 'LineString', coordinates: coords };
}

/** Why an import was refused: a key of the editor's strings and its values. Nothing was changed. */
export class ImportError extends Error {
  constructor(
    readonly key: 'ed.importJson' | 'ed.importNoShape' | 'ed.importPositions',
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

const isPosition = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((n) => typeof n === 'number' && Number.isFinite(n));

/**
 * The first polygon (or line) found in any GeoJSON object, with every position a pair of numbers
 * and enough of them to draw; anything else throws an ImportError before the form or the map is
 * touched, so a failed import leaves the shape being edited as it was.
 */
export function importShape(text: string, kind: 'polygon' | 'line'): Polygon | MultiPolygon | LineString {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new ImportError('ed.importJson');
  }
  const geoms: any[] = [];
  const walk = (g: any) => {
    if (!g || typeof g !== 'object') return;
    if (g.type === 'FeatureCollection') g.features?.forEach(walk);
    else if (g.type === 'Feature') walk(g.geometry);
    else if (g.type === 'GeometryCollection') g.geometries?.forEach(walk);
    else if (typeof g.type === 'string') geoms.push(g);
  };
  walk(obj);
  const wanted = kind === 'polygon' ? ['Polygon', 'MultiPolygon'] : ['LineString'];
  const found = geoms.find((g) => wanted.includes(g.type));
  if (!found) throw new ImportError('ed.importNoShape', { found: geoms.map((g) => String(g.type)).join(', ') });
  const min = kind === 'polygon' ? 4 : 2;
  const lists: unknown[] = found.type === 'LineString' ? [found.coordinates] : found.type === 'Polygon' ? [found.coordinates?.[0]] : [found.coordinates?.[0]?.[0]];
  if (!lists.every((l) => Array.isArray(l) && l.length >= min && l.every(isPosition))) throw new ImportError('ed.importPositions', { n: min });
  return { type: found.type, coordinates: found.coordinates };
}

/**
 * Where the outline of the open ring being edited first crosses itself, or null: the same check
 * the server runs, so the marker sits where the server would say and goes when the crossing does.
 */
export function crossingOf(ring: Position[]): { lon: number; lat: number; edge: number; otherEdge: number } | null {
  if (ring.length < 3) return null;
  const closed = [...ring, ring[0]].map((p) => [p[0], p[1]] as [number, number]);
  const hit = findSelfIntersection([closed]);
  if (!hit || hit === TOO_COMPLEX) return null;
  return { lon: hit.at[0], lat: hit.at[1], edge: hit.e.at, otherEdge: hit.f.at };
}

/** Where on the map a validation error belongs: a crossing at its point, another error at the vertex its path names. */
export function markOf(geometry: Polygon | MultiPolygon | LineString | null, e: { path: string; code?: string; params?: Record<string, string | number> }, field: string): Position | null {
  if (e.code === 'geo.self_intersection' && typeof e.params?.lon === 'number' && typeof e.params?.lat === 'number') return [e.params.lon, e.params.lat];
  return positionAtPath(geometry, e.path, field);
}

/** Where in the geometry a validation error points: "/body/area/coordinates/0/3" → that vertex. */
export function positionAtPath(geometry: Polygon | MultiPolygon | LineString | null, path: string, field: string): Position | null {
  if (!geometry) return null;
  const m = new RegExp(`/${field}/coordinates((?:/\\d+)+)`).exec(path);
  if (!m) return null;
  let node: any = geometry.coordinates;
  for (const i of m[1].split('/').filter(Boolean).map(Number)) {
    node = node?.[i];
    if (!Array.isArray(node)) return null;
    if (typeof node[0] === 'number') return node as Position;
  }
  return null;
}

/** Why an import was refused, in the reader's words. */
export function importMessage(e: unknown, kind: 'polygon' | 'line', t: Translate): string {
  if (!(e instanceof ImportError)) return t('ed.importJson');
  return t(e.key, { ...e.params, kind: t(`ed.kind.${kind}`), found: e.params.found || t('ed.nothing') });
}
