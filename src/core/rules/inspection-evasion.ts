// inspection_evasion (high): a route checkpoint was not entered before the vehicle's progress along
// the path passes it by checkpointPassMarginM, or before arrival.
// Sparse fixes: a fast vehicle may have no fix inside a small station area; the engine counts the
// station as entered when the straight segment between two consecutive accepted fixes crosses its
// area, or, where the route's road runs through the station, when two fixes on that road lie on
// either side of it within the vehicle's reach (src/engine/telemetry.ts, inTransitFix), so a
// quick pass or a turn inside the station is not reported as evasion.
// Progress is the furthest point matched along the path, and matching follows the trip forward
// from its last match, so a path that passes near itself cannot jump progress past a station.
import type { Severity } from '../types.ts';
import type { FixFacts, RuleHost, RuleParams, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'inspection_evasion';
export const severity: Severity = 'high';

export const params: RuleParams<'checkpointPassMarginM'> = { defaults: { checkpointPassMarginM: 1000 } };

export const PENDING = 0;
export const ENTERED = 1;
export const EVADED = 2;

/**
 * The first pending checkpoint now evaded, or -1. Called in a loop by the engine, which marks each
 * result EVADED, so several stations skipped at once each give their own alert, in route order.
 */
export function nextEvaded(
  status: Uint8Array,
  positionsM: Float64Array,
  maxProgressM: number,
  marginM: number,
  arrived: boolean,
): number {
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== PENDING) continue;
    if (arrived || maxProgressM > positionsM[i] + marginM) return i;
  }
  return -1;
}

/**
 * Raises inspection_evasion for every checkpoint now passed (or, on arrival, never entered). The
 * checkpoints' places and statuses are the trip's route binding, kept by the engine.
 */
export function raiseEvasions(host: RuleHost, trip: RuleTrip, arrived: boolean): void {
  for (;;) {
    const i = nextEvaded(trip.cpStatus, trip.cpPositions, trip.maxProgress, trip.params.checkpointPassMarginM, arrived);
    if (i < 0) return;
    trip.cpStatus[i] = EVADED;
    trip.cpPending--;
    host.openTripAlert(alertType, trip, {
      checkpoint: trip.cpCodes[i],
      reason: arrived ? 'arrived' : 'passed',
      checkpointProgressM: Math.round(trip.cpPositions[i]),
      progressM: Math.round(trip.maxProgress),
    });
  }
}

export const rule: TripRule<null> = {
  alertType,
  newState: () => null,
  fix(host: RuleHost, trip: RuleTrip, _s: null, f: FixFacts): void {
    if (f.hasRoute && trip.cpPending > 0) raiseEvasions(host, trip, false);
  },
  arrive(host: RuleHost, trip: RuleTrip): void {
    if (trip.cpPending > 0) raiseEvasions(host, trip, true);
  },
};
