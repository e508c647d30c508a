// Validation of the GeoJSON the registry accepts: facility areas (Polygon, MultiPolygon) and route
// paths (LineString). The engine trusts these shapes on its hot path, so anything it could trip on
// (open rings, crossing edges, swapped lon/lat far from Taiwan) is refused here, each error naming
// the exact position in the body.
import Flatbush from 'flatbush';
import type { ErrorParams } from '../core/errors.ts';

export interface FieldErrorSink {
  add(path: string, message: string, code: string, params?: ErrorParams): void;
}

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Taiwan, its outlying islands (Kinmen, Matsu, Penghu, Lanyu) and the sea lanes between them. */
export const TAIWAN_BBOX: Readonly<BBox> = Object.freeze({ minLon: 116, minLat: 20, maxLon: 124, maxLat: 27 });

export interface GeometryOptions {
  bbox?: BBox;
}

/**
 * Bounds on a facility area, checked before any geometry so one request cannot hold the event
 * loop: a real geofence has one shell, a few holes and at most some thousand positions.
 */
export const AREA_LIMITS = Object.freeze({
  polygons: 100,
  ringsPerPolygon: 100,
  positionsPerRing: 25_000,
  positionsPerArea: 50_000,
  /**
   * Pairs of edges whose boxes overlap that the crossing check examines. Ordinary shapes need about
   * as many as they have edges; only a pathological one (thousands of long edges over each other)
   * comes near, and it is refused as too complex rather than checked in quadratic time.
   */
  edgePairs: 2_000_000,
});

type Pos = [number, number];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one position: [lon, lat] (an optional altitude is allowed by RFC 7946), numbers in range
 * and inside the bbox. Returns the position or null after reporting why not.
 */
function checkPosition(v: unknown, path: string, bbox: BBox, errs: FieldErrorSink): Pos | null {
  if (!Array.isArray(v) || v.length < 2 || v.length > 3 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    errs.add(path, 'position must be [lon, lat] with numbers', 'geo.position');
    return null;
  }
  const [lon, lat] = v as number[];
  const inBox = (x: number, y: number) => x >= bbox.minLon && x <= bbox.maxLon && y >= bbox.minLat && y <= bbox.maxLat;
  // Latitude first is the commonest mistake (maps and GPS show it so); say so when swapping would fit.
  const hint = inBox(lat, lon) ? '; GeoJSON positions are [lon, lat], these look swapped' : '';
  if (lon < -180 || lon > 180) {
    errs.add(path, `longitude ${lon} is out of range -180..180${hint}`, 'geo.longitude_range', { lon, swapped: hint ? 1 : 0 });
    return null;
  }
  if (lat < -90 || lat > 90) {
    errs.add(path, `latitude ${lat} is out of range -90..90${hint}`, 'geo.latitude_range', { lat, swapped: hint ? 1 : 0 });
    return null;
  }
  if (!inBox(lon, lat)) {
    errs.add(
      path,
      `position [${lon}, ${lat}] is outside the served area (lon ${bbox.minLon}..${bbox.maxLon}, lat ${bbox.minLat}..${bbox.maxLat})${hint}`,
      'geo.outside_area',
      { lon, lat, minLon: bbox.minLon, maxLon: bbox.maxLon, minLat: bbox.minLat, maxLat: bbox.maxLat, swapped: hint ? 1 : 0 },
    );
    return null;
  }
  return [lon, lat];
}

/** All positions of a list, or null when any is bad (each bad one reported). */
function checkPositions(v: unknown[], path: string, bbox: BBox, errs: FieldErrorSink): Pos[] | null {
  let ok = true;
  const out: Pos[] = [];
  v.forEach((p, i) => {
    const pos = checkPosition(p, `${path}/${i}`, bbox, errs);
    if (pos) out.push(pos);
    else ok = false;
  });
  return ok ? out : null;
}

const samePos = (a: Pos, b: Pos) => a[0] === b[0] && a[1] === b[1];

/** A ring's edges, skipping repeated consecutive positions; `at` is the index of the edge's start. */
export interface Edge {
  ring: number;
  at: number;
  a: Pos;
  b: Pos;
  /** Position in the ring's own edge sequence, for adjacency. */
  seq: number;
  ringEdges: number;
}

function ringEdges(ring: Pos[], ringIndex: number): Edge[] {
  const edges: Omit<Edge, 'ringEdges'>[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    if (samePos(ring[i], ring[i + 1])) continue;
    edges.push({ ring: ringIndex, at: i, a: ring[i], b: ring[i + 1], seq: edges.length });
  }
  return edges.map((e) => ({ ...e, ringEdges: edges.length }));
}

