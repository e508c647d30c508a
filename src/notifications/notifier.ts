// The notifier: from stored events to messages in people's mailboxes and on their phones.
//
//   enqueueNotification (outbox, in the change's transaction) ─▶ expand: who hears of each event
//   (their rules, the access policy, the channels they have) ─▶ notification_items ─▶ throttle
//   per person and channel (throttle.ts) ─▶ notification_messages ─▶ send (SMTP, Web Push), retried.
//
// Each step claims its rows with `for update skip locked` (and a lane lock for the throttle), so
// several server processes share the work. Delivery is at least once: a process that dies while
// sending loses its lease and the message is sent again.
import type { BlockList } from 'node:net';
import type { Principal, Role } from '../auth/roles.ts';
import { alertRowOf, mayBeToldOf, mayBeToldWhere } from '../access/notifications.ts';
import type { Db, Queryable, Row } from '../store/db.ts';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from '../webhooks/backoff.ts';
import { allowedNetworks } from '../webhooks/destination.ts';
import type { NotificationsConfig } from './config.ts';
import { newNotificationId, type NotificationEvent } from './events.ts';
import type { Mailer } from './mailer.ts';
import { render, renderDigest } from './messages.ts';
import { sendPush } from './push.ts';
import { channelsFor, defaultRules, needsParties, type Channel, type NotificationRule, type TripParties } from './rules.ts';
import { decide, type LaneItem } from './throttle.ts';
import type { VapidKeys } from './vapid.ts';

export interface NotifierLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface NotifierOptions {
  mailer: Mailer;
  vapid: VapidKeys;
  config: Pick<NotificationsConfig, 'immediatePerWindow' | 'digestWindowMs'>;
  /** Private networks push services may be on (WEBHOOK_ALLOWED_NETWORKS; tests: loopback). */
  allowedNetworks?: string;
  now?: () => Date;
  random?: () => number;
  fetch?: typeof fetch;
  backoff?: Partial<BackoffOptions>;
  log?: NotifierLog;
  /** Events expanded, and messages sent, per round. */
  batchSize?: number;
}

export interface RoundResult {
  events: number;
  items: number;
  messages: number;
  sent: number;
}

export interface Notifier {
  /** One round: expand stored events, decide the lanes, send what is due. */
  runOnce(): Promise<RoundResult>;
}

interface Settings {
  db: Db;
  mailer: Mailer;
  vapid: VapidKeys;
  immediate: number;
  windowMs: number;
  now: () => Date;
  random: () => number;
  fetch: typeof fetch;
  backoff: BackoffOptions;
  allowed: BlockList;
  log?: NotifierLog;
  batchSize: number;
}

/** Mail and push are retried for about an hour and a half: old news is no news. */
const NOTIFY_BACKOFF: BackoffOptions = { ...DEFAULT_BACKOFF, baseMs: 15_000, maxMs: 1_800_000, maxAttempts: 8 };
const LEASE_MS = 60_000;
/** What was sent (or given up) is kept this long for inspection, then deleted. */
const RETAIN_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

async function prune(s: Settings): Promise<void> {
  const before = new Date(s.now().getTime() - RETAIN_MS).toISOString();
  await s.db.query(
    `delete from notification_events e where e.expanded_at < $1
       and not exists (select 1 from notification_items i where i.event_id = e.id and (i.message_id is null or i.created_at >= $1))`,
    [before],
  );
  await s.db.query(
    `delete from notification_messages m where coalesce(m.sent_at, m.failed_at) < $1
       and not exists (select 1 from notification_items i where i.message_id = m.id)`,
    [before],
  );
}

const principalOf = (u: Row): Principal => ({
  kind: 'user',
  id: u.id,
  name: u.name,
  companyUbn: u.company_ubn,
  roles: u.roles as Role[],
  storageCodes: (u.storage_codes ?? []) as string[],
});

