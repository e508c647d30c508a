// Where and how an incident changes a truck's drive. Each planner returns the path events that
// make it happen on this route, or null when the route offers no clean place for it (the caller
// then tries another route). "Clean" matters: an incident must trigger its own rule clearly and
// no other by accident, so the ground truth stays exact.
import type { AlertType } from '../core/types.ts';
import { distanceToBoundaryM, insideArea, interpolate, distanceM, type LonLat } from './geo.ts';
import type { PathEvent } from './motion.ts';
import type { Rng } from './rng.ts';
import type { RoutePlan } from './route-plan.ts';
import { offsetPath } from './track.ts';

/** Incidents made by driving differently; the others are made by the devices or the yard. */
export const MOTION_INCIDENTS: readonly AlertType[] = ['route_deviation', 'inspection_evasion', 'abnormal_stop', 'unauthorized_facility', 'overdue'];

export interface MotionPlan {
  events: PathEvent[];
  /** Path ranges the incident occupies: no other stop is placed there. */
  busy: [number, number][];
  detail: Record<string, unknown>;
  /** A route checkpoint this drive skips (no inspection stop there). */
  skipCheckpoint?: string;
}

const TAG = 'incident';

/** No facility passage within `margin` of [a, b], and well clear of both ends of the open road. */
function quiet(plan: RoutePlan, a: number, b: number, margin: number): boolean {
  if (a < plan.originExitM + 1000 || b > plan.destEntryM - 1000) return false;
  return plan.passagesNear(a, b, margin).length === 0;
}

/** Points every `stepM` along the straight line a → b. */
function sampleLine(a: LonLat, b: LonLat, stepM = 20): LonLat[] {
  const n = Math.max(1, Math.ceil(distanceM(a, b) / stepM));
  return Array.from({ length: n + 1 }, (_, i) => interpolate(a, b, i / n));
}

/** The whole drive of an excursion, leaving and rejoining the path included, sampled. */
function excursionPoints(plan: RoutePlan, from: number, via: LonLat[], to: number): LonLat[] {
  const stops = [plan.path.at(from), ...via, plan.path.at(to)];
  const out: LonLat[] = [];
  for (let i = 0; i < stops.length - 1; i++) out.push(...sampleLine(stops[i], stops[i + 1]));
  return out;
}

/** True when no point of the drive enters a facility other than `allowed`. */
function avoidsFacilities(plan: RoutePlan, points: LonLat[], allowed?: string): boolean {
  return points.every((p) => plan.lookup.containing(p).every((f) => f.code === allowed));
}

export function planAbnormalStop(plan: RoutePlan, rng: Rng): MotionPlan | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    const a = rng.range(plan.originExitM + 1000, plan.destEntryM - 1000);
    if (!quiet(plan, a - 1000, a + 1000, 0)) continue;
    if (plan.lookup.nearestDistance(plan.path.at(a), 800) < 500) continue;
    const seconds = Math.round(rng.range(20, 30) * 60);
    return { events: [{ kind: 'stop', at: a, seconds, tag: TAG }], busy: [[a, a]], detail: { along: Math.round(a), seconds } };
  }
  return null;
}

export function planDeviation(plan: RoutePlan, rng: Rng): MotionPlan | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    const parallel = rng.range(1200, 4000);
    const span = parallel + 600;
    const lo = plan.originExitM + 1500;
    const hi = plan.destEntryM - 1500 - span;
    if (hi <= lo) continue;
    const a = rng.range(lo, hi);
    if (!quiet(plan, a - 500, a + span + 500, 0)) continue;
    const side = rng.chance(0.5) ? 1 : -1;
    const offset = plan.corridorM + rng.range(400, 1000);
    const via = offsetPath(plan.path, a + 300, a + 300 + parallel, offset, side);
    if (!via.every((p) => plan.path.distanceTo(p) >= plan.corridorM + 150)) continue;
    if (!avoidsFacilities(plan, excursionPoints(plan, a, via, a + span))) continue;
    const speedKmh = rng.range(30, 50);
    return {
      events: [{ kind: 'excursion', from: a, to: a + span, via, speedKmh, tag: TAG }],
      busy: [[a, a + span]],
      detail: { along: Math.round(a), offsetM: Math.round(offset), parallelM: Math.round(parallel) },
    };
  }
  return null;
}

