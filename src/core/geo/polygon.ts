// Facility areas prepared for fast containment: each polygon's rings as flat coordinate arrays with a bbox.
import type { MultiPolygon, Polygon, Position } from 'geojson';

export interface PreparedPolygon {
  /** Outer ring first, then holes; each ring flat [x0, y0, x1, y1, ...] (lon, lat), closed or not. */
  rings: Float64Array[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function flatRing(ring: Position[]): Float64Array {
  const out = new Float64Array(ring.length * 2);
  for (let i = 0; i < ring.length; i++) {
    out[2 * i] = ring[i][0];
    out[2 * i + 1] = ring[i][1];
  }
  return out;
}

/** One prepared polygon per part of a MultiPolygon, so the spatial index holds tight boxes. */
export function preparePolygons(area: Polygon | MultiPolygon): PreparedPolygon[] {
  const parts: Position[][][] = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const out: PreparedPolygon[] = [];
  for (const part of parts) {
    if (!part.length || part[0].length < 3) continue;
    const rings = part.filter((r) => r.length >= 3).map(flatRing);
    const outer = rings[0];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < outer.length; i += 2) {
      if (outer[i] < minX) minX = outer[i];
      if (outer[i] > maxX) maxX = outer[i];
      if (outer[i + 1] < minY) minY = outer[i + 1];
      if (outer[i + 1] > maxY) maxY = outer[i + 1];
    }
    out.push({ rings, minX, minY, maxX, maxY });
  }
  return out;
}

/** Whether a point lies on the segment (within floating-point tolerance). */
function onSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): boolean {
  const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  if (Math.abs(cross) > 1e-12) return false;
  return x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by);
}

/**
 * Even-odd crossing test over all rings, so a hole toggles the result back to outside.
 * A point on an edge counts as inside: a vehicle on a geofence line is at the facility.
 */
export function pointInPolygon(p: PreparedPolygon, x: number, y: number): boolean {
  if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) return false;
  let inside = false;
  const rings = p.rings;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    const n = ring.length;
    let jx = ring[n - 2];
    let jy = ring[n - 1];
    for (let i = 0; i < n; i += 2) {
      const ix = ring[i];
      const iy = ring[i + 1];
      if ((iy > y) !== (jy > y)) {
        const xCross = ((jx - ix) * (y - iy)) / (jy - iy) + ix;
        if (x < xCross) inside = !inside;
        else if (x === xCross) return true;
      } else if (iy === y && jy === y && onSegment(x, y, ix, iy, jx, jy)) {
        return true;
      }
      jx = ix;
      jy = iy;
    }
  }
  return inside;
}

export function pointInAny(parts: readonly PreparedPolygon[], x: number, y: number): boolean {
  for (let i = 0; i < parts.length; i++) if (pointInPolygon(parts[i], x, y)) return true;
  return false;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(cx, cy, ax, ay, bx, by)) return true;
  if (o2 === 0 && onSegment(dx, dy, ax, ay, bx, by)) return true;
  if (o3 === 0 && onSegment(ax, ay, cx, cy, dx, dy)) return true;
  if (o4 === 0 && onSegment(bx, by, cx, cy, dx, dy)) return true;
  return false;
}

/** Whether the straight segment A→B enters the polygon anywhere (an endpoint inside, or crossing an edge). */
export function segmentTouchesPolygon(p: PreparedPolygon, ax: number, ay: number, bx: number, by: number): boolean {
  if (Math.max(ax, bx) < p.minX || Math.min(ax, bx) > p.maxX || Math.max(ay, by) < p.minY || Math.min(ay, by) > p.maxY) {
    return false;
  }
  if (pointInPolygon(p, ax, ay) || pointInPolygon(p, bx, by)) return true;
  for (const ring of p.rings) {
    const n = ring.length;
    let jx = ring[n - 2];
    let jy = ring[n - 1];
    for (let i = 0; i < n; i += 2) {
      if (segmentsIntersect(ax, ay, bx, by, jx, jy, ring[i], ring[i + 1])) return true;
      jx = ring[i];
      jy = ring[i + 1];
    }
  }
  return false;
}

export function segmentTouchesAny(parts: readonly PreparedPolygon[], ax: number, ay: number, bx: number, by: number): boolean {
  for (let i = 0; i < parts.length; i++) if (segmentTouchesPolygon(parts[i], ax, ay, bx, by)) return true;
  return false;
}

/** Centre of the bbox of all parts: a stable reference point for placing a facility along a route. */
export function partsCenter(parts: readonly PreparedPolygon[]): [number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of parts) {
    minX = Math.min(minX, p.minX);
    minY = Math.min(minY, p.minY);
    maxX = Math.max(maxX, p.maxX);
    maxY = Math.max(maxY, p.maxY);
  }
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}
