// Plane geometry on a local tangent plane: the simulator works within a few hundred kilometres
// at Taiwan's latitudes, where a per-latitude metres-per-degree scale (the cheap-ruler
// approximation of WGS84) errs by well under 0.1 % over a route.
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** [lon, lat] in degrees, GeoJSON order. */
export type LonLat = [number, number];

const RE = 6378.137; // WGS84 equatorial radius, km
const FE = 1 / 298.257223563;
const E2 = FE * (2 - FE);
const RAD = Math.PI / 180;

/** Metres per degree of longitude (kx) and latitude (ky) at a latitude. */
export function scaleAt(lat: number): { kx: number; ky: number } {
  const m = RAD * RE * 1000;
  const cos = Math.cos(lat * RAD);
  const w2 = 1 / (1 - E2 * (1 - cos * cos));
  const w = Math.sqrt(w2);
  return { kx: m * w * cos, ky: m * w * w2 * (1 - E2) };
}

export function distanceM(a: Position, b: Position): number {
  const { kx, ky } = scaleAt((a[1] + b[1]) / 2);
  const dx = (a[0] - b[0]) * kx;
  const dy = (a[1] - b[1]) * ky;
  return Math.sqrt(dx * dx + dy * dy);
}

/** The point `east` and `north` metres from `p`. */
export function offsetM(p: Position, east: number, north: number): LonLat {
  const { kx, ky } = scaleAt(p[1]);
  return [p[0] + east / kx, p[1] + north / ky];
}

/** East and north metres from `origin` to `p`. */
export function toLocal(origin: Position, p: Position): [number, number] {
  const { kx, ky } = scaleAt(origin[1]);
  return [(p[0] - origin[0]) * kx, (p[1] - origin[1]) * ky];
}

/** Compass bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: Position, b: Position): number {
  const [x, y] = toLocal(a, b);
  if (x === 0 && y === 0) return 0;
  const deg = Math.atan2(x, y) / RAD;
  return (deg + 360) % 360;
}

export function interpolate(a: Position, b: Position, t: number): LonLat {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** A point moved `distance` metres along compass `bearing`. */
export function destination(p: Position, bearing: number, distance: number): LonLat {
  const r = bearing * RAD;
  return offsetM(p, Math.sin(r) * distance, Math.cos(r) * distance);
}

export interface Projection {
  /** Distance from the point to the line, metres. */
  distance: number;
  /** Distance along the line of the nearest point, metres. */
  along: number;
  point: LonLat;
  /** +1 when the point lies left of the direction of travel, -1 right, 0 on the line. */
  side: number;
}

/** A LineString with cumulative lengths, for travelling along it and measuring against it. */
export class Polyline {
  readonly coords: LonLat[];
  /** cum[i]: metres from the start to vertex i. */
  readonly cum: number[];
  readonly length: number;

  constructor(coords: readonly Position[]) {
    if (coords.length < 2) throw new RangeError('a polyline needs at least two points');
    this.coords = coords.map((c) => [c[0], c[1]] as LonLat);
    this.cum = [0];
    for (let i = 1; i < this.coords.length; i++) {
      this.cum.push(this.cum[i - 1] + distanceM(this.coords[i - 1], this.coords[i]));
    }
    this.length = this.cum[this.cum.length - 1];
  }

  /** Index of the segment that holds distance d (segment i runs from vertex i to i + 1). */
  segmentAt(d: number): number {
    let lo = 0;
    let hi = this.cum.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cum[mid] <= d) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(d: number): LonLat {
    const dd = Math.max(0, Math.min(this.length, d));
    const i = this.segmentAt(dd);
    const seg = this.cum[i + 1] - this.cum[i];
    return interpolate(this.coords[i], this.coords[i + 1], seg > 0 ? (dd - this.cum[i]) / seg : 0);
  }

  headingAt(d: number): number {
    const i = this.segmentAt(Math.max(0, Math.min(this.length, d)));
    return bearingDeg(this.coords[i], this.coords[i + 1]);
  }

  /** The vertices between d0 and d1 (inclusive ends), in travel order. */
  slice(d0: number, d1: number): LonLat[] {
    const a = Math.max(0, Math.min(this.length, d0));
    const b = Math.max(0, Math.min(this.length, d1));
    const out: LonLat[] = [this.at(a)];
    for (let i = 1; i < this.coords.length - 1; i++) {
      if (this.cum[i] > a && this.cum[i] < b) out.push(this.coords[i]);
    }
    out.push(this.at(b));
    return out;
  }

  /** Bounding boxes of runs of CHUNK segments, so projection skips the far parts of long paths. */
  private chunks: { from: number; to: number; minX: number; minY: number; maxX: number; maxY: number }[] | null = null;

  private chunkBoxes() {
    if (this.chunks) return this.chunks;
    const CHUNK = 16;
    this.chunks = [];
    for (let i = 0; i < this.coords.length - 1; i += CHUNK) {
      const to = Math.min(this.coords.length - 1, i + CHUNK);
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let j = i; j <= to; j++) {
        const [x, y] = this.coords[j];
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      this.chunks.push({ from: i, to, minX, minY, maxX, maxY });
    }
    return this.chunks;
  }

