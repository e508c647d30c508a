// seal_link_lost (medium): a seal's Bluetooth link to the OBU reported `lost` for at least
// sealLinkLostSeconds; clears when reported `ok`. A brief drop while the cab door shields the
// radio is normal, hence the timer rather than an alert on the first `lost`.
import type { Severity } from '../types.ts';
import { CLEAR, NONE, START } from './actions.ts';
import type { RuleParams } from './rule.ts';

export const alertType = 'seal_link_lost';
export const severity: Severity = 'medium';

export const params: RuleParams<'sealLinkLostSeconds'> = { defaults: { sealLinkLostSeconds: 60 } };

export interface LinkParams {
  sealLinkLostSeconds: number;
}

export interface LinkState {
  /** Engine time the link was first reported lost in this episode; NaN while ok. */
  linkLostSinceMs: number;
  linkOpen: boolean;
}

export function onLinkReport(s: LinkState, link: 'ok' | 'lost', nowMs: number): number {
  if (link === 'lost') {
    if (s.linkLostSinceMs === s.linkLostSinceMs) return NONE;
    s.linkLostSinceMs = nowMs;
    return START;
  }
  s.linkLostSinceMs = NaN;
  if (!s.linkOpen) return NONE;
  s.linkOpen = false;
  return CLEAR;
}

export function linkDueMs(s: LinkState, p: LinkParams): number {
  return s.linkLostSinceMs + p.sealLinkLostSeconds * 1000;
}

export function onLinkWake(s: LinkState, nowMs: number, p: LinkParams): boolean {
  if (s.linkOpen || s.linkLostSinceMs !== s.linkLostSinceMs) return false;
  if (nowMs - s.linkLostSinceMs < p.sealLinkLostSeconds * 1000) return false;
  s.linkOpen = true;
  return true;
}
