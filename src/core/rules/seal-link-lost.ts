// seal_link_lost (medium): a seal's Bluetooth link to the OBU reported `lost` for at least
// sealLinkLostSeconds; clears when reported `ok`. A brief drop while the cab door shields the
// radio is normal, hence the timer rather than an alert on the first `lost`. An episode that spans a
// platform restart counts from the restart: while the platform was down, an `ok` may have gone unheard.
import type { Severity } from '../types.ts';
import { CLEAR, NONE, START } from './actions.ts';
import type { DeviceReport, DeviceRule, RuleDevice, RuleHost, RuleParams, RuleTrip } from './rule.ts';

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

/** When the lost link has lasted long enough, counted from no earlier than `listeningSinceMs`. */
export function linkDueMs(s: LinkState, p: LinkParams, listeningSinceMs = -Infinity): number {
  return Math.max(s.linkLostSinceMs, listeningSinceMs) + p.sealLinkLostSeconds * 1000;
}

export function onLinkWake(s: LinkState, nowMs: number, p: LinkParams, listeningSinceMs = -Infinity): boolean {
  if (s.linkOpen || s.linkLostSinceMs !== s.linkLostSinceMs) return false;
  if (nowMs < linkDueMs(s, p, listeningSinceMs)) return false;
  s.linkOpen = true;
  return true;
}

/** The rule's state on a device: the episode, its open alert (and the trip it is on), its pending wake-up. */
export class LinkEpisode implements LinkState {
  linkLostSinceMs = NaN;
  linkOpen = false;
  alertId: string | null = null;
  alertTrip: RuleTrip | null = null;
  wakeDue = 0;
}

function schedule(host: RuleHost, dev: RuleDevice, s: LinkEpisode, trip: RuleTrip | null): void {
  if (s.wakeDue !== 0) return;
  s.wakeDue = linkDueMs(s, trip ? trip.params : host.params, host.listeningSinceMs);
  host.scheduleDevice(s.wakeDue, deviceRule, dev);
}

function clear(host: RuleHost, s: LinkEpisode): void {
  if (s.alertId !== null) host.clearAlert(s.alertId, alertType, s.alertTrip);
  s.alertId = null;
  s.alertTrip = null;
}

export const deviceRule: DeviceRule<LinkEpisode> = {
  alertType,
  newState: () => new LinkEpisode(),
  report(host: RuleHost, dev: RuleDevice, s: LinkEpisode, r: DeviceReport): void {
    if (r.link === null || r.link === r.prevLink) return;
    const a = onLinkReport(s, r.link, host.clockMs);
    if (a === START) schedule(host, dev, s, r.trip);
    else if (a === CLEAR) clear(host, s);
  },
  wake(host: RuleHost, dev: RuleDevice, s: LinkEpisode): void {
    s.wakeDue = 0;
    const trip = host.sealTrip(dev.id);
    // A seal outside any trip is on the shelf or in a yard: its radio link is nobody's concern.
    if (trip === null) return;
    if (onLinkWake(s, host.clockMs, trip.params, host.listeningSinceMs)) {
      s.alertTrip = trip;
      s.alertId = host.openTripAlert(alertType, trip, { sealId: dev.id, since: host.isoAt(s.linkLostSinceMs) });
    } else if (s.linkLostSinceMs === s.linkLostSinceMs && !s.linkOpen && linkDueMs(s, trip.params, host.listeningSinceMs) > host.clockMs) {
      schedule(host, dev, s, trip);
    }
  },
  tripEnd(host: RuleHost, _dev: RuleDevice, s: LinkEpisode, trip: RuleTrip): void {
    // A link alert belongs to the trip's monitoring; with the trip over, its condition has ended.
    if (s.alertId === null || s.alertTrip !== trip) return;
    clear(host, s);
    s.linkOpen = false;
    s.linkLostSinceMs = NaN;
  },
};