const orient = (p: Pos, q: Pos, r: Pos) => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);

function within(p: Pos, a: Pos, b: Pos): boolean {
  return (
    p[0] >= Math.min(a[0], b[0]) && p[0] <= Math.max(a[0], b[0]) && p[1] >= Math.min(a[1], b[1]) && p[1] <= Math.max(a[1], b[1])
  );
}

/** Where two segments meet (crossing or touching), or null. */
function segmentsMeet(e: Edge, f: Edge): Pos | null {
  const o1 = orient(e.a, e.b, f.a);
  const o2 = orient(e.a, e.b, f.b);
  const o3 = orient(f.a, f.b, e.a);
  const o4 = orient(f.a, f.b, e.b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
    const t = o3 / (o3 - o4);
    return [e.a[0] + t * (e.b[0] - e.a[0]), e.a[1] + t * (e.b[1] - e.a[1])];
  }
  if (o1 === 0 && within(f.a, e.a, e.b)) return f.a;
  if (o2 === 0 && within(f.b, e.a, e.b)) return f.b;
  if (o3 === 0 && within(e.a, f.a, f.b)) return e.a;
  if (o4 === 0 && within(e.b, f.a, f.b)) return e.b;
  return null;
}

/** Whether two collinear edges share a stretch of positive length, not just a point. */
function collinearOverlap(e: Edge, f: Edge): boolean {
  if (orient(e.a, e.b, f.a) !== 0 || orient(e.a, e.b, f.b) !== 0) return false;
  const axis = e.a[0] !== e.b[0] ? 0 : 1;
  const lo = Math.max(Math.min(e.a[axis], e.b[axis]), Math.min(f.a[axis], f.b[axis]));
  const hi = Math.min(Math.max(e.a[axis], e.b[axis]), Math.max(f.a[axis], f.b[axis]));
  return hi > lo;
}

/** Consecutive edges of one ring share an endpoint by construction; that is not a crossing. */
function adjacent(e: Edge, f: Edge): boolean {
  if (e.ring !== f.ring) return false;
  const d = Math.abs(e.seq - f.seq);
  return d === 1 || d === e.ringEdges - 1;
}

/**
 * Adjacent edges only conflict when they fold back over each other (a spike): the far end of
 * one lies on the other.
 */
function adjacentOverlap(e: Edge, f: Edge): boolean {
  const shared = samePos(e.b, f.a) ? e.b : e.a;
  const eFar = samePos(e.a, shared) ? e.b : e.a;
  const fFar = samePos(f.a, shared) ? f.b : f.a;
  return (orient(e.a, e.b, fFar) === 0 && within(fFar, e.a, e.b)) || (orient(f.a, f.b, eFar) === 0 && within(eFar, f.a, f.b));
}

/** The pairs of edges examined ran past AREA_LIMITS.edgePairs: the area is too complex to check. */
export const TOO_COMPLEX = 'too complex';

/**
 * Finds the first pair of edges of one polygon that cross: within a ring any contact but the shared
 * corner of neighbouring edges; between rings (shell and holes) a proper crossing or a shared
 * stretch of edge. Flatbush keeps it near-linear for large areas drawn on a map; the pairs examined
 * are bounded (maxPairs), past which TOO_COMPLEX is returned instead of an answer.
 */
export function findSelfIntersection(
  rings: Pos[][],
  maxPairs: number = AREA_LIMITS.edgePairs,
): { e: Edge; f: Edge; at: Pos } | typeof TOO_COMPLEX | null {
  const edges = rings.flatMap((r, i) => ringEdges(r, i));
  if (edges.length < 2) return null;
  let pairs = 0;
  const index = new Flatbush(edges.length);
  for (const e of edges) {
    index.add(Math.min(e.a[0], e.b[0]), Math.min(e.a[1], e.b[1]), Math.max(e.a[0], e.b[0]), Math.max(e.a[1], e.b[1]));
  }
  index.finish();
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    const candidates = index.search(
      Math.min(e.a[0], e.b[0]),
      Math.min(e.a[1], e.b[1]),
      Math.max(e.a[0], e.b[0]),
      Math.max(e.a[1], e.b[1]),
    );
    pairs += candidates.length;
    if (pairs > maxPairs) return TOO_COMPLEX;
    candidates.sort((x, y) => x - y);
    for (const j of candidates) {
      if (j <= i) continue;
      const f = edges[j];
      if (adjacent(e, f)) {
        if (adjacentOverlap(e, f)) return { e, f, at: samePos(e.b, f.a) ? e.b : e.a };
        continue;
      }
      const at = segmentsMeet(e, f);
      if (!at) continue;
      // Between rings, a hole touching the shell (or another hole) at a point is allowed; crossing or
      // running along it is not.
      const atEnd = samePos(at, e.a) || samePos(at, e.b) || samePos(at, f.a) || samePos(at, f.b);
      if (e.ring !== f.ring && atEnd && !collinearOverlap(e, f)) continue;
      return { e, f, at };
    }
  }
  return null;
}

