// overdue (medium): not arrived by departure + maxDurationMin (the route's legal time limit).
// Fires from a timer on the engine clock, so a silent vehicle is still reported.
import type { Severity, TripState } from '../types.ts';
import type { RuleHost, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'overdue';
export const severity: Severity = 'medium';

export function overdueDeadline(departedMs: number, maxDurationMin: number): number {
  return departedMs + maxDurationMin * 60_000;
}

export function isOverdue(tripState: TripState, nowMs: number, deadlineMs: number): boolean {
  return tripState === 'in_transit' && nowMs >= deadlineMs;
}

/** The rule's state on a trip: the deadline (NaN without a route limit) and whether it was raised. */
export class OverdueState {
  dueMs = NaN;
  raised = false;
}

export const rule: TripRule<OverdueState> = {
  alertType,
  newState: () => new OverdueState(),
  depart(host: RuleHost, trip: RuleTrip, s: OverdueState): void {
    const def = trip.routeDef;
    if (def === null || !Number.isFinite(def.maxDurationMin)) return;
    s.dueMs = overdueDeadline(trip.departedAtMs, def.maxDurationMin);
    host.schedule(s.dueMs, rule, trip);
  },
  wake(host: RuleHost, trip: RuleTrip, s: OverdueState): void {
    if (s.raised || !isOverdue(trip.state, host.clockMs, s.dueMs)) return;
    s.raised = true;
    host.openTripAlert(alertType, trip, {
      departedAt: trip.departedAt,
      deadline: host.isoAt(s.dueMs),
      maxDurationMin: trip.routeDef ? trip.routeDef.maxDurationMin : null,
    });
  },
};
