// Small geometry helpers for the console (names of places, bounds); the engine has its own.
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { Facility } from '../api/types.ts';

export function haversineM(a: Position, b: Position): number {
  const R = 6371008.8;
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLon = (b[0] - a[0]) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function inArea(p: Position, area: Polygon | MultiPolygon): boolean {
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polys.some((poly) => inRing(p, poly[0]) && !poly.slice(1).some((hole) => inRing(p, hole)));
}

export function areaCentre(area: Polygon | MultiPolygon): Position {
  const ring = area.type === 'Polygon' ? area.coordinates[0] : area.coordinates[0][0];
  const n = Math.max(1, ring.length - 1);
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += ring[i][0];
    y += ring[i][1];
  }
  return [x / n, y / n];
}

/** The facility a point is in, or the nearest within `maxM`, with the distance (0 when inside). */
export function nearestFacility(p: Position, facilities: Facility[], maxM = 10_000): { facility: Facility; distanceM: number } | null {
  let best: { facility: Facility; distanceM: number } | null = null;
  for (const f of facilities) {
    if (!f.area) continue;
    if (inArea(p, f.area)) return { facility: f, distanceM: 0 };
    const d = haversineM(p, areaCentre(f.area));
    if (d <= maxM && (!best || d < best.distanceM)) best = { facility: f, distanceM: d };
  }
  return best;
}

export type Bounds = [[number, number], [number, number]];

export function boundsOf(coords: Position[]): Bounds | null {
  if (coords.length === 0) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [x, y] of coords) {
    w = Math.min(w, x);
    s = Math.min(s, y);
    e = Math.max(e, x);
    n = Math.max(n, y);
  }
  return [
    [w, s],
    [e, n],
  ];
}

export function lineCoords(line: LineString | undefined | null): Position[] {
  return line?.type === 'LineString' ? line.coordinates : [];
}
