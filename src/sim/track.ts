// A truck's true motion: timed points with straight, constant-speed travel between them. Reports
// are sampled from it, and the ground truth (when a truck left the corridor, entered an area,
// stood still) is measured on it, before any GPS noise.
import { bearingDeg, destination, distanceM, interpolate, type LonLat, type Polyline } from './geo.ts';

export interface TruePosition {
  lon: number;
  lat: number;
  speedKmh: number;
  heading: number;
}

export class Track {
  /** Times, ms since epoch, non-decreasing. */
  readonly t: number[] = [];
  readonly lon: number[] = [];
  readonly lat: number[] = [];
  /** Speed and heading of travel from point i to point i + 1. */
  readonly speed: number[] = [];
  readonly heading: number[] = [];

  constructor(startMs: number, at: LonLat, heading = 0) {
    this.t.push(startMs);
    this.lon.push(at[0]);
    this.lat.push(at[1]);
    this.speed.push(0);
    this.heading.push(heading);
  }

  get endMs(): number {
    return this.t[this.t.length - 1];
  }

  get last(): LonLat {
    const n = this.t.length - 1;
    return [this.lon[n], this.lat[n]];
  }

  private get lastHeading(): number {
    return this.heading[this.heading.length - 1];
  }

  /** Stand still for `seconds`. */
  dwell(seconds: number): this {
    if (seconds <= 0) return this;
    const n = this.t.length - 1;
    this.speed[n] = 0;
    this.heading[n] = this.lastHeading;
    this.push(this.t[n] + seconds * 1000, this.last, 0, this.lastHeading);
    return this;
  }

  /** Drive straight to `p` at `speedKmh`. */
  moveTo(p: LonLat, speedKmh: number): this {
    const from = this.last;
    const dist = distanceM(from, p);
    if (dist < 0.01) return this;
    const n = this.t.length - 1;
    const heading = bearingDeg(from, p);
    this.speed[n] = speedKmh;
    this.heading[n] = heading;
    this.push(this.t[n] + (dist / (speedKmh / 3.6)) * 1000, p, 0, heading);
    return this;
  }

  /** Drive along `path` from distance d0 to d1 (d1 > d0), at the speed `speedAt(d)` gives per piece. */
  follow(path: Polyline, d0: number, d1: number, speedAt: (d: number) => number, pieceM = 100): this {
    let d = d0;
    while (d < d1 - 0.01) {
      // Break at vertices, so the truck turns where the road turns, and at least every pieceM.
      const vertex = path.cum[path.segmentAt(d) + 1];
      const next = Math.min(d1, d + pieceM, vertex > d + 0.01 ? vertex : Infinity);
      this.moveTo(path.at(next), speedAt((d + next) / 2));
      d = next;
    }
    return this;
  }

  private push(t: number, p: LonLat, speed: number, heading: number): void {
    this.t.push(t);
    this.lon.push(p[0]);
    this.lat.push(p[1]);
    this.speed.push(speed);
    this.heading.push(heading);
  }

  /** Index i of the piece holding time t: t[i] <= t < t[i + 1] (clamped). */
  private pieceAt(t: number): number {
    let lo = 0;
    let hi = this.t.length - 1;
    if (t <= this.t[0]) return 0;
    if (t >= this.t[hi]) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.t[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(t: number): TruePosition {
    const i = this.pieceAt(t);
    const n = this.t.length - 1;
    if (i >= n) return { lon: this.lon[n], lat: this.lat[n], speedKmh: 0, heading: this.heading[n] };
    const span = this.t[i + 1] - this.t[i];
    const f = span > 0 ? (t - this.t[i]) / span : 0;
    const [lon, lat] = interpolate([this.lon[i], this.lat[i]], [this.lon[i + 1], this.lat[i + 1]], f);
    return { lon, lat, speedKmh: this.speed[i], heading: this.heading[i] };
  }

  /**
   * The time intervals, sampled every `stepMs`, during which `test` holds for the true position:
   * how the ground truth finds when a truck was outside the corridor or inside an area.
   */
  intervalsWhere(test: (p: LonLat) => boolean, fromMs = this.t[0], toMs = this.endMs, stepMs = 1000): [number, number][] {
    const out: [number, number][] = [];
    let openAt: number | null = null;
    for (let t = fromMs; t <= toMs; t += stepMs) {
      const p = this.at(t);
      const hit = test([p.lon, p.lat]);
      if (hit && openAt === null) openAt = t;
      if (!hit && openAt !== null) {
        out.push([openAt, t - stepMs]);
        openAt = null;
      }
    }
    if (openAt !== null) out.push([openAt, toMs]);
    return out;
  }

  /** The first time at or after fromMs that `test` holds, or null. */
  firstTime(test: (p: LonLat) => boolean, fromMs = this.t[0], toMs = this.endMs, stepMs = 1000): number | null {
    for (let t = fromMs; t <= toMs; t += stepMs) {
      const p = this.at(t);
      if (test([p.lon, p.lat])) return t;
    }
    return null;
  }
}

/** Points `offsetM` to one side (+1 left, -1 right of travel) of the path between d0 and d1. */
export function offsetPath(path: Polyline, d0: number, d1: number, offsetM: number, side: number, stepM = 100): LonLat[] {
  const out: LonLat[] = [];
  for (let d = d0; ; d = Math.min(d1, d + stepM)) {
    const h = path.headingAt(d);
    // Left of travel is heading - 90°.
    const bearing = (h + (side > 0 ? -90 : 90) + 360) % 360;
    const p = path.at(d);
    out.push(destination(p, bearing, offsetM));
    if (d >= d1) break;
  }
  return out;
}
