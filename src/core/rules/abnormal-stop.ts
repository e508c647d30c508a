// abnormal_stop (medium): in transit, speed <= stopMaxSpeedKmh and within stopRadiusM for at least
// stopMinMinutes, outside every facility area; clears when the vehicle moves beyond stopRadiusM.
// Duration is measured on the engine clock from when the engine first learned of the stop, and a
// fix after a silence longer than signalLostSeconds restarts the episode: a buffered batch of old
// stationary fixes, arriving all at once after a gap, can never open it retroactively.
// GPS drift while parked (a wandering fix, a speed spike): the episode ends only after
// stopClearFixes consecutive fixes that move, so one bad fix neither resets nor clears it.
import type { Severity } from '../types.ts';
import { distanceM } from '../geo/ruler.ts';
import { CLEAR, NONE, OPEN, START } from './actions.ts';
import type { FixFacts, RuleHost, RuleParams, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'abnormal_stop';
export const severity: Severity = 'medium';

export const params: RuleParams<'stopMaxSpeedKmh' | 'stopRadiusM' | 'stopMinMinutes' | 'stopClearFixes'> = {
  defaults: { stopMaxSpeedKmh: 5, stopRadiusM: 100, stopMinMinutes: 15, stopClearFixes: 2 },
  // Before it had its own, the stop's hysteresis followed the deviation's.
  inherits: { stopClearFixes: 'deviationClearFixes' },
};

/** The thresholds this rule reads (it also needs signalLostSeconds: a silence restarts a stop). */
export interface StopParams {
  stopMaxSpeedKmh: number;
  stopRadiusM: number;
  stopMinMinutes: number;
  stopClearFixes: number;
  signalLostSeconds: number;
}

export interface StopState {
  stopActive: boolean;
  stopAnchorLat: number;
  stopAnchorLon: number;
  stopSinceMs: number;
  stopMovingFixes: number;
  stopOpen: boolean;
}

export function newStopState(): StopState {
  return { stopActive: false, stopAnchorLat: 0, stopAnchorLon: 0, stopSinceMs: 0, stopMovingFixes: 0, stopOpen: false };
}

function start(s: StopState, lat: number, lon: number, nowMs: number): number {
  s.stopActive = true;
  s.stopAnchorLat = lat;
  s.stopAnchorLon = lon;
  s.stopSinceMs = nowMs;
  s.stopMovingFixes = 0;
  return START;
}

/**
 * One accepted in-transit fix. `fresh` is false when the previous fix was received more than
 * signalLostSeconds ago. Returns OPEN, CLEAR, START (schedule a wake-up at sinceMs + stopMinMinutes)
 * or NONE; CLEAR | START when the vehicle drove off and is stopped again elsewhere.
 */
export function onStopFix(
  s: StopState,
  lat: number,
  lon: number,
  speedKmh: number,
  insideFacility: boolean,
  nowMs: number,
  fresh: boolean,
  p: StopParams,
): number {
  const slow = speedKmh <= p.stopMaxSpeedKmh;
  if (s.stopOpen) {
    if (distanceM(s.stopAnchorLon, s.stopAnchorLat, lon, lat) <= p.stopRadiusM) {
      s.stopMovingFixes = 0;
      return NONE;
    }
    if (++s.stopMovingFixes < p.stopClearFixes) return NONE;
    s.stopOpen = false;
    s.stopActive = false;
    return CLEAR;
  }
  if (insideFacility) {
    s.stopActive = false;
    return NONE;
  }
  if (!s.stopActive) return slow ? start(s, lat, lon, nowMs) : NONE;
  if (!fresh) {
    s.stopActive = false;
    return slow ? start(s, lat, lon, nowMs) : NONE;
  }
  const within = distanceM(s.stopAnchorLon, s.stopAnchorLat, lon, lat) <= p.stopRadiusM;
  if (!within || !slow) {
    if (++s.stopMovingFixes < p.stopClearFixes) return NONE;
    s.stopActive = false;
    return slow ? start(s, lat, lon, nowMs) : NONE;
  }
  s.stopMovingFixes = 0;
  if (nowMs - s.stopSinceMs >= p.stopMinMinutes * 60_000) {
    s.stopOpen = true;
    return OPEN;
  }
  return NONE;
}

/**
 * The wake-up scheduled by START. Opens only if the stop still holds on evidence no older than
 * signalLostSeconds (a vehicle gone silent is signal_lost's business, not a stop).
 */
export function onStopWake(s: StopState, nowMs: number, lastFixRxMs: number, p: StopParams): boolean {
  if (!s.stopActive || s.stopOpen) return false;
  if (nowMs - s.stopSinceMs < p.stopMinMinutes * 60_000) return false;
  if (nowMs - lastFixRxMs > p.signalLostSeconds * 1000) return false;
  s.stopOpen = true;
  return true;
}

export function stopDueMs(s: StopState, p: StopParams): number {
  return s.stopSinceMs + p.stopMinMinutes * 60_000;
}

export function resetStop(s: StopState): void {
  s.stopActive = false;
  s.stopOpen = false;
  s.stopMovingFixes = 0;
}

/** The rule's state on a trip: the episode, its open alert and its pending wake-up. */
export class StopEpisode implements StopState {
  stopActive = false;
  stopAnchorLat = 0;
  stopAnchorLon = 0;
  stopSinceMs = 0;
  stopMovingFixes = 0;
  stopOpen = false;
  alertId: string | null = null;
  wakeDue = 0;
}

function schedule(host: RuleHost, trip: RuleTrip, s: StopEpisode): void {
  if (s.wakeDue !== 0) return;
  s.wakeDue = stopDueMs(s, trip.params);
  host.schedule(s.wakeDue, rule, trip);
}

function detail(host: RuleHost, trip: RuleTrip, s: StopEpisode): Record<string, unknown> {
  return {
    since: host.isoAt(s.stopSinceMs),
    minutes: Math.floor((host.clockMs - s.stopSinceMs) / 60_000),
    radiusM: trip.params.stopRadiusM,
  };
}

export const rule: TripRule<StopEpisode> = {
  alertType,
  newState: () => new StopEpisode(),
  fix(host: RuleHost, trip: RuleTrip, s: StopEpisode, f: FixFacts): void {
    const a = onStopFix(s, f.lat, f.lon, f.speedKmh, f.inFacility, host.clockMs, f.fresh, trip.params);
    if (a === NONE) return;
    if ((a & CLEAR) !== 0 && s.alertId !== null) {
      host.clearAlert(s.alertId, alertType, trip);
      s.alertId = null;
    }
    if ((a & OPEN) !== 0) s.alertId = host.openTripAlert(alertType, trip, detail(host, trip, s));
    if ((a & START) !== 0) schedule(host, trip, s);
  },
  wake(host: RuleHost, trip: RuleTrip, s: StopEpisode): void {
    s.wakeDue = 0;
    if (trip.state !== 'in_transit') return;
    if (onStopWake(s, host.clockMs, trip.lastFixRxMs, trip.params)) {
      s.alertId = host.openTripAlert(alertType, trip, detail(host, trip, s));
    } else if (s.stopActive && !s.stopOpen && stopDueMs(s, trip.params) > host.clockMs) {
      schedule(host, trip, s);
    }
  },
  end(host: RuleHost, trip: RuleTrip, s: StopEpisode): void {
    if (s.alertId !== null) host.clearAlert(s.alertId, alertType, trip);
    s.alertId = null;
    resetStop(s);
  },
};
