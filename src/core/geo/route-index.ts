// A route's path prepared for matching positions: cumulative distance along the path, a flatbush
// index over segment boxes, and incremental matching that follows each trip's progress.
import Flatbush from 'flatbush';
import type { LineString } from 'geojson';
import { distanceM, kxAt, kyAt } from './ruler.ts';
import { pointInAny, segmentTouchesAny, partsCenter, type PreparedPolygon } from './polygon.ts';

/** Per-trip matching memory: where on the path the vehicle was last matched. */
export interface RouteCursor {
  /** Segment index of the last match (segment j joins vertex j and j + 1). */
  seg: number;
  /** Metres along the path of the last match (may step back a little with GPS jitter). */
  progress: number;
  /** Furthest progress ever matched: what "passed a checkpoint" is measured against. */
  maxProgress: number;
  /** Fix time of the last match, ms; NaN before the first. */
  matchTsMs: number;
}

export function newCursor(): RouteCursor {
  return { seg: 0, progress: 0, maxProgress: 0, matchTsMs: NaN };
}

/** Back to the start of the path (a new departure, or the route was replaced). */
export function resetCursor(c: RouteCursor): void {
  c.seg = 0;
  c.progress = 0;
  c.maxProgress = 0;
  c.matchTsMs = NaN;
}

/** Result of one match; reused by the caller so matching allocates nothing. */
export class RouteMatch {
  /** Distance to the path in metres (to the nearest part of it when outside the corridor). */
  distM = 0;
  /** Within corridorM of the path. */
  inside = false;
  seg = 0;
  progress = 0;
}

// A fix may sit a little behind the last one along the path (jitter, a stop): tolerated.
const BACK_TOLERANCE_M = 100;
// Plausible advance between fixes: 50 m/s (180 km/h) plus a margin; beyond it a candidate is
// penalised, which is what keeps a route passing near itself matched to the nearer part in time.
const MAX_SPEED_MS = 50;
const ADVANCE_SLACK_M = 300;
// Among candidates inside the corridor, a slight preference for the least advance: where a path
// comes back along itself (a spur to an inspection station and back), the leg not yet driven wins.
const ADVANCE_WEIGHT = 0.01;
// The forward window is bounded so that a long gap degrades to the index, never to a full scan.
const WINDOW_MAX_SEGMENTS = 64;

// Result of projectOnto: [distance m, progress m]. Shared scratch, so projection allocates nothing.
const PROJ = new Float64Array(2);

export class PreparedRoute {
  readonly code: string;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly segCount: number;
  readonly segLen: Float64Array;
  /** cum[i] = metres along the path at vertex i. */
  readonly cum: Float64Array;
  readonly lengthM: number;
  /**
   * The same path packed per vertex as [lon, lat, cum, segLen] (segLen of the segment starting
   * there): matching touches one or two cache lines per segment instead of four arrays.
   */
  private readonly v: Float64Array;
  private readonly index: Flatbush | null;

  constructor(code: string, path: LineString) {
    this.code = code;
    // Consecutive duplicate vertices would make zero-length segments; drop them.
    const xs: number[] = [];
    const ys: number[] = [];
    for (const c of path.coordinates) {
      const n = xs.length;
      if (n > 0 && xs[n - 1] === c[0] && ys[n - 1] === c[1]) continue;
      xs.push(c[0]);
      ys.push(c[1]);
    }
    if (xs.length === 1) {
      xs.push(xs[0]);
      ys.push(ys[0]);
    }
    this.xs = Float64Array.from(xs);
    this.ys = Float64Array.from(ys);
    this.segCount = Math.max(0, xs.length - 1);
    this.segLen = new Float64Array(this.segCount);
    this.cum = new Float64Array(xs.length);
    for (let j = 0; j < this.segCount; j++) {
      this.segLen[j] = distanceM(xs[j], ys[j], xs[j + 1], ys[j + 1]);
      this.cum[j + 1] = this.cum[j] + this.segLen[j];
    }
    this.lengthM = this.segCount ? this.cum[this.segCount] : 0;
    this.v = new Float64Array(xs.length * 4);
    for (let i = 0; i < xs.length; i++) {
      this.v[4 * i] = xs[i];
      this.v[4 * i + 1] = ys[i];
      this.v[4 * i + 2] = this.cum[i];
      this.v[4 * i + 3] = i < this.segCount ? this.segLen[i] : 0;
    }
    if (this.segCount === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.segCount, 8);
    for (let j = 0; j < this.segCount; j++) {
      index.add(Math.min(xs[j], xs[j + 1]), Math.min(ys[j], ys[j + 1]), Math.max(xs[j], xs[j + 1]), Math.max(ys[j], ys[j + 1]));
    }
    index.finish();
    this.index = index;
  }


