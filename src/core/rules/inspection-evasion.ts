// inspection_evasion (high): a route checkpoint was not entered before the vehicle's progress along
// the path passes it by checkpointPassMarginM, or before arrival.
// Sparse fixes: a fast vehicle may have no fix inside a small station area; the engine counts the
// station as entered when the straight segment between two consecutive accepted fixes crosses its
// area, or, where the route's road runs through the station, when two fixes on that road lie on
// either side of it within the vehicle's reach (src/engine/telemetry.ts, inTransitFix), so a
// quick pass or a turn inside the station is not reported as evasion.
// Progress is the furthest point matched along the path, and matching follows the trip forward
// from its last match, so a path that passes near itself cannot jump progress past a station.
import type { AlertType, Severity } from '../types.ts';

export const alertType: AlertType = 'inspection_evasion';
export const severity: Severity = 'high';

export const PENDING = 0;
export const ENTERED = 1;
export const EVADED = 2;

/**
 * The first pending checkpoint now evaded, or -1. Called in a loop by the engine, which marks each
 * result EVADED, so several stations skipped at once each give their own alert, in route order.
 */
export function nextEvaded(
  status: Uint8Array,
  positionsM: Float64Array,
  maxProgressM: number,
  marginM: number,
  arrived: boolean,
): number {
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== PENDING) continue;
    if (arrived || maxProgressM > positionsM[i] + marginM) return i;
  }
  return -1;
}
