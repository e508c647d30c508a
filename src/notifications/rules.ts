// A person's notification rules: what they want to hear of, and on which channels. The access
// policy decides what they may hear of at all (src/access/notifications.ts); a rule only narrows.
import { isCustoms, type Principal } from '../auth/roles.ts';
import type { AlertType, Severity } from '../core/types.ts';
import type { NotificationEvent, NotificationKind } from './events.ts';

export const CHANNELS = ['email', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export interface NotificationRule {
  kind: NotificationKind;
  channels: Channel[];
  /** Alerts: only these types (absent or empty: every type). */
  alertTypes?: AlertType[];
  /** Alerts: only these severities (absent or empty: every severity). */
  severities?: Severity[];
  /**
   * Alerts: only trips the person's company is a party to (its vehicle, or a CN it sent), not those
   * it merely sees (trips to its facilities); a driver's are the trips it drives anyway.
   */
  ownTripsOnly?: boolean;
}

export interface Preferences {
  email: string | null;
  rules: NotificationRule[];
  /** True: the rules are the role's defaults (the person has set none of their own). */
  defaultRules: boolean;
}

export const MAX_RULES = 20;

/**
 * Until a person saves their own, the defaults of their role: customs hears of critical alerts (the
 * monitoring centre's officers get them pushed); the trade of its critical and high alerts, its
 * applications' decisions and its declarations' changes.
 */
export function defaultRules(p: Pick<Principal, 'roles'>): NotificationRule[] {
  if (isCustoms(p as Principal)) return [{ kind: 'alert', channels: ['push', 'email'], severities: ['critical'] }];
  return [
    { kind: 'alert', channels: ['push', 'email'], severities: ['critical', 'high'] },
    { kind: 'application_decided', channels: ['push', 'email'] },
    { kind: 'declaration_changed', channels: ['push', 'email'] },
  ];
}

/** Facts about an alert's trip that the own-trips rule reads. */
export interface TripParties {
  fleetUbn: string | null;
  senderUbns: string[];
}

/** Whether a rule asks for this event (access aside). */
export function ruleMatches(rule: NotificationRule, e: NotificationEvent, companyUbn: string, parties?: TripParties): boolean {
  if (rule.kind !== e.kind) return false;
  if (e.kind !== 'alert') return true;
  if (rule.alertTypes?.length && !rule.alertTypes.includes(e.alert.alertType)) return false;
  if (rule.severities?.length && !rule.severities.includes(e.alert.severity)) return false;
  if (rule.ownTripsOnly) {
    if (!parties) return false;
    return parties.fleetUbn === companyUbn || parties.senderUbns.includes(companyUbn);
  }
  return true;
}

/** The channels on which some rule asks for this event. */
export function channelsFor(rules: NotificationRule[], e: NotificationEvent, companyUbn: string, parties?: TripParties): Set<Channel> {
  const out = new Set<Channel>();
  for (const r of rules) if (ruleMatches(r, e, companyUbn, parties)) for (const c of r.channels) out.add(c);
  return out;
}

export const needsParties = (rules: NotificationRule[]) => rules.some((r) => r.kind === 'alert' && r.ownTripsOnly);