async function partiesOf(tx: Queryable, e: Extract<NotificationEvent, { kind: 'alert' }>): Promise<TripParties> {
  const [v] = await tx.query('select fleet_ubn from vehicles where plate = $1', [e.alert.plate]);
  const senders = e.alert.cnNos.length
    ? await tx.query('select distinct sender_ubn from transport_notes where cn_no = any($1)', [e.alert.cnNos])
    : [];
  return { fleetUbn: (v?.fleet_ubn as string | undefined) ?? null, senderUbns: senders.map((r) => r.sender_ubn as string) };
}

/** Who hears of one event, on which channels; writes their items. */
async function expandOne(tx: Queryable, s: Settings, eventId: string, e: NotificationEvent): Promise<number> {
  const params: unknown[] = [];
  const where = mayBeToldWhere(e, 'u', params);
  const candidates = await tx.query(
    `select u.id, u.name, u.company_ubn, u.roles, u.storage_codes, p.email, p.rules,
            exists (select 1 from push_subscriptions ps where ps.user_id = u.id) as has_push
       from users u left join notification_preferences p on p.user_id = u.id
      where not u.disabled
        and (p.email is not null or exists (select 1 from push_subscriptions ps where ps.user_id = u.id))
        and ${where}
      order by u.id`,
    params,
  );
  if (!candidates.length) return 0;
  const alertRow = e.kind === 'alert' ? (await tx.query('select * from alerts where alert_id = $1', [e.alert.alertId]))[0] : undefined;
  let parties: TripParties | undefined;
  let n = 0;
  const payload = JSON.stringify(e);
  for (const u of candidates) {
    const p = principalOf(u);
    const rules = (u.rules as NotificationRule[] | null) ?? defaultRules(p);
    if (e.kind === 'alert' && needsParties(rules)) parties ??= await partiesOf(tx, e);
    const wanted = channelsFor(rules, e, p.companyUbn, parties);
    const channels: Channel[] = [];
    if (wanted.has('email') && u.email && s.mailer.enabled) channels.push('email');
    if (wanted.has('push') && u.has_push) channels.push('push');
    if (!channels.length) continue;
    if (!(await mayBeToldOf(tx, p, e, e.kind === 'alert' ? alertRowOf(e, alertRow) : undefined))) continue;
    for (const channel of channels) {
      await tx.query(
        `insert into notification_items (id, event_id, user_id, channel, kind, payload, created_at) values ($1,$2,$3,$4,$5,$6,$7)
         on conflict (event_id, user_id, channel) do nothing`,
        [newNotificationId('nit'), eventId, u.id, channel, e.kind, payload, s.now().toISOString()],
      );
      n++;
    }
  }
  return n;
}

async function expand(s: Settings): Promise<{ events: number; items: number }> {
  return s.db.transaction(async (tx) => {
    const rows = await tx.query(
      `select id, payload from notification_events where expanded_at is null order by seq limit $1 for update skip locked`,
      [s.batchSize],
    );
    let items = 0;
    for (const r of rows) {
      items += await expandOne(tx, s, r.id, r.payload as NotificationEvent);
      await tx.query('update notification_events set expanded_at = $2 where id = $1', [r.id, s.now().toISOString()]);
    }
    return { events: rows.length, items };
  });
}

