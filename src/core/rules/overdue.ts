// overdue (medium): not arrived by departure + maxDurationMin (the route's legal time limit).
// Fires from a timer on the engine clock, so a silent vehicle is still reported.
import type { AlertType, Severity, TripState } from '../types.ts';

export const alertType: AlertType = 'overdue';
export const severity: Severity = 'medium';

export function overdueDeadline(departedMs: number, maxDurationMin: number): number {
  return departedMs + maxDurationMin * 60_000;
}

export function isOverdue(tripState: TripState, nowMs: number, deadlineMs: number): boolean {
  return tripState === 'in_transit' && nowMs >= deadlineMs;
}
