// unauthorized_facility (high): in transit, inside a facility area other than the origin, the
// destination, the route's checkpoints or rest areas for at least unauthorizedFacilityMinMinutes;
// clears when the vehicle leaves. Customs' own stations (inspection_station, checkpoint kinds) are
// never unauthorised either: a vehicle sent there is following instructions.
// Geofence drift: leaving needs deviationClearFixes consecutive fixes outside, so a fix wandering
// across the fence neither restarts the dwell nor clears the alert. Dwell time is on the engine
// clock from when the engine learned of it, so a late batch cannot open it retroactively.
import type { AlertParams, AlertType, Facility, Severity } from '../types.ts';
import { CLEAR, NONE, OPEN, START } from './actions.ts';

export const alertType: AlertType = 'unauthorized_facility';
export const severity: Severity = 'high';

export function isAuthorizedFacility(
  f: Facility,
  origin: string,
  destination: string,
  checkpoints: readonly string[],
): boolean {
  if (f.kind === 'rest_area' || f.kind === 'inspection_station' || f.kind === 'checkpoint') return true;
  return f.code === origin || f.code === destination || checkpoints.includes(f.code);
}

export interface DwellState {
  dwellCode: string | null;
  dwellSinceMs: number;
  dwellOutFixes: number;
  dwellOpen: boolean;
}

export function newDwellState(): DwellState {
  return { dwellCode: null, dwellSinceMs: 0, dwellOutFixes: 0, dwellOpen: false };
}

/**
 * One accepted in-transit fix; `facility` is the unauthorised facility containing it, or null when
 * it is in none or in an authorised one. Returns OPEN, CLEAR, START or a combination.
 */
export function onDwellFix(s: DwellState, facility: string | null, nowMs: number, fresh: boolean, p: AlertParams): number {
  if (facility !== null && facility === s.dwellCode) {
    s.dwellOutFixes = 0;
    if (s.dwellOpen) return NONE;
    if (!fresh) {
      s.dwellSinceMs = nowMs;
      return START;
    }
    if (nowMs - s.dwellSinceMs >= p.unauthorizedFacilityMinMinutes * 60_000) {
      s.dwellOpen = true;
      return OPEN;
    }
    return NONE;
  }
  let result = NONE;
  if (s.dwellCode !== null) {
    if (facility === null && ++s.dwellOutFixes < p.deviationClearFixes) return NONE;
    if (s.dwellOpen) result = CLEAR;
    s.dwellCode = null;
    s.dwellOpen = false;
    s.dwellOutFixes = 0;
  }
  if (facility !== null) {
    s.dwellCode = facility;
    s.dwellSinceMs = nowMs;
    s.dwellOutFixes = 0;
    result |= START;
  }
  return result;
}

export function onDwellWake(s: DwellState, nowMs: number, lastFixRxMs: number, p: AlertParams): boolean {
  if (s.dwellCode === null || s.dwellOpen) return false;
  if (nowMs - s.dwellSinceMs < p.unauthorizedFacilityMinMinutes * 60_000) return false;
  if (nowMs - lastFixRxMs > p.signalLostSeconds * 1000) return false;
  s.dwellOpen = true;
  return true;
}

export function dwellDueMs(s: DwellState, p: AlertParams): number {
  return s.dwellSinceMs + p.unauthorizedFacilityMinMinutes * 60_000;
}

export function resetDwell(s: DwellState): void {
  s.dwellCode = null;
  s.dwellOpen = false;
  s.dwellOutFixes = 0;
}