/** Runs the throttle for one lane, under its lock; returns the messages made. */
async function decideLane(s: Settings, userId: string, channel: Channel): Promise<number> {
  return s.db.transaction(async (tx) => {
    await tx.query('insert into notification_lanes (user_id, channel) values ($1,$2) on conflict do nothing', [userId, channel]);
    await tx.query('select 1 from notification_lanes where user_id = $1 and channel = $2 for update', [userId, channel]);
    const now = s.now();
    const items = await tx.query(
      `select id, mode, decided_at from notification_items where user_id = $1 and channel = $2 and message_id is null order by seq`,
      [userId, channel],
    );
    if (!items.length) return 0;
    const since = new Date(now.getTime() - s.windowMs).toISOString();
    const [h] = await tx.query(
      `select count(*) filter (where mode = 'single')::int as singles, count(*) filter (where mode = 'digest')::int as digests
         from notification_messages where user_id = $1 and channel = $2 and created_at > $3`,
      [userId, channel, since],
    );
    const laneItems: LaneItem[] = items.map((i) => ({
      id: i.id,
      mode: i.mode === 'held' ? 'held' : null,
      decidedAt: i.decided_at ? new Date(i.decided_at).getTime() : null,
    }));
    const d = decide(laneItems, { singles: h.singles, digests: h.digests }, now.getTime(), { immediatePerWindow: s.immediate, windowMs: s.windowMs });
    const at = now.toISOString();
    let made = 0;
    const message = async (mode: 'single' | 'digest', ids: string[]) => {
      const id = newNotificationId('nms');
      await tx.query(
        `insert into notification_messages (id, user_id, channel, mode, items, created_at, next_attempt_at) values ($1,$2,$3,$4,$5,$6,$6)`,
        [id, userId, channel, mode, ids.length, at],
      );
      await tx.query(`update notification_items set mode = $2, decided_at = coalesce(decided_at, $3), message_id = $4 where id = any($1)`, [
        ids, mode === 'single' ? 'single' : 'held', at, id,
      ]);
      made++;
    };
    for (const id of d.singles) await message('single', [id]);
    if (d.hold.length) await tx.query(`update notification_items set mode = 'held', decided_at = $2 where id = any($1)`, [d.hold, at]);
    if (d.digest) await message('digest', d.digest);
    return made;
  });
}

async function decideLanes(s: Settings): Promise<number> {
  const dueHeld = new Date(s.now().getTime() - s.windowMs).toISOString();
  const lanes = await s.db.query(
    `select distinct user_id, channel from notification_items
      where message_id is null and (mode is null or (mode = 'held' and decided_at <= $1))`,
    [dueHeld],
  );
  let made = 0;
  for (const l of lanes) made += await decideLane(s, l.user_id, l.channel);
  return made;
}

async function claimDue(s: Settings): Promise<Row[]> {
  const now = s.now();
  return s.db.query(
    `update notification_messages set next_attempt_at = $2 where id in (
       select id from notification_messages where sent_at is null and failed_at is null and next_attempt_at <= $1
       order by next_attempt_at, id limit $3 for update skip locked)
     returning id, user_id, channel, mode, attempts`,
    [now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), s.batchSize],
  );
}

type Outcome = { ok: true } | { ok: false; final: boolean; error: string };

async function sendMail(s: Settings, m: Row, subject: string, text: string): Promise<Outcome> {
  const [p] = await s.db.query('select email from notification_preferences where user_id = $1', [m.user_id]);
  if (!p?.email) return { ok: false, final: true, error: 'no e-mail address' };
  if (!s.mailer.enabled) return { ok: false, final: true, error: 'mail is not configured' };
  try {
    await s.mailer.send({ to: p.email, subject, text });
    return { ok: true };
  } catch (err) {
    const e = err as Error & { responseCode?: number };
    // 5xx: the server refuses this mail for good; anything else may pass later.
    return { ok: false, final: !!e.responseCode && e.responseCode >= 500, error: e.message };
  }
}

