// cn_not_started (medium): a CN's trip has not departed startWithinMin after the CN was accepted
// (a CN filed and never used, or a truck kept waiting at the origin). One alert per CN, from a
// wake-up on the engine clock, so a truck that never reports is still caught.
import type { Severity } from '../types.ts';
import type { RuleCn, RuleHost, RuleParams, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'cn_not_started';
export const severity: Severity = 'medium';

export const params: RuleParams<'startWithinMin'> = { defaults: { startWithinMin: 240 } };

/** Per trip: each CN's deadline and whether it was raised. */
export class CnNotStartedState {
  readonly due = new Map<string, { dueMs: number; acceptedMs: number; raised: boolean }>();
}

const NOT_DEPARTED = new Set(['planned', 'sealed', 'confirmed']);

export const rule: TripRule<CnNotStartedState> = {
  alertType,
  newState: () => new CnNotStartedState(),
  cnAccepted(host: RuleHost, trip: RuleTrip, s: CnNotStartedState, cn: RuleCn): void {
    if (s.due.has(cn.cnNo)) return;
    const dueMs = host.clockMs + trip.params.startWithinMin * 60_000;
    s.due.set(cn.cnNo, { dueMs, acceptedMs: host.clockMs, raised: false });
    host.schedule(dueMs, rule, trip);
  },
  wake(host: RuleHost, trip: RuleTrip, s: CnNotStartedState): void {
    if (!NOT_DEPARTED.has(trip.state)) return;
    for (const cn of trip.cns) {
      const d = s.due.get(cn.cnNo);
      if (d === undefined || d.raised || cn.cancelled || host.clockMs < d.dueMs) continue;
      d.raised = true;
      host.openTripAlert(alertType, trip, {
        cnNo: cn.cnNo, acceptedAt: host.isoAt(d.acceptedMs), startWithinMin: trip.params.startWithinMin, origin: cn.note.origin,
        containerNos: cn.note.containers.map((c) => c.no),
      });
    }
  },
};
