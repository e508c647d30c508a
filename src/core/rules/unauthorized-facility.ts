// unauthorized_facility (high): in transit, inside a facility area other than the origin, the
// destination, the route's checkpoints or rest areas for at least unauthorizedFacilityMinMinutes;
// clears when the vehicle leaves. Customs' own stations (inspection_station, checkpoint kinds) are
// never unauthorised either: a vehicle sent there is following instructions.
// Geofence drift: leaving needs unauthorizedFacilityClearFixes consecutive fixes outside, so a fix
// wandering across the fence neither restarts the dwell nor clears the alert. Dwell time is on the
// engine clock from when the engine learned of it, so a late batch cannot open it retroactively.
import type { Facility, Severity } from '../types.ts';
import { CLEAR, NONE, OPEN, START } from './actions.ts';
import type { FixFacts, RuleHost, RuleParams, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'unauthorized_facility';
export const severity: Severity = 'high';

export const params: RuleParams<'unauthorizedFacilityMinMinutes' | 'unauthorizedFacilityClearFixes'> = {
  defaults: { unauthorizedFacilityMinMinutes: 5, unauthorizedFacilityClearFixes: 2 },
  // Before it had its own, leaving a facility followed the deviation's hysteresis.
  inherits: { unauthorizedFacilityClearFixes: 'deviationClearFixes' },
};

/** The thresholds this rule reads (it also needs signalLostSeconds: a silence restarts a dwell). */
export interface DwellParams {
  unauthorizedFacilityMinMinutes: number;
  unauthorizedFacilityClearFixes: number;
  signalLostSeconds: number;
}

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
export function onDwellFix(s: DwellState, facility: string | null, nowMs: number, fresh: boolean, p: DwellParams): number {
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
    if (facility === null && ++s.dwellOutFixes < p.unauthorizedFacilityClearFixes) return NONE;
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

export function onDwellWake(s: DwellState, nowMs: number, lastFixRxMs: number, p: DwellParams): boolean {
  if (s.dwellCode === null || s.dwellOpen) return false;
  if (nowMs - s.dwellSinceMs < p.unauthorizedFacilityMinMinutes * 60_000) return false;
  if (nowMs - lastFixRxMs > p.signalLostSeconds * 1000) return false;
  s.dwellOpen = true;
  return true;
}

export function dwellDueMs(s: DwellState, p: DwellParams): number {
  return s.dwellSinceMs + p.unauthorizedFacilityMinMinutes * 60_000;
}

export function resetDwell(s: DwellState): void {
  s.dwellCode = null;
  s.dwellOpen = false;
  s.dwellOutFixes = 0;
}

/** The rule's state on a trip: the dwell, its open alert and its pending wake-up. */
export class DwellEpisode implements DwellState {
  dwellCode: string | null = null;
  dwellSinceMs = 0;
  dwellOutFixes = 0;
  dwellOpen = false;
  alertId: string | null = null;
  wakeDue = 0;
}

function schedule(host: RuleHost, trip: RuleTrip, s: DwellEpisode): void {
  if (s.wakeDue !== 0) return;
  s.wakeDue = dwellDueMs(s, trip.params);
  host.schedule(s.wakeDue, rule, trip);
}

function detail(host: RuleHost, s: DwellEpisode): Record<string, unknown> {
  const code = s.dwellCode as string;
  const f = host.facility(code);
  return {
    facility: code,
    facilityKind: f ? f.kind : null,
    facilityName: f ? f.name : null,
    since: host.isoAt(s.dwellSinceMs),
    minutes: Math.floor((host.clockMs - s.dwellSinceMs) / 60_000),
  };
}

export const rule: TripRule<DwellEpisode> = {
  alertType,
  newState: () => new DwellEpisode(),
  fix(host: RuleHost, trip: RuleTrip, s: DwellEpisode, f: FixFacts): void {
    const a = onDwellFix(s, f.unauthorizedFacility, host.clockMs, f.fresh, trip.params);
    if (a === NONE) return;
    if ((a & CLEAR) !== 0 && s.alertId !== null) {
      host.clearAlert(s.alertId, alertType, trip);
      s.alertId = null;
    }
    if ((a & OPEN) !== 0) s.alertId = host.openTripAlert(alertType, trip, detail(host, s));
    if ((a & START) !== 0) schedule(host, trip, s);
  },
  wake(host: RuleHost, trip: RuleTrip, s: DwellEpisode): void {
    s.wakeDue = 0;
    if (trip.state !== 'in_transit') return;
    if (onDwellWake(s, host.clockMs, trip.lastFixRxMs, trip.params)) {
      s.alertId = host.openTripAlert(alertType, trip, detail(host, s));
    } else if (s.dwellCode !== null && !s.dwellOpen && dwellDueMs(s, trip.params) > host.clockMs) {
      schedule(host, trip, s);
    }
  },
  end(host: RuleHost, trip: RuleTrip, s: DwellEpisode): void {
    if (s.alertId !== null) host.clearAlert(s.alertId, alertType, trip);
    s.alertId = null;
    resetDwell(s);
  },
};
