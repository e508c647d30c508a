// seal_link_lost (medium): a seal's Bluetooth link to the OBU reported `lost` for at least
// sealLinkLostSeconds; clears when reported `ok`. A brief drop while the cab door shields the
// radio is normal, hence the timer rather than an alert on the first `lost`.
import type { AlertParams, AlertType, Severity } from '../types.ts';
import { CLEAR, NONE, START } from './actions.ts';

export const alertType: AlertType = 'seal_link_lost';
export const severity: Severity = 'medium';

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

export function linkDueMs(s: LinkState, p: AlertParams): number {
  return s.linkLostSinceMs + p.sealLinkLostSeconds * 1000;
}

export function onLinkWake(s: LinkState, nowMs: number, p: AlertParams): boolean {
  if (s.linkOpen || s.linkLostSinceMs !== s.linkLostSinceMs) return false;
  if (nowMs - s.linkLostSinceMs < p.sealLinkLostSeconds * 1000) return false;
  s.linkOpen = true;
  return true;
}