  /** Projects the point onto segment j in a local metric frame at the point's latitude. */
  private projectOnto(j: number, lon: number, lat: number, kx: number, ky: number): void {
    const v = this.v;
    const o = 4 * j;
    const ax = v[o];
    const ay = v[o + 1];
    const dx = (v[o + 4] - ax) * kx;
    const dy = (v[o + 5] - ay) * ky;
    const px = (lon - ax) * kx;
    const py = (lat - ay) * ky;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const ex = px - t * dx;
    const ey = py - t * dy;
    PROJ[0] = Math.sqrt(ex * ex + ey * ey);
    PROJ[1] = v[o + 2] + t * v[o + 3];
  }

  /**
   * Matches a fix to the path. First a forward window from the trip's last match (so a U-turn, a
   * parallel road or a path passing near itself resolves to the part the vehicle is actually on,
   * and progress only moves forward beyond jitter); then the segment index around the point,
   * preferring forward progress; outside the corridor the cursor is left where it was.
   * Inside/outside agrees with the exact distance to the whole path: a window hit proves inside,
   * and a miss is always confirmed against every segment near the point.
   */
  match(lon: number, lat: number, cur: RouteCursor, corridorM: number, tsMs: number, out: RouteMatch): void {
    if (this.segCount === 0) {
      out.inside = false;
      out.distM = Infinity;
      return;
    }
    const kx = kxAt(lat);
    const ky = kyAt(lat);
    const dtSec = Number.isFinite(cur.matchTsMs) && tsMs > cur.matchTsMs ? (tsMs - cur.matchTsMs) / 1000 : 0;
    const allowance = ADVANCE_SLACK_M + MAX_SPEED_MS * dtSec;
    const from = cur.progress;
    const back = from - BACK_TOLERANCE_M;
    const limit = from + allowance + corridorM;

    let bestScore = Infinity;
    let bestSeg = -1;
    let bestProgress = 0;
    let bestDist = Infinity;
    let steps = 0;
    const v = this.v;
    const end = this.segCount;
    const corridor2 = corridorM * corridorM;
    // The projection is inlined here (the hot loop of the engine): squared distances, one sqrt.
    for (let j = cur.seg > 0 ? cur.seg - 1 : 0; j < end && steps < WINDOW_MAX_SEGMENTS; j++, steps++) {
      const o = 4 * j;
      const cumJ = v[o + 2];
      if (cumJ > limit) break;
      // Continuity first: once a match is found, segments starting well beyond it are only a
      // farther part of the path coming near again, which the forward preference would reject.
      if (bestSeg >= 0 && cumJ > bestProgress + 2 * corridorM) break;
      const ax = v[o];
      const ay = v[o + 1];
      const dx = (v[o + 4] - ax) * kx;
      const dy = (v[o + 5] - ay) * ky;
      const px = (lon - ax) * kx;
      const py = (lat - ay) * ky;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
      if (t < 0) t = 0;
      else if (t > 1) t = 1;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 > corridor2) continue;
      const p = cumJ + t * v[o + 3];
      if (p < back) continue;
      const d = Math.sqrt(d2);
      const ahead = p - from - allowance;
      const score = (ahead > 0 ? d + ahead : d) + (p > from ? (p - from) * ADVANCE_WEIGHT : 0);
      if (score < bestScore) {
        bestScore = score;
        bestSeg = j;
        bestProgress = p;
        bestDist = d;
      }
    }
    if (bestSeg < 0) {
      this.matchByIndex(lon, lat, kx, ky, corridorM, from, back, allowance, out);
      if (!out.inside) return;
    } else {
      out.inside = true;
      out.distM = bestDist;
      out.seg = bestSeg;
      out.progress = bestProgress;
    }
    cur.seg = out.seg;
    cur.progress = out.progress;
    if (out.progress > cur.maxProgress) cur.maxProgress = out.progress;
    cur.matchTsMs = tsMs;
  }

  private matchByIndex(
    lon: number, lat: number, kx: number, ky: number, corridorM: number,
    from: number, back: number, allowance: number, out: RouteMatch,
  ): void {
    const index = this.index as Flatbush;
    const rx = corridorM / kx;
    const ry = corridorM / ky;
    const found = index.search(lon - rx, lat - ry, lon + rx, lat + ry);
    let bestScore = Infinity;
    let bestSeg = -1;
    let bestProgress = 0;
    let bestDist = Infinity;
    // A vehicle may genuinely drive back along its route; that is matched only when nothing
    // ahead is within the corridor, and it never lowers maxProgress.
    let backSeg = -1;
    let backProgress = 0;
    let backDist = Infinity;
    for (let i = 0; i < found.length; i++) {
      const j = found[i];
      this.projectOnto(j, lon, lat, kx, ky);
      const d = PROJ[0];
      if (d > corridorM) continue;
      const p = PROJ[1];
      if (p >= back) {
        const ahead = p - from - allowance;
        const score = (ahead > 0 ? d + ahead : d) + (p > from ? (p - from) * ADVANCE_WEIGHT : 0);
        if (score < bestScore || (score === bestScore && j < bestSeg)) {
          bestScore = score;
          bestSeg = j;
          bestProgress = p;
          bestDist = d;
        }
      } else if (d < backDist || (d === backDist && j < backSeg)) {
        backSeg = j;
        backProgress = p;
        backDist = d;
      }
    }
    if (bestSeg < 0 && backSeg >= 0) {
      bestSeg = backSeg;
      bestProgress = backProgress;
      bestDist = backDist;
    }
    if (bestSeg >= 0) {
      out.inside = true;
      out.distM = bestDist;
      out.seg = bestSeg;
      out.progress = bestProgress;
      return;
    }
    out.inside = false;
    out.distM = this.nearestDistance(lon, lat, kx, ky);
  }

  /** Distance to the nearest segment; flatbush ranks boxes in degrees, so the best few are measured exactly. */
  private nearestDistance(lon: number, lat: number, kx: number, ky: number): number {
    const index = this.index as Flatbush;
    const near = index.neighbors(lon, lat, 8);
    let best = Infinity;
    for (const j of near) {
      this.projectOnto(j, lon, lat, kx, ky);
      if (PROJ[0] < best) best = PROJ[0];
    }
    return best;
  }

  /** Exact distance in metres from the point to the whole path (full scan; tests and tools). */
  distanceToPath(lon: number, lat: number): number {
    const kx = kxAt(lat);
    const ky = kyAt(lat);
    let best = Infinity;
    for (let j = 0; j < this.segCount; j++) {
      this.projectOnto(j, lon, lat, kx, ky);
      if (PROJ[0] < best) best = PROJ[0];
    }
    return best;
  }

  /**
   * Where each checkpoint sits along the path, in order: the first point at or after the previous
   * checkpoint where the path enters the area, or, for an area beside the road, the point of the path
   * nearest to it. Ordered search keeps a path that passes one station twice consistent. When
   * given, `onPath[c]` is set to 1 for each area the path actually runs through.
   */
  checkpointPositions(areas: readonly PreparedPolygon[][], onPath?: Uint8Array): Float64Array {
    const out = new Float64Array(areas.length);
    let fromSeg = 0;
    for (let c = 0; c < areas.length; c++) {
      const parts = areas[c];
      if (parts.length === 0 || this.segCount === 0) {
        out[c] = c > 0 ? out[c - 1] : 0;
        continue;
      }
      const [cx, cy] = partsCenter(parts);
      const kx = kxAt(cy);
      const ky = kyAt(cy);
      let found = -1;
      for (let j = fromSeg; j < this.segCount; j++) {
        if (segmentTouchesAny(parts, this.xs[j], this.ys[j], this.xs[j + 1], this.ys[j + 1])) {
          found = j;
          break;
        }
      }
      if (found >= 0) {
        if (onPath !== undefined) onPath[c] = 1;
        if (pointInAny(parts, this.xs[found], this.ys[found])) out[c] = this.cum[found];
        else {
          this.projectOnto(found, cx, cy, kx, ky);
          out[c] = PROJ[1];
        }
        fromSeg = found;
        continue;
      }
      let best = Infinity;
      let bestSeg = fromSeg;
      let bestProgress = 0;
      for (let j = fromSeg; j < this.segCount; j++) {
        this.projectOnto(j, cx, cy, kx, ky);
        if (PROJ[0] < best) {
          best = PROJ[0];
          bestSeg = j;
          bestProgress = PROJ[1];
        }
      }
      out[c] = bestProgress;
      fromSeg = bestSeg;
    }
    return out;
  }
}
