// Reading shapes from GeoJSON an officer imports (a file or pasted text), and turning editor
// vertices back into the bodies the API takes.
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';

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

/** The first polygon (or line) found in any GeoJSON object; throws with a readable reason. */
export function importShape(text: string, kind: 'polygon' | 'line'): Polygon | MultiPolygon | LineString {
  const obj = JSON.parse(text);
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
  if (!found) throw new Error(`no ${wanted.join(' or ')} in the file (found ${geoms.map((g) => g.type).join(', ') || 'nothing'})`);
  return { type: found.type, coordinates: found.coordinates };
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
