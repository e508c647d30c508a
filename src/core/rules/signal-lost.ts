// signal_lost (medium): in transit and no OBU telemetry received for signalLostSeconds; clears with
// the next telemetry. Measured on the engine clock from the last report received (not the fix
// time inside it), so a buffered batch arriving after a gap clears it, and its old fix times do
// not make a connected device look silent. Silence while the platform itself was down is not the
// device's: after a restart it is measured from the restart (the detail still names the last report).
import type { Severity, TripState } from '../types.ts';
import type { RuleHost, RuleParams, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'signal_lost';
export const severity: Severity = 'medium';

export const params: RuleParams<'signalLostSeconds'> = { defaults: { signalLostSeconds: 300 } };

export interface SignalParams {
  signalLostSeconds: number;
}

export function signalDueMs(lastRxMs: number, p: SignalParams): number {
  return lastRxMs + p.signalLostSeconds * 1000;
}

export function isSignalLost(tripState: TripState, nowMs: number, lastRxMs: number, p: SignalParams): boolean {
  return tripState === 'in_transit' && nowMs - lastRxMs >= p.signalLostSeconds * 1000;
}

/** The rule's state on a trip: its open alert and its pending wake-up. */
export class SignalState {
  alertId: string | null = null;
  wakeDue = 0;
}

/** Since when the platform has heard nothing from the trip's OBU while listening. */
const silentSinceMs = (host: RuleHost, trip: RuleTrip): number => Math.max(trip.lastObuRxMs, host.listeningSinceMs);

function schedule(host: RuleHost, trip: RuleTrip, s: SignalState): void {
  s.wakeDue = signalDueMs(silentSinceMs(host, trip), trip.params);
  host.schedule(s.wakeDue, rule, trip);
}

export const rule: TripRule<SignalState> = {
  alertType,
  newState: () => new SignalState(),
  report(host: RuleHost, trip: RuleTrip, s: SignalState): void {
    if (s.alertId !== null) {
      host.clearAlert(s.alertId, alertType, trip);
      s.alertId = null;
    }
    if (s.wakeDue === 0 && trip.state === 'in_transit') schedule(host, trip, s);
  },
  depart(host: RuleHost, trip: RuleTrip, s: SignalState): void {
    // A vehicle without an OBU has no signal to lose: it is supervised by reads and gates.
    if (trip.pointToPoint) return;
    if (s.wakeDue === 0) schedule(host, trip, s);
  },
  wake(host: RuleHost, trip: RuleTrip, s: SignalState): void {
    s.wakeDue = 0;
    if (trip.state !== 'in_transit' || s.alertId !== null) return;
    const now = host.clockMs;
    if (isSignalLost(trip.state, now, silentSinceMs(host, trip), trip.params)) {
      s.alertId = host.openTripAlert(alertType, trip, {
        lastReportAt: host.isoAt(trip.lastObuRxMs),
        silentSeconds: Math.round((now - trip.lastObuRxMs) / 1000),
      });
    } else {
      schedule(host, trip, s);
    }
  },
  end(host: RuleHost, trip: RuleTrip, s: SignalState): void {
    if (s.alertId !== null) host.clearAlert(s.alertId, alertType, trip);
    s.alertId = null;
  },
};
