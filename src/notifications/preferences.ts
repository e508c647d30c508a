// A person's own notification settings and push subscriptions. Each person manages only their
// own (nobody, customs included, reads or changes another's: they are about where a person is
// reached); every change is audited. API keys are systems, not people: they have none.
import { ECDH } from 'node:crypto';
import { isIP, type BlockList } from 'node:net';
import { recordAudit, type Actor } from '../audit/trail.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { FieldErrors, forbidden, notFound, type ErrorParams } from '../core/errors.ts';
import type { Db, Row } from '../store/db.ts';
import { addressProblem } from '../webhooks/destination.ts';
import { isEmailAddress } from './mailer.ts';
import { defaultRules, MAX_RULES, type NotificationRule, type Preferences } from './rules.ts';

/** Browsers (phone, desktop) one person may have subscribed at once. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;

function person(p: Principal): Principal {
  if (p.kind !== 'user') throw forbidden('Notifications are for people: an API key has none', 'person.only');
  return p;
}

export async function preferencesOf(db: Pick<Db, 'query'>, p: Principal): Promise<Preferences> {
  person(p);
  const [row] = await db.query('select email, rules from notification_preferences where user_id = $1', [p.id]);
  const own = (row?.rules as NotificationRule[] | null | undefined) ?? null;
  return { email: row?.email ?? null, rules: own ?? defaultRules(p), defaultRules: !own };
}

/** Checks beyond the schema's: what only makes sense for alerts, and for the trade. */
function checkRules(p: Principal, rules: NotificationRule[], errs: FieldErrors): void {
  if (rules.length > MAX_RULES) errs.add('/body/rules', `at most ${MAX_RULES} rules`, 'array.too_long', { limit: MAX_RULES });
  rules.forEach((r, i) => {
    if (r.kind !== 'alert') {
      for (const f of ['alertTypes', 'severities', 'ownTripsOnly'] as const) {
        if (r[f] !== undefined) errs.add(`/body/rules/${i}/${f}`, `applies to alerts only, not to ${r.kind}`, 'notification.alert_only', { kind: r.kind });
      }
    }
    if (r.ownTripsOnly && isCustoms(p)) errs.add(`/body/rules/${i}/ownTripsOnly`, 'customs is party to no trip: leave it out', 'notification.customs_no_trips');
  });
}

const normalRule = (r: NotificationRule): NotificationRule => ({
  kind: r.kind,
  channels: [...r.channels],
  ...(r.alertTypes?.length ? { alertTypes: [...r.alertTypes] } : {}),
  ...(r.severities?.length ? { severities: [...r.severities] } : {}),
  ...(r.ownTripsOnly ? { ownTripsOnly: true } : {}),
});

export async function savePreferences(
  db: Db,
  actor: Actor,
  p: Principal,
  body: { email?: string | null; rules?: NotificationRule[] | null },
): Promise<Preferences> {
  person(p);
  const errs = new FieldErrors();
  const email = body.email?.trim() || null;
  if (email && !isEmailAddress(email)) errs.add('/body/email', 'is not an e-mail address', 'string.format', { format: 'email' });
  if (body.rules) checkRules(p, body.rules, errs);
  errs.throwIfAny();
  const rules = body.rules ? body.rules.map(normalRule) : null;
  return db.transaction(async (tx) => {
    const before = await preferencesOf(tx, p);
    await tx.query(
      `insert into notification_preferences (user_id, email, rules, updated_at) values ($1,$2,$3, now())
       on conflict (user_id) do update set email = excluded.email, rules = excluded.rules, updated_at = now()`,
      [p.id, email, rules ? JSON.stringify(rules) : null],
    );
    const after: Preferences = { email, rules: rules ?? defaultRules(p), defaultRules: !rules };
    await recordAudit(tx, actor, { action: 'update', resource: 'notification_preferences', resourceId: p.id, before, after });
    return after;
  });
}

export interface NewPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** An uncompressed point on P-256, as PushSubscription.getKey('p256dh') gives: the payload is encrypted to it. */
function isP256Point(raw: Buffer): boolean {
  if (raw.length !== 65 || raw[0] !== 4) return false;
  try {
    ECDH.convertKey(raw, 'prime256v1', undefined, undefined, 'uncompressed');
    return true;
  } catch {
    return false;
  }
}

