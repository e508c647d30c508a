// How a truck moves on one trip: the events along its path (traffic stops, inspections, rest
// stops, and the detours or stops an incident adds) turned into a timed track.
import { insideArea, type LonLat } from './geo.ts';
import type { Rng } from './rng.ts';
import { SPEED_RANGE_KMH, STRETCH_M, TRAFFIC_STOPS } from './road.ts';
import type { RoutePlan } from './route-plan.ts';
import { Track } from './track.ts';

export type PathEvent =
  /** Stand still at `at` metres along the path. */
  | { kind: 'stop'; at: number; seconds: number; tag: string }
  /** Leave the path at `from`, drive through `via` (dwelling at via[dwellIndex]), rejoin at `to`. */
  | { kind: 'excursion'; from: number; to: number; via: LonLat[]; speedKmh: number; dwellIndex?: number; dwellS?: number; tag: string }
  /** Drive from `from` to `to` at a walking pace: a jam. */
  | { kind: 'crawl'; from: number; to: number; speedKmh: number; tag: string };

export function eventStart(e: PathEvent): number {
  return e.kind === 'stop' ? e.at : e.from;
}

export function eventEnd(e: PathEvent): number {
  return e.kind === 'stop' ? e.at : e.to;
}

/** When each tagged event happened on the track. */
export interface EventMark {
  startMs: number;
  endMs: number;
  /** For an excursion with a dwell: the dwell itself. */
  dwellStartMs?: number;
  dwellEndMs?: number;
}

/** The normal pace along a route: one target speed per 500 m stretch, scaled by the driver. */
export function speedProfile(plan: RoutePlan, rng: Rng, speedFactor: number): (d: number) => number {
  const stretches = Math.ceil(plan.path.length / STRETCH_M) + 1;
  const u = Array.from({ length: stretches }, () => rng.next());
  return (d: number) => {
    const [lo, hi] = SPEED_RANGE_KMH[plan.roadClass(d)];
    const k = Math.max(0, Math.min(stretches - 1, Math.floor(d / STRETCH_M)));
    return (lo + (hi - lo) * u[k]) * speedFactor;
  };
}

/** Stops of an ordinary drive at traffic lights and queues, away from facility areas and other events. */
export function trafficStops(plan: RoutePlan, rng: Rng, from: number, to: number, busy: readonly [number, number][]): PathEvent[] {
  const out: PathEvent[] = [];
  for (let d = from + 50; d < to - 50; d += 100) {
    const cls = plan.roadClass(d);
    const s = TRAFFIC_STOPS[cls];
    if (!rng.chance(s.perKm / 10)) continue;
    if (plan.passagesNear(d, d, 50).length > 0) continue;
    if (busy.some(([a, b]) => d >= a - 200 && d <= b + 200)) continue;
    out.push({ kind: 'stop', at: d + rng.range(-40, 40), seconds: Math.round(rng.range(s.minS, s.maxS)), tag: 'traffic' });
  }
  return out;
}

/** The path point deepest inside a passage: where a truck stops at a station or service area. */
export function deepestInPassage(plan: RoutePlan, code: string, from: number, to: number): number {
  const f = plan.lookup.get(code)!;
  let best = (from + to) / 2;
  let bestDepth = -Infinity;
  for (let d = from; d <= to; d += 5) {
    const p = plan.path.at(d);
    if (!insideArea(p, f.area)) continue;
    // Distance to the passage ends approximates depth along the road; areas are wider than roads.
    const depth = Math.min(d - from, to - d);
    if (depth > bestDepth) {
      bestDepth = depth;
      best = d;
    }
  }
  return best;
}

export interface BuiltTrack {
  track: Track;
  /** When the truck starts to move from its parking place at the origin. */
  moveMs: number;
  /** When it reaches the approach to the destination (the search for its entry starts here). */
  approachMs: number;
  /** When it parks at the destination. */
  parkMs: number;
  marks: Map<string, EventMark>;
}

export interface TrackSpec {
  plan: RoutePlan;
  startMs: number;
  startAlong: number;
  /** Standing at the start before moving (sealing at the origin). */
  dwellS: number;
  events: PathEvent[];
  speedAt: (d: number) => number;
  /** Standing at the destination after parking (unloading, unsealing). */
  destDwellS: number;
}

export function buildTrack(spec: TrackSpec): BuiltTrack {
  const { plan, speedAt } = spec;
  const path = plan.path;
  const track = new Track(spec.startMs, path.at(spec.startAlong), path.headingAt(spec.startAlong));
  track.dwell(spec.dwellS);
  const moveMs = track.endMs;
  const marks = new Map<string, EventMark>();
  const events = [...spec.events].sort((a, b) => eventStart(a) - eventStart(b));
  const approach = Math.max(spec.startAlong, plan.destEntryM - 300);
  let approachMs = NaN;
  let d = spec.startAlong;
  const driveTo = (target: number) => {
    if (target <= d) return;
    if (Number.isNaN(approachMs) && target >= approach) {
      if (approach > d) track.follow(path, d, approach, speedAt);
      approachMs = track.endMs;
      d = Math.max(d, approach);
    }
    track.follow(path, d, target, speedAt);
    d = target;
  };
  for (const e of events) {
    driveTo(eventStart(e));
    const startMs = track.endMs;
    const mark: EventMark = { startMs, endMs: startMs };
    if (e.kind === 'stop') {
      track.dwell(e.seconds);
    } else if (e.kind === 'crawl') {
      track.follow(path, d, e.to, () => e.speedKmh, 50);
      d = e.to;
    } else {
      e.via.forEach((p, i) => {
        track.moveTo(p, e.speedKmh);
        if (i === e.dwellIndex && e.dwellS) {
          mark.dwellStartMs = track.endMs;
          track.dwell(e.dwellS);
          mark.dwellEndMs = track.endMs;
        }
      });
      track.moveTo(path.at(e.to), e.speedKmh);
      d = e.to;
    }
    mark.endMs = track.endMs;
    marks.set(e.tag, mark);
  }
  driveTo(plan.destPark.along);
  if (Number.isNaN(approachMs)) approachMs = track.endMs;
  const parkMs = track.endMs;
  track.dwell(spec.destDwellS);
  return { track, moveMs, approachMs, parkMs, marks };
}
