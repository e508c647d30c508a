// Where the vehicle was at a moment of its track: binary search and linear interpolation between
// the two fixes around it.
import type { Position as GeoPosition } from 'geojson';
import type { Position } from '../api/types.ts';

export interface TimedTrack {
  times: number[];
  coords: GeoPosition[];
}

export function timedTrack(track: Position[]): TimedTrack {
  const pts = track.filter((p) => Number.isFinite(Date.parse(p.ts)));
  return { times: pts.map((p) => Date.parse(p.ts)), coords: pts.map((p) => [p.lon, p.lat]) };
}

/** Index of the last fix at or before `t` (-1 before the first). */
export function fixIndexAt(tt: TimedTrack, t: number): number {
  let lo = 0;
  let hi = tt.times.length - 1;
  if (hi < 0 || t < tt.times[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tt.times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function positionAt(tt: TimedTrack, t: number): GeoPosition | null {
  const i = fixIndexAt(tt, t);
  if (i < 0) return tt.coords[0] ?? null;
  if (i >= tt.times.length - 1) return tt.coords[i];
  const f = (t - tt.times[i]) / Math.max(1, tt.times[i + 1] - tt.times[i]);
  const a = tt.coords[i];
  const b = tt.coords[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

/** The driven part of the track up to `t`, ending exactly at the interpolated position. */
export function travelledUntil(tt: TimedTrack, t: number): GeoPosition[] {
  const i = fixIndexAt(tt, t);
  if (i < 0) return [];
  const head = positionAt(tt, t);
  const done = tt.coords.slice(0, i + 1);
  if (head && i < tt.coords.length - 1) done.push(head);
  return done;
}

/** The time of the next (dir 1) or previous (dir -1) fix from `t`: stepping lands on fixes exactly. */
export function stepTime(tt: TimedTrack, t: number, dir: 1 | -1): number | null {
  const n = tt.times.length;
  if (n === 0) return null;
  const i = fixIndexAt(tt, t);
  if (dir === 1) return i + 1 < n ? tt.times[i + 1] : null;
  if (i < 0) return null;
  // Between fixes, back goes to the fix just passed; on a fix, to the one before it.
  if (tt.times[i] < t) return tt.times[i];
  return i > 0 ? tt.times[i - 1] : null;
}
