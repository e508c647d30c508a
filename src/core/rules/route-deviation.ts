// route_deviation (high): in transit and farther than corridorWidthM from the path for at least
// deviationMinFixes consecutive fixes spanning deviationMinSeconds; clears after
// deviationClearFixes consecutive fixes inside.
// GPS drift at the corridor edge: a lone fix outside never opens (consecutive count and time span
// both required) and a lone fix inside never clears (clear hysteresis). Fixes with hdop > maxHdop
// and implausible jumps are dropped by the engine before they reach this rule.
import type { AlertParams, AlertType, Severity } from '../types.ts';
import { CLEAR, NONE, OPEN } from './actions.ts';

export const alertType: AlertType = 'route_deviation';
export const severity: Severity = 'high';

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
export function onCorridorFix(s: DeviationState, outside: boolean, tsMs: number, p: AlertParams): number {
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
