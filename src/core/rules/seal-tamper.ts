// seal_tamper (critical): a seal unlocked or reported tampered, free or inserted while its trip is
// sealed and not inside the destination area, without an authorised unseal (CONTRACT section 4).
import type { SealState, Severity, TripState } from '../types.ts';

export const alertType = 'seal_tamper';
export const severity: Severity = 'critical';

/** A trip is "sealed" in the sense of section 4 from the moment all seals locked until arrival. */
export function isSealedTripState(s: TripState): boolean {
  return s === 'sealed' || s === 'confirmed' || s === 'in_transit';
}

export interface TamperContext {
  tripState: TripState;
  /** An authorised person unsealed it (manual unseal, or the platform's unlock on arrival). */
  authorised: boolean;
  insideDestination: boolean;
}

export function isTampering(sealState: SealState, ctx: TamperContext): boolean {
  if (sealState === 'locked') return false;
  return isSealedTripState(ctx.tripState) && !ctx.authorised && !ctx.insideDestination;
}

export interface TamperEpisode {
  tamperOpen: boolean;
}

/**
 * One alert per episode: a seal that keeps reporting `tampered` is one alert; locking it again ends
 * the episode, so a second opening is a second alert. Returns true when an alert should open.
 */
export function onSealState(ep: TamperEpisode, sealState: SealState, ctx: TamperContext): boolean {
  if (sealState === 'locked') {
    ep.tamperOpen = false;
    return false;
  }
  if (ep.tamperOpen || !isTampering(sealState, ctx)) return false;
  ep.tamperOpen = true;
  return true;
}