/**
 * Where a point lies against a closed ring: 1 inside, -1 outside, 0 on an edge. Even-odd crossing,
 * linear in the ring's positions.
 */
function sideOfRing(p: Pos, ring: Pos[]): 1 | 0 | -1 {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (orient(a, b, p) === 0 && within(p, a, b)) return 0;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** Where a ring lies against another it does not cross: judged by its first position off the other's edges. */
function ringSide(ring: Pos[], other: Pos[]): 1 | 0 | -1 {
  for (const p of ring) {
    const side = sideOfRing(p, other);
    if (side !== 0) return side;
  }
  return 0;
}

/**
 * Holes of a polygon whose edges do not cross: each must lie inside the shell and outside every
 * other hole. Linear in positions per hole, so bounded by rings × positions (AREA_LIMITS).
 */
function checkHoles(rings: Pos[][], path: string, errs: FieldErrorSink): void {
  for (let h = 1; h < rings.length; h++) {
    if (ringSide(rings[h], rings[0]) !== 1) {
      errs.add(`${path}/${h}`, 'hole is outside its polygon: a hole must lie inside the shell (ring 0)', 'geo.hole_outside', { ring: h });
      continue;
    }
    for (let o = 1; o < rings.length; o++) {
      if (o !== h && ringSide(rings[h], rings[o]) === 1) {
        errs.add(`${path}/${h}`, `hole lies inside hole ${o}: holes must not overlap`, 'geo.hole_in_hole', { ring: h, other: o });
        break;
      }
    }
  }
}

/** Positions in a polygon's rings, counted without looking inside them (0 where a ring is no array). */
function positionCount(poly: unknown[]): number {
  let n = 0;
  for (const ring of poly) if (Array.isArray(ring)) n += ring.length;
  return n;
}

/** Refuses an area past AREA_LIMITS before any of its positions is checked; true when within them. */
function withinLimits(polygons: { poly: unknown; path: string }[], areaPath: string, errs: FieldErrorSink): boolean {
  let total = 0;
  let ok = true;
  for (const { poly, path } of polygons) {
    if (!Array.isArray(poly)) continue;
    if (poly.length > AREA_LIMITS.ringsPerPolygon) {
      errs.add(path, `polygon has ${poly.length} rings; at most ${AREA_LIMITS.ringsPerPolygon} (a shell and its holes) are allowed`, 'geo.too_many_rings', { actual: poly.length, limit: AREA_LIMITS.ringsPerPolygon });
      ok = false;
    }
    poly.forEach((ring, r) => {
      if (Array.isArray(ring) && ring.length > AREA_LIMITS.positionsPerRing) {
        errs.add(`${path}/${r}`, `ring has ${ring.length} positions; at most ${AREA_LIMITS.positionsPerRing} are allowed`, 'geo.too_many_positions', { actual: ring.length, limit: AREA_LIMITS.positionsPerRing });
        ok = false;
      }
    });
    total += positionCount(poly);
  }
  if (ok && total > AREA_LIMITS.positionsPerArea) {
    errs.add(areaPath, `area has ${total} positions; at most ${AREA_LIMITS.positionsPerArea} are allowed`, 'geo.too_many_positions', { actual: total, limit: AREA_LIMITS.positionsPerArea });
    ok = false;
  }
  return ok;
}

/** One polygon: its rings, each closed with ≥ 4 positions, no crossing edges, holes inside the shell. */
function checkPolygon(v: unknown, path: string, bbox: BBox, errs: FieldErrorSink): void {
  if (!Array.isArray(v) || v.length === 0) {
    errs.add(path, 'polygon must be a non-empty array of rings', 'geo.polygon_shape');
    return;
  }
  const rings: Pos[][] = [];
  v.forEach((ring, r) => {
    const rp = `${path}/${r}`;
    if (!Array.isArray(ring)) {
      errs.add(rp, 'ring must be an array of positions', 'geo.ring_shape');
      return;
    }
    if (ring.length < 4) {
      errs.add(rp, `ring must have at least 4 positions (a closed triangle), got ${ring.length}`, 'geo.ring_too_few', { limit: 4, actual: ring.length });
      return;
    }
    const positions = checkPositions(ring, rp, bbox, errs);
    if (!positions) return;
    if (!samePos(positions[0], positions[positions.length - 1])) {
      errs.add(`${rp}/${positions.length - 1}`, 'ring is not closed: last position must equal the first', 'geo.ring_not_closed');
      return;
    }
    const distinct = new Set(positions.map((p) => `${p[0]},${p[1]}`)).size;
    if (distinct < 3) {
      errs.add(rp, `ring must have at least 3 distinct positions, got ${distinct}`, 'geo.ring_too_few_distinct', { limit: 3, actual: distinct });
      return;
    }
    rings[r] = positions;
  });
  if (rings.filter(Boolean).length !== v.length) return;
  const hit = findSelfIntersection(rings);
  if (hit === TOO_COMPLEX) {
    errs.add(path, 'polygon is too complex to check (many long edges over one another); simplify it', 'geo.too_complex');
  } else if (hit) {
    const { e, f, at } = hit;
    const where = e.ring === f.ring ? `edge ${f.at}–${f.at + 1}` : `ring ${f.ring} edge ${f.at}–${f.at + 1}`;
    // The crossing point goes with the error so an editor can mark where the edges meet, not a vertex.
    errs.add(`${path}/${e.ring}/${e.at}`, `ring intersects itself: edge ${e.at}–${e.at + 1} meets ${where} at [${at[0]}, ${at[1]}]`, 'geo.self_intersection', {
      ring: e.ring,
      edge: e.at,
      otherRing: f.ring,
      otherEdge: f.at,
      lon: at[0],
      lat: at[1],
    });
  } else {
    checkHoles(rings, path, errs);
  }
}

/** A facility area: GeoJSON Polygon or MultiPolygon. */
export function checkArea(v: unknown, path: string, errs: FieldErrorSink, opts: GeometryOptions = {}): void {
  const bbox = opts.bbox ?? TAIWAN_BBOX;
  if (!isObject(v)) {
    errs.add(path, 'must be a GeoJSON Polygon or MultiPolygon', 'geo.area_shape');
    return;
  }
  const coords = v.coordinates;
  if (v.type === 'Polygon') {
    if (!withinLimits([{ poly: coords, path: `${path}/coordinates` }], path, errs)) return;
    checkPolygon(coords, `${path}/coordinates`, bbox, errs);
  } else if (v.type === 'MultiPolygon') {
    if (!Array.isArray(coords) || coords.length === 0) {
      errs.add(`${path}/coordinates`, 'MultiPolygon must be a non-empty array of polygons', 'geo.area_shape');
      return;
    }
    if (coords.length > AREA_LIMITS.polygons) {
      errs.add(`${path}/coordinates`, `MultiPolygon has ${coords.length} polygons; at most ${AREA_LIMITS.polygons} are allowed`, 'geo.too_many_polygons', { actual: coords.length, limit: AREA_LIMITS.polygons });
      return;
    }
    if (!withinLimits(coords.map((poly, i) => ({ poly, path: `${path}/coordinates/${i}` })), path, errs)) return;
    coords.forEach((poly, i) => checkPolygon(poly, `${path}/coordinates/${i}`, bbox, errs));
  } else {
    errs.add(`${path}/type`, `must be "Polygon" or "MultiPolygon", got ${JSON.stringify(v.type)}`, 'enum', { allowed: 'Polygon, MultiPolygon' });
  }
}

/** A route path: GeoJSON LineString of ≥ 2 distinct positions. */
export function checkLineString(v: unknown, path: string, errs: FieldErrorSink, opts: GeometryOptions = {}): void {
  const bbox = opts.bbox ?? TAIWAN_BBOX;
  if (!isObject(v)) {
    errs.add(path, 'must be a GeoJSON LineString', 'geo.line_shape');
    return;
  }
  if (v.type !== 'LineString') {
    errs.add(`${path}/type`, `must be "LineString", got ${JSON.stringify(v.type)}`, 'enum', { allowed: 'LineString' });
    return;
  }
  const coords = v.coordinates;
  if (!Array.isArray(coords) || coords.length < 2) {
    errs.add(`${path}/coordinates`, `LineString must have at least 2 positions, got ${Array.isArray(coords) ? coords.length : 0}`, 'geo.line_too_few', { limit: 2, actual: Array.isArray(coords) ? coords.length : 0 });
    return;
  }
  const positions = checkPositions(coords, `${path}/coordinates`, bbox, errs);
  if (positions && positions.every((p) => samePos(p, positions[0]))) {
    errs.add(`${path}/coordinates`, 'LineString must have at least 2 distinct positions', 'geo.line_too_few_distinct', { limit: 2 });
  }
}