/**
 * A push endpoint is an address the platform will POST to: https, and not on a private network
 * unless the deployment allows that network (WEBHOOK_ALLOWED_NETWORKS, as for webhooks; http is
 * then allowed too). A host name is checked again at every delivery (push.ts).
 */
function endpointProblem(raw: string, allowed: BlockList): { message: string; code: string; params?: ErrorParams } | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { message: 'is not an absolute URL', code: 'url.not_absolute' };
  }
  if (u.username || u.password) return { message: 'must not carry credentials', code: 'url.credentials' };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const ip = isIP(host) ? host : null;
  if (u.protocol === 'https:') {
    const private_ = ip ? addressProblem(ip, allowed) : null;
    return private_ ? { message: private_, code: 'url.private_address', params: { address: host } } : null;
  }
  if (u.protocol === 'http:' && ip && allowed.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4')) return null;
  return { message: 'must be an https URL (a browser push service)', code: 'url.scheme', params: { allowed: 'https' } };
}

export const subscriptionJson = (r: Row) => ({
  id: r.id as string,
  endpoint: r.endpoint as string,
  userAgent: (r.user_agent as string | null) ?? undefined,
  createdAt: new Date(r.created_at).toISOString(),
  lastSuccessAt: r.last_success_at ? new Date(r.last_success_at).toISOString() : undefined,
  lastError: (r.last_error as string | null) ?? undefined,
});

export async function listSubscriptions(db: Pick<Db, 'query'>, p: Principal) {
  person(p);
  const rows = await db.query('select * from push_subscriptions where user_id = $1 order by created_at, id', [p.id]);
  return rows.map(subscriptionJson);
}

/**
 * Subscribes this browser for the person. An endpoint already known (the same browser, maybe after
 * another person's log-in) is taken over: a browser gets the notifications of who subscribed last.
 */
export async function subscribe(db: Db, actor: Actor, p: Principal, b: NewPushSubscription, allowed: BlockList, userAgent?: string) {
  person(p);
  const errs = new FieldErrors();
  const bad = endpointProblem(b.endpoint, allowed);
  if (bad) errs.add('/body/endpoint', bad.message, bad.code, bad.params);
  if (!B64URL.test(b.keys.p256dh) || !isP256Point(Buffer.from(b.keys.p256dh, 'base64url'))) {
    errs.add('/body/keys/p256dh', 'must be a P-256 public key of 65 bytes, base64url', 'push.p256dh');
  }
  if (!B64URL.test(b.keys.auth) || Buffer.from(b.keys.auth, 'base64url').length < 16) errs.add('/body/keys/auth', 'must be 16 bytes, base64url', 'push.auth');
  errs.throwIfAny();
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.query('select count(*)::int as n from push_subscriptions where user_id = $1 and endpoint <> $2', [p.id, b.endpoint]);
    if (n >= MAX_PUSH_SUBSCRIPTIONS) {
      errs.add('/body/endpoint', `you have ${n} push subscriptions, the most allowed; remove one first`, 'subscription.too_many', { limit: n });
      errs.throwIfAny();
    }
    const [before] = await tx.query('select * from push_subscriptions where endpoint = $1', [b.endpoint]);
    const [row] = await tx.query(
      `insert into push_subscriptions (id, user_id, endpoint, p256dh, auth, user_agent) values ($1,$2,$3,$4,$5,$6)
       on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
         user_agent = excluded.user_agent, last_error = null
       returning *`,
      [newId('psub'), p.id, b.endpoint, b.keys.p256dh, b.keys.auth, userAgent?.slice(0, 300) ?? null],
    );
    const json = subscriptionJson(row);
    await recordAudit(tx, actor, {
      action: before ? 'update' : 'create',
      resource: 'push_subscription',
      resourceId: row.id,
      before: before ? { ...subscriptionJson(before), userId: before.user_id } : undefined,
      after: { ...json, userId: p.id },
    });
    return { created: !before, subscription: json };
  });
}

export async function unsubscribe(db: Db, actor: Actor, p: Principal, id: string): Promise<void> {
  person(p);
  await db.transaction(async (tx) => {
    const [row] = await tx.query('select * from push_subscriptions where id = $1 and user_id = $2', [id, p.id]);
    if (!row) throw notFound(`Push subscription ${id}`, 'push_subscription', id);
    await tx.query('delete from push_subscriptions where id = $1', [id]);
    await recordAudit(tx, actor, { action: 'delete', resource: 'push_subscription', resourceId: id, before: { ...subscriptionJson(row), userId: p.id } });
  });
}
