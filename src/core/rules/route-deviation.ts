// route_deviation (high): in transit and farther than corridorWidthM from the path for at least
// deviationMinFixes consecutive fixes spanning deviationMinSeconds; clears after
// deviationClearFixes consecutive fixes inside.
// GPS drift at the corridor edge: a lone fix outside never opens (consecutive count and time span
// both required) and a lone fix inside never clears (clear hysteresis). Fixes with hdop > maxHdop
// and implausible jumps are dropped by the engine before they reach this rule.
import type { Severity } from '../types.ts';
import { CLEAR, NONE, OPEN } from './actions.ts';
import type { FixFacts, RuleHost, RuleParams, RuleTrip, TripRule } from './rule.ts';

export const alertType = 'route_deviation';
export const severity: Severity = 'high';

/** maxHdop filters every fix before any rule sees it; CONTRACT section 5 states it with this rule. */
export const params: RuleParams<'corridorWidthM' | 'deviationMinFixes' | 'deviationMinSeconds' | 'deviationClearFixes' | 'maxHdop'> = {
  defaults: { corridorWidthM: 200, deviationMinFixes: 3, deviationMinSeconds: 60, deviationClearFixes: 2, maxHdop: 5 },
};

export interface DeviationParams {
  deviationMinFixes: number;
  deviationMinSeconds: number;
  deviationClearFixes: number;
}

export interface DeviationState {
  devOutFixes: number;
  devFirstOutMs: number;
  devInFixes: number;
  devOpen: boolean;
}

export function newDeviationState(): DeviationState {
  return { devOutFixes: 0, devFirstOutMs: 0, devInFixes: 0, devOpen: false };
}

/** Feeds one accepted fix (in fix-time order); returns OPEN, CLEAR or NONE. */
export function onCorridorFix(s: DeviationState, outside: boolean, tsMs: number, p: DeviationParams): number {
  if (outside) {
    s.devInFixes = 0;
    if (s.devOpen) return NONE;
    if (s.devOutFixes === 0) s.devFirstOutMs = tsMs;
    s.devOutFixes++;
    if (s.devOutFixes >= p.deviationMinFixes && tsMs - s.devFirstOutMs >= p.deviationMinSeconds * 1000) {
      s.devOpen = true;
      s.devOutFixes = 0;
      return OPEN;
    }
    return NONE;
  }
  s.devOutFixes = 0;
  if (!s.devOpen) return NONE;
  s.devInFixes++;
  if (s.devInFixes >= p.deviationClearFixes) {
    s.devOpen = false;
    s.devInFixes = 0;
    return CLEAR;
  }
  return NONE;
}

/** Ends the episode without a clearing fix (the trip arrived or stopped being monitored). */
export function resetDeviation(s: DeviationState): void {
  s.devOutFixes = 0;
  s.devInFixes = 0;
  s.devOpen = false;
}

/** The rule's state on a trip: the episode and its open alert. */
export class DeviationEpisode implements DeviationState {
  devOutFixes = 0;
  devFirstOutMs = 0;
  devInFixes = 0;
  devOpen = false;
  alertId: string | null = null;
}

export const rule: TripRule<DeviationEpisode> = {
  alertType,
  newState: () => new DeviationEpisode(),
  fix(host: RuleHost, trip: RuleTrip, s: DeviationEpisode, f: FixFacts): void {
    if (!f.hasRoute) return;
    const a = onCorridorFix(s, f.outsideCorridor, f.tsMs, trip.params);
    if (a === OPEN) {
      s.alertId = host.openTripAlert(alertType, trip, {
        distanceM: Math.round(f.distM),
        corridorWidthM: trip.params.corridorWidthM,
        since: host.isoAt(s.devFirstOutMs),
        routeCode: trip.routeCode,
      });
    } else if (a === CLEAR && s.alertId !== null) {
      host.clearAlert(s.alertId, alertType, trip);
      s.alertId = null;
    }
  },
  end(host: RuleHost, trip: RuleTrip, s: DeviationEpisode): void {
    if (s.alertId !== null) host.clearAlert(s.alertId, alertType, trip);
    s.alertId = null;
    resetDeviation(s);
  },
};
