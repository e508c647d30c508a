// departed_unsealed (critical): a trip departed while one of its seals was not locked (a truck
// e-seal) or not applied (any other seal) (CONTRACT section 8). A truck e-seal reports its state
// live, so it is judged at departure. A passive seal's `applied` read may reach the platform after
// the truck left (a phone queues reads taken with no signal), so its absence is judged a grace
// (`unsealedReadGraceMin`) after the departure time: an `applied` read taken by the time of departure that arrives
// within it is no alert. Raised once per trip, never cleared.
import type { Severity } from '../types.ts';
import type { RuleHost, RuleParams, RuleSeal, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'departed_unsealed';
export const severity: Severity = 'critical';

export const params: RuleParams<'unsealedReadGraceMin'> = { defaults: { unsealedReadGraceMin: 10 } };

/** A phone's clock may run a little ahead of the gate's: an `applied` read this soon after departure still counts. */
export const APPLIED_CLOCK_SLACK_MS = 60_000;

export interface UnsealedSeals {
  notLocked: string[];
  notApplied: string[];
}

/** The seals of a trip that were not sealed when it departed at `departedAtMs`. */
export function unsealedSeals(seals: readonly RuleSeal[], departedAtMs: number): UnsealedSeals {
  const u: UnsealedSeals = { notLocked: [], notApplied: [] };
  for (const s of seals) {
    if (s.passive) {
      if (!(s.applied && s.appliedAtMs <= departedAtMs + APPLIED_CLOCK_SLACK_MS)) u.notApplied.push(s.id);
    } else if (!s.locked) {
      u.notLocked.push(s.id);
    }
  }
  return u;
}

export class DepartedUnsealedState {
  raised = false;
  /** The notLocked seals seen at departure (a truck e-seal's state then is what counts). */
  notLocked: string[] = [];
}

function raise(host: RuleHost, trip: RuleTrip, s: DepartedUnsealedState, notApplied: string[]): void {
  s.raised = true;
  // A truck without an OBU has no position of its own: it left through its origin's gate.
  const at = trip.hasPos ? { lat: trip.lat, lon: trip.lon } : host.facilityCentre(trip.origin);
  host.openAlert(alertType, trip.id, trip, trip.plate, at ? at.lat : null, at ? at.lon : null, {
    sealNos: [...s.notLocked, ...notApplied],
    notLocked: s.notLocked,
    notApplied,
    departedAt: trip.departedAt,
    by: trip.pointToPoint ? 'gate_or_read' : 'obu',
  });
}

export const rule: TripRule<DepartedUnsealedState> = {
  alertType,
  newState: () => new DepartedUnsealedState(),
  depart(host: RuleHost, trip: RuleTrip, s: DepartedUnsealedState): void {
    if (s.raised) return;
    const u = unsealedSeals(trip.seals, trip.departedAtMs);
    s.notLocked = u.notLocked;
    if (u.notApplied.length === 0 && u.notLocked.length === 0) return;
    const grace = trip.params.unsealedReadGraceMin * 60_000;
    if (u.notLocked.length > 0 || grace <= 0) raise(host, trip, s, u.notApplied);
    else host.schedule(Math.max(host.clockMs, trip.departedAtMs + grace), rule, trip);
  },
  wake(host: RuleHost, trip: RuleTrip, s: DepartedUnsealedState): void {
    if (s.raised) return;
    const u = unsealedSeals(trip.seals, trip.departedAtMs);
    if (u.notApplied.length > 0) raise(host, trip, s, u.notApplied);
  },
};
