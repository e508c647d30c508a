// Ground truth measured on the true track: when a truck really was outside the corridor, inside
// an unauthorised area, standing still, or past a checkpoint it skipped. The incident planners say
// what they meant to do; this says what the rules should see, and refuses trips whose outcome
// would hinge on a few metres or seconds (the trip is then planned again).
import type { AlertType } from '../core/types.ts';
import { areaCentroid, insideArea, Polyline } from './geo.ts';
import type { MotionPlan } from './incidents.ts';
import type { BuiltTrack } from './motion.ts';
import type { TripSpec } from './trip.ts';

export interface ExpectedAlert {
  alertType: AlertType;
  startMs: number;
  endMs: number;
  windowS: number;
  detail: Record<string, unknown>;
}

/** An excursion outside the corridor shorter than this is no deviation (it is a wobble). */
const SHORT_OUT_S = 20;
/** …and one at least this long, reaching clearly beyond the edge, is one. In between: ambiguous. */
const CLEAR_OUT_S = 100;
const CLEAR_BEYOND_M = 100;

/**
 * The alerts the drive itself implies, beyond device and yard incidents; null when the drive is
 * ambiguous for some rule.
 */
export function expectedFromTrack(
  spec: TripSpec,
  built: BuiltTrack,
  motion: MotionPlan | null,
  entryMs: number,
): ExpectedAlert[] | null {
  const mark = built.marks.get('incident');
  if (!motion || !mark) return [];
  const { plan } = spec;
  const p = plan.params;
  const out: ExpectedAlert[] = [];
  const { track } = built;
  const from = mark.startMs - 30_000;
  const to = mark.endMs + 30_000;

  // Deviation: every excursion is measured, whatever it was meant for.
  if (motion.events.some((e) => e.kind === 'excursion')) {
    const outside = track.intervalsWhere((q) => plan.path.distanceTo(q) > plan.corridorM, from, to);
    for (const [s, e] of outside) {
      const durS = (e - s) / 1000;
      let farthest = 0;
      for (let t = s; t <= e; t += 5000) {
        const q = track.at(t);
        farthest = Math.max(farthest, plan.path.distanceTo([q.lon, q.lat]));
      }
      if (durS < SHORT_OUT_S && farthest < plan.corridorM + 50) continue;
      if (durS < CLEAR_OUT_S || farthest < plan.corridorM + CLEAR_BEYOND_M) return null;
      out.push({ alertType: 'route_deviation', startMs: s, endMs: e, windowS: p.deviationMinSeconds, detail: { farthestM: Math.round(farthest), outsideS: Math.round(durS) } });
    }
  }

  if (spec.incident === 'abnormal_stop') {
    out.push({ alertType: 'abnormal_stop', startMs: mark.startMs, endMs: mark.endMs, windowS: p.stopMinMinutes * 60, detail: motion.detail });
  }

  if (spec.incident === 'unauthorized_facility') {
    const f = plan.lookup.get(String(motion.detail.facility))!;
    const inside = track.intervalsWhere((q) => insideArea(q, f.area), from, to);
    const longest = inside.sort((x, y) => y[1] - y[0] - (x[1] - x[0]))[0];
    if (!longest || longest[1] - longest[0] < (p.unauthorizedFacilityMinMinutes + 0.75) * 60_000) return null;
    out.push({ alertType: 'unauthorized_facility', startMs: longest[0], endMs: longest[1], windowS: p.unauthorizedFacilityMinMinutes * 60, detail: motion.detail });
  }

  if (spec.incident === 'inspection_evasion') {
    // The rule fires when progress passes the station by the margin. Where a station "is" along
    // the path is taken as the projection of its area's centre; an engine that uses the last metre
    // inside instead is still on time, so that bounds the end of the window.
    const c1 = Number(motion.detail.to);
    const f = plan.lookup.get(String(motion.detail.checkpoint))!;
    const centre = plan.path.project(areaCentroid(f.area)).along;
    const margin = p.checkpointPassMarginM;
    const base = Math.max(0, centre - 2000);
    const local = new Polyline(plan.path.slice(base, c1 + margin + 3000));
    const reach = (target: number) =>
      track.firstTime((q) => base + local.project(q).along >= target, mark.startMs, entryMs, 1000) ?? entryMs;
    const startMs = Math.min(reach(centre + margin), entryMs);
    const endMs = Math.max(startMs, Math.min(reach(c1 + margin), entryMs));
    out.push({ alertType: 'inspection_evasion', startMs, endMs, windowS: 0, detail: motion.detail });
  }
  return out;
}
