// departed_unconfirmed (high): the vehicle left the origin area while a CN requiring the
// responsible person's confirmation was still unconfirmed. Raised once, at departure.
import type { Severity } from '../types.ts';
import type { RuleHost, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'departed_unconfirmed';
export const severity: Severity = 'high';

export interface ConfirmableCn {
  cnNo: string;
  requiresConfirmation: boolean;
  confirmed: boolean;
}

export function unconfirmedCnNos(cns: readonly ConfirmableCn[]): string[] {
  return cns.filter((c) => c.requiresConfirmation && !c.confirmed).map((c) => c.cnNo);
}

/** Nothing to keep on a trip: the alert is raised once, at departure, and never cleared. */
export const rule: TripRule<null> = {
  alertType,
  newState: () => null,
  depart(host: RuleHost, trip: RuleTrip): void {
    const unconfirmed = unconfirmedCnNos(trip.cns.filter((c) => !c.cancelled));
    if (unconfirmed.length > 0) host.openTripAlert(alertType, trip, { cnNos: unconfirmed });
  },
};