async function sendPushes(s: Settings, m: Row, payload: string, urgent: boolean): Promise<Outcome> {
  const subs = await s.db.query('select id, endpoint, p256dh, auth from push_subscriptions where user_id = $1 order by id', [m.user_id]);
  if (!subs.length) return { ok: false, final: true, error: 'no push subscription' };
  let delivered = 0;
  const errors: string[] = [];
  for (const sub of subs) {
    const r = await sendPush(sub as never, payload, {
      vapid: s.vapid,
      allowed: s.allowed,
      fetch: s.fetch,
      urgency: urgent ? 'high' : 'normal',
    });
    if (r.ok) {
      delivered++;
      await s.db.query('update push_subscriptions set last_success_at = $2, last_error = null where id = $1', [sub.id, s.now().toISOString()]);
    } else if (r.gone) {
      s.log?.info({ subscription: sub.id, error: r.error }, 'notifications: push subscription gone; removed');
      await s.db.query('delete from push_subscriptions where id = $1', [sub.id]);
    } else {
      errors.push(r.error);
      await s.db.query('update push_subscriptions set last_error = $2 where id = $1', [sub.id, r.error]);
    }
  }
  if (delivered) return { ok: true };
  return errors.length ? { ok: false, final: false, error: errors.join('; ') } : { ok: false, final: true, error: 'every push subscription is gone' };
}

async function deliver(s: Settings, m: Row): Promise<boolean> {
  const items = await s.db.query('select payload from notification_items where message_id = $1 order by seq', [m.id]);
  const events = items.map((i) => i.payload as NotificationEvent);
  let outcome: Outcome;
  if (!events.length) outcome = { ok: false, final: true, error: 'nothing to send' };
  else {
    const r = events.length === 1 ? render(events[0]) : renderDigest(events);
    if (m.channel === 'email') outcome = await sendMail(s, m, r.title, r.text);
    else {
      const first = events[0];
      const body = JSON.stringify({
        title: r.title,
        body: r.line,
        tag: events.length === 1 && first.kind === 'alert' ? `alert:${first.alert.alertId}` : `sealwatch:${m.mode}`,
        kind: events.length === 1 ? first.kind : 'digest',
        count: events.length,
        alertId: events.length === 1 && first.kind === 'alert' ? first.alert.alertId : undefined,
      });
      const urgent = events.some((e) => e.kind === 'alert' && e.alert.severity === 'critical');
      outcome = await sendPushes(s, m, body, urgent);
    }
  }
  const now = s.now();
  const attempts = m.attempts + 1;
  if (outcome.ok) {
    await s.db.query('update notification_messages set attempts = $2, sent_at = $3, last_error = null where id = $1', [m.id, attempts, now.toISOString()]);
    return true;
  }
  if (outcome.final || attempts >= s.backoff.maxAttempts) {
    s.log?.warn({ message: m.id, channel: m.channel, attempts, error: outcome.error }, 'notifications: message given up');
    await s.db.query('update notification_messages set attempts = $2, failed_at = $3, last_error = $4 where id = $1', [
      m.id, attempts, now.toISOString(), outcome.error,
    ]);
    return false;
  }
  const next = new Date(now.getTime() + retryDelayMs(attempts, s.backoff, s.random));
  await s.db.query('update notification_messages set attempts = $2, next_attempt_at = $3, last_error = $4 where id = $1', [
    m.id, attempts, next.toISOString(), outcome.error,
  ]);
  return false;
}

export function createNotifier(db: Db, o: NotifierOptions): Notifier {
  const s: Settings = {
    db,
    mailer: o.mailer,
    vapid: o.vapid,
    immediate: o.config.immediatePerWindow,
    windowMs: o.config.digestWindowMs,
    now: o.now ?? (() => new Date()),
    random: o.random ?? Math.random,
    fetch: o.fetch ?? fetch,
    backoff: { ...NOTIFY_BACKOFF, ...o.backoff },
    allowed: allowedNetworks(o.allowedNetworks),
    log: o.log,
    batchSize: o.batchSize ?? 50,
  };
  let prunedAt = 0;
  const notifier: Notifier = {
    async runOnce() {
      const x = await expand(s);
      const messages = await decideLanes(s);
      let sent = 0;
      const due = await claimDue(s);
      for (const m of due) if (await deliver(s, m)) sent++;
      if (s.now().getTime() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = s.now().getTime();
        await prune(s);
      }
      return { events: x.events, items: x.items, messages, sent };
    },
  };
  return notifier;
}
