// What the notifier is told: one event type for every subsystem that has something to say to
// people. Subsystems call `enqueueNotification(tx, event)` inside the transaction of the change it
// reports (an outbox, as webhooks do): the event is stored with the change or not at all. The
// notifier later works out who hears of it (their rules and the access policy) and sends.
import { randomBytes } from 'node:crypto';
import type { AlertType, Severity } from '../core/types.ts';
import { unnestRows } from '../monitor/sql.ts';
import type { Queryable } from '../store/db.ts';

export const NOTIFICATION_KINDS = ['alert', 'application_decided', 'declaration_changed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A new alert, as the monitor stored it. */
export interface AlertNotification {
  kind: 'alert';
  /** When it happened (ISO 8601). */
  at: string;
  alert: {
    alertId: string;
    alertType: AlertType;
    severity: Severity;
    tripId: string | null;
    plate: string;
    cnNos: string[];
    lat: number | null;
    lon: number | null;
  };
  /** The companies the monitor named as seeing the alert (its `visible_to`). */
  audience: string[];
}

/** An application (account, fleet registration, type approval, offline unseal, ...) decided by customs. */
export interface ApplicationDecidedNotification {
  kind: 'application_decided';
  at: string;
  applicationId: string;
  /** What was applied for, e.g. 'fleet_registration', 'type_approval', 'offline_unseal', 'account'. */
  applicationType: string;
  /** e.g. 'approved', 'rejected', 'returned'. */
  decision: string;
  /** The applicant company: only its people hear of it. */
  companyUbn: string;
  /** The person who applied, when one did (for the record: every person of the company whose rules ask hears of it). */
  applicantUserId?: string;
  /** A short title of the application, shown as is. */
  title?: string;
  /** The reviewer's note to the applicant. */
  note?: string;
}

/** A customs declaration's status changed (its containers released, held, inspected, ...). */
export interface DeclarationChangedNotification {
  kind: 'declaration_changed';
  at: string;
  declarationNo: string;
  status: string;
  /** The companies that may know of the declaration (its trader, declarant, carrier): only their people, and customs, hear of it. */
  companyUbns: string[];
  containerNos?: string[];
  /** One line on what changed, shown as is. */
  summary?: string;
}

export type NotificationEvent = AlertNotification | ApplicationDecidedNotification | DeclarationChangedNotification;

export const newNotificationId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

/** Stores an event for the notifier, in the caller's transaction; returns its id. */
export async function enqueueNotification(q: Queryable, event: NotificationEvent): Promise<string> {
  const [id] = await insertEvents(q, [event]);
  return id;
}

/** A new alert as the monitor's writer stores it (an AlertRecord, src/monitor/records.ts). */
export type StoredAlert = Omit<AlertNotification, 'kind'>;

/**
 * Stores the notification events of alerts the monitor's writer has just stored, in the writer's
 * transaction: an alert is stored with its notification or not at all, whichever process (single
 * engine or cluster worker) stored it. One statement for the batch.
 */
export async function enqueueAlertNotifications(q: Queryable, alerts: readonly StoredAlert[]): Promise<void> {
  if (!alerts.length) return;
  await insertEvents(
    q,
    alerts.map(({ at, alert: a, audience }) => ({
      kind: 'alert',
      at,
      // The record's alert carries its detail too; the notification names what a message shows.
      alert: { alertId: a.alertId, alertType: a.alertType, severity: a.severity, tripId: a.tripId, plate: a.plate, cnNos: a.cnNos, lat: a.lat, lon: a.lon },
      audience,
    })),
  );
}

async function insertEvents(q: Queryable, events: readonly NotificationEvent[]): Promise<string[]> {
  const ids = events.map(() => newNotificationId('nev'));
  // An alert is told of once, however often its output is handed over.
  const rows = events.map((e, i) => [ids[i], e.kind, e.kind === 'alert' ? `alert:${e.alert.alertId}` : null, JSON.stringify(e), e.at]);
  const { select, params } = unnestRows(rows, ['text', 'text', 'text', 'jsonb', 'timestamptz']);
  await q.query(`insert into notification_events (id, kind, key, payload, occurred_at) ${select} on conflict (key) do nothing`, params);
  return ids;
}