export function planFacilityVisit(plan: RoutePlan, rng: Rng): MotionPlan | null {
  const checkpointPassages = plan.checkpointPassages();
  // A parking point close to the corridor edge would make the deviation rule a coin toss.
  const candidates = rng.shuffle(plan.visitable.filter((v) => v.offsetM < plan.corridorM - 60 || v.offsetM > plan.corridorM + 150));
  for (const v of candidates) {
    const half = Math.max(300, v.offsetM * 0.6);
    const from = v.along - half;
    const to = v.along + half;
    if (from < plan.originExitM + 500 || to > plan.destEntryM - 500) continue;
    if (checkpointPassages.some((p) => p.to >= from - 200 && p.from <= to + 200)) continue;
    const legs = excursionPoints(plan, from, [v.point], to);
    if (!avoidsFacilities(plan, legs, v.facility.code)) continue;
    const dwellS = Math.round(rng.range(6, 10) * 60);
    return {
      events: [{ kind: 'excursion', from, to, via: [v.point], dwellIndex: 0, dwellS, speedKmh: rng.range(25, 35), tag: TAG }],
      busy: [[from, to]],
      detail: { facility: v.facility.code, dwellS, offsetM: Math.round(v.offsetM) },
    };
  }
  return null;
}

/** Goes around a route checkpoint's area, far enough that neither a fix nor the line between two fixes touches it. */
export function planEvasion(plan: RoutePlan, rng: Rng): MotionPlan | null {
  const passages = rng.shuffle(plan.checkpointPassages());
  for (const cp of passages) {
    const f = plan.lookup.get(cp.code)!;
    const from = cp.from - 700;
    const to = cp.to + 700;
    if (from < plan.originExitM + 100 || to > plan.destEntryM - 300) continue;
    if (plan.passagesNear(from, to, 0).some((p) => p.code !== cp.code)) continue;
    for (const side of rng.shuffle([1, -1])) {
      let extent = 0;
      const rings = f.area.type === 'Polygon' ? [f.area.coordinates[0]] : f.area.coordinates.map((r) => r[0]);
      for (const ring of rings) {
        for (const v of ring) {
          const pr = plan.path.project(v);
          if (pr.side === side) extent = Math.max(extent, pr.distance);
        }
      }
      let offset = extent + 100;
      // Stay clearly inside the corridor or clearly outside it, never on its edge.
      if (offset > plan.corridorM - 60 && offset < plan.corridorM + 150) offset = plan.corridorM + 150;
      const via = offsetPath(plan.path, cp.from - 400, cp.to + 400, offset, side, 50);
      const points = excursionPoints(plan, from, via, to);
      if (!points.every((p) => !insideArea(p, f.area) && distanceToBoundaryM(p, f.area) >= 80)) continue;
      if (!avoidsFacilities(plan, points)) continue;
      return {
        events: [{ kind: 'excursion', from, to, via, speedKmh: rng.range(25, 40), tag: TAG }],
        busy: [[from, to]],
        detail: { checkpoint: cp.code, offsetM: Math.round(offset), from: cp.from, to: cp.to },
        skipCheckpoint: cp.code,
      };
    }
  }
  return null;
}

/**
 * A jam long enough to miss the deadline: crawling at 5.5–10 km/h (moving, so it is no abnormal
 * stop) over as much road as it takes to lose `extraS` against the normal pace.
 */
export function planCrawl(plan: RoutePlan, rng: Rng, extraS: number, speedAt: (d: number) => number): MotionPlan | null {
  const a = plan.originExitM + rng.range(500, 1500);
  const end = plan.destEntryM - 500;
  for (const speedKmh of [rng.range(6, 10), 5.5]) {
    let lost = 0;
    let b = a;
    while (lost < extraS && b + 100 <= end) {
      lost += 100 / (speedKmh / 3.6) - 100 / (speedAt(b + 50) / 3.6);
      b += 100;
    }
    if (lost >= extraS) {
      return {
        events: [{ kind: 'crawl', from: a, to: b, speedKmh, tag: TAG }],
        busy: [[a, b]],
        detail: { from: Math.round(a), to: Math.round(b), speedKmh: Math.round(speedKmh * 10) / 10 },
      };
    }
  }
  return null;
}

/** A quick look at whether a route can host an incident at all (the planners have the last word). */
export function routeSupports(plan: RoutePlan, type: AlertType): boolean {
  switch (type) {
    case 'inspection_evasion':
      return plan.checkpointPassages().length > 0;
    case 'unauthorized_facility':
      return plan.visitable.some((v) => v.offsetM < plan.corridorM - 60 || v.offsetM > plan.corridorM + 150);
    case 'route_deviation':
      return plan.openRoadM > 6000;
    case 'abnormal_stop':
    case 'signal_lost':
      return plan.openRoadM > 3000;
    default:
      return true;
  }
}