  project(p: Position): Projection {
    let best: Projection = { distance: Infinity, along: 0, point: this.coords[0], side: 0 };
    const { kx, ky } = scaleAt(p[1]);
    // Lower bounds from the boxes, nearest first; 0.99 keeps the bound below the true distance.
    const order = this.chunkBoxes()
      .map((c) => {
        const dx = Math.max(c.minX - p[0], 0, p[0] - c.maxX) * kx;
        const dy = Math.max(c.minY - p[1], 0, p[1] - c.maxY) * ky;
        return { c, bound: Math.sqrt(dx * dx + dy * dy) * 0.99 };
      })
      .sort((a, b) => a.bound - b.bound);
    for (const { c, bound } of order) {
      if (bound >= best.distance) break;
      for (let i = c.from; i < c.to; i++) {
        const a = this.coords[i];
        const [bx, by] = toLocal(a, this.coords[i + 1]);
        const [px, py] = toLocal(a, p);
        const len2 = bx * bx + by * by;
        const t = len2 > 0 ? Math.max(0, Math.min(1, (px * bx + py * by) / len2)) : 0;
        const dx = px - t * bx;
        const dy = py - t * by;
        const dist = Math.sqrt(dx * dx + dy * dy);
        if (dist < best.distance) {
          const cross = bx * py - by * px;
          best = {
            distance: dist,
            along: this.cum[i] + t * (this.cum[i + 1] - this.cum[i]),
            point: interpolate(a, this.coords[i + 1], t),
            side: Math.sign(cross),
          };
        }
      }
    }
    return best;
  }

  /** Shortest distance from p to the line, metres. */
  distanceTo(p: Position): number {
    return this.project(p).distance;
  }
}

function ringContains(ring: Position[], p: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygonsOf(area: Polygon | MultiPolygon): Position[][][] {
  return area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
}

export function insideArea(p: Position, area: Polygon | MultiPolygon): boolean {
  return polygonsOf(area).some((rings) => ringContains(rings[0], p) && !rings.slice(1).some((hole) => ringContains(hole, p)));
}

function distanceToSegment(p: Position, a: Position, b: Position): number {
  const [bx, by] = toLocal(a, b);
  const [px, py] = toLocal(a, p);
  const len2 = bx * bx + by * by;
  const t = len2 > 0 ? Math.max(0, Math.min(1, (px * bx + py * by) / len2)) : 0;
  return Math.hypot(px - t * bx, py - t * by);
}

/** Distance to the nearest edge of the area: how far a fix may wander before it changes side. */
export function distanceToBoundaryM(p: Position, area: Polygon | MultiPolygon): number {
  let best = Infinity;
  for (const rings of polygonsOf(area)) {
    for (const ring of rings) {
      for (let i = 0; i < ring.length - 1; i++) best = Math.min(best, distanceToSegment(p, ring[i], ring[i + 1]));
    }
  }
  return best;
}

/** Positive inside the area, negative outside: metres from the boundary. */
export function signedDepthM(p: Position, area: Polygon | MultiPolygon): number {
  const d = distanceToBoundaryM(p, area);
  return insideArea(p, area) ? d : -d;
}

/** The vertex average of the outer ring(s): a cheap interior candidate for convex areas. */
export function areaCentroid(area: Polygon | MultiPolygon): LonLat {
  let x = 0;
  let y = 0;
  let n = 0;
  for (const rings of polygonsOf(area)) {
    const outer = rings[0];
    // A closed ring repeats its first vertex; count it once.
    for (let i = 0; i < outer.length - 1; i++) {
      x += outer[i][0];
      y += outer[i][1];
      n++;
    }
  }
  return [x / n, y / n];
}

/**
 * The interior point farthest from the boundary, searched on a grid over the bounding box: where a
 * truck parks so that GPS jitter cannot carry its fixes across the fence.
 */
export function deepestPoint(area: Polygon | MultiPolygon, steps = 24): { point: LonLat; depth: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const rings of polygonsOf(area)) {
    for (const [x, y] of rings[0]) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  let best: { point: LonLat; depth: number } = { point: areaCentroid(area), depth: signedDepthM(areaCentroid(area), area) };
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const p: LonLat = [minX + ((maxX - minX) * i) / steps, minY + ((maxY - minY) * j) / steps];
      const depth = signedDepthM(p, area);
      if (depth > best.depth) best = { point: p, depth };
    }
  }
  return best;
}

/** An axis-aligned rectangle of width × height metres centred on `center`, as a GeoJSON Polygon. */
export function rectangle(center: Position, widthM: number, heightM: number): Polygon {
  const sw = offsetM(center, -widthM / 2, -heightM / 2);
  const ne = offsetM(center, widthM / 2, heightM / 2);
  const ring: Position[] = [
    [sw[0], sw[1]],
    [ne[0], sw[1]],
    [ne[0], ne[1]],
    [sw[0], ne[1]],
    [sw[0], sw[1]],
  ];
  return { type: 'Polygon', coordinates: [ring.map((c) => [round7(c[0]), round7(c[1])])] };
}

/** 7 decimals ≈ 1 cm: enough for positions, short enough for readable files. */
export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
