// signal_lost (medium): in transit and no OBU telemetry received for signalLostSeconds; clears with
// the next telemetry. Measured on the engine clock from the last report received (not the fix
// time inside it), so a buffered batch arriving after a gap clears it, and its old fix times do
// not make a connected device look silent.
import type { AlertParams, AlertType, Severity, TripState } from '../types.ts';

export const alertType: AlertType = 'signal_lost';
export const severity: Severity = 'medium';

export function signalDueMs(lastRxMs: number, p: AlertParams): number {
  return lastRxMs + p.signalLostSeconds * 1000;
}

export function isSignalLost(tripState: TripState, nowMs: number, lastRxMs: number, p: AlertParams): boolean {
  return tripState === 'in_transit' && nowMs - lastRxMs >= p.signalLostSeconds * 1000;
}
