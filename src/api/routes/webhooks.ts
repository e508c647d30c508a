// Webhook subscriptions: a destination yard (or customs) has transport-note events POSTed to its
// own system. The signing secret is shown once, at creation.
import { randomBytes } from 'node:crypto';
import { isIP, type BlockList } from 'node:net';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isCustoms, type Principal, type Role } from '../../auth/roles.ts';
import { mayReadOwned, ownedWhere } from '../../access/policy.ts';
import { newId } from '../../auth/secrets.ts';
import type { Queryable, Row } from '../../store/db.ts';
import { addressProblem, allowedNetworks } from '../../webhooks/destination.ts';
import { NOTE_EVENTS, newDeliveryId } from '../../webhooks/events.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import type { ErrorParams } from '../../core/errors.ts';
import { FieldErrors, forbidden, notFound } from '../problem.ts';
import { Timestamp } from '../schemas.ts';

const MANAGERS: readonly Role[] = ['yard_operator', 'customs_admin', 'customs_officer'];
const MAX_SUBSCRIPTIONS_PER_COMPANY = 20;

const NewSubscription = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) address the events are POSTed to' }),
    events: Type.Optional(
      Type.Array(Type.Union(NOTE_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true, description: 'Default: all' }),
    ),
    facilities: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 10 }), {
        maxItems: 100,
        uniqueItems: true,
        description: 'Only notes going to these facilities (default: every facility the company operates)',
      }),
    ),
    companyUbn: Type.Optional(Type.String({ maxLength: 8, description: 'Customs only: subscribe for another company' })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
type NewSubscriptionBody = Static<typeof NewSubscription>;

const DeliveriesQuery = Type.Object(
  {
    pending: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  },
  { additionalProperties: false },
);

const EventName = Type.Union(NOTE_EVENTS.map((e) => Type.Literal(e)));
/** A subscription as toJson answers it: never its secret. */
const SubscriptionSchema = Type.Object({
  id: Type.String(),
  companyUbn: Type.String(),
  url: Type.String(),
  events: Type.Array(EventName),
  facilities: Type.Array(Type.String(), { description: 'Empty: every facility the company operates (customs: every facility)' }),
  description: Type.Optional(Type.String()),
  createdAt: Timestamp(),
});
const NewSubscriptionAnswer = Type.Composite([
  SubscriptionSchema,
  Type.Object({ secret: Type.String({ description: 'The HMAC signing secret, shown this once' }) }),
]);
const DeliverySchema = Type.Object({
  id: Type.String({ description: 'Also sent as X-SealWatch-Delivery' }),
  event: Type.Union([EventName, Type.Literal('webhook.test')]),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Optional(Timestamp({ description: 'Absent once delivered or given up' })),
  deliveredAt: Type.Optional(Timestamp()),
  failedAt: Type.Optional(Timestamp({ description: 'Given up: attempts exhausted or the subscription deleted' })),
  lastStatus: Type.Optional(Type.Integer({ description: 'The receiver’s HTTP status at the last attempt' })),
  lastError: Type.Optional(Type.String()),
  createdAt: Timestamp(),
  payload: Type.Object(
    {
      event: Type.String(),
      occurredAt: Timestamp(),
      data: Type.Object({}, { additionalProperties: true, description: 'The transport note (cnNo, version, status, note), or less for a test or a moved destination' }),
    },
    { description: 'The JSON body POSTed' },
  ),
});

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : undefined);

const toJson = (r: Row) => ({
  id: r.id,
  companyUbn: r.company_ubn,
  url: r.url,
  events: r.events,
  facilities: r.facilities,
  description: r.description ?? undefined,
  createdAt: iso(r.created_at),
});

const deliveryJson = (r: Row) => ({
  id: r.id,
  event: r.event,
  attempts: r.attempts,
  nextAttemptAt: r.delivered_at || r.failed_at ? undefined : iso(r.next_attempt_at),
  deliveredAt: iso(r.delivered_at),
  failedAt: iso(r.failed_at),
  lastStatus: r.last_status ?? undefined,
  lastError: r.last_error ?? undefined,
  createdAt: iso(r.created_at),
  payload: r.payload,
});

/**
 * Events go to machines: an address with credentials in it, or not http(s), is refused, and so is
 * a private or loopback IP address (a host name is checked at each delivery, see destination.ts).
 */
function urlProblem(raw: string, allowed: BlockList): UrlProblem | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { message: 'is not an absolute URL', code: 'url.not_absolute' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { message: 'must be an http or https URL', code: 'url.scheme', params: { allowed: 'http, https' } };
  if (u.username || u.password) return { message: 'must not carry credentials; the signature authenticates the platform', code: 'url.credentials' };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const private_ = isIP(host) ? addressProblem(host, allowed) : null;
  return private_ ? { message: private_, code: 'url.private_address', params: { address: host } } : undefined;
}

/** What is wrong with an address, in English and as a stable code. */
interface UrlProblem {
  message: string;
  code: string;
  params?: ErrorParams;
}

async function checkFacilities(q: Queryable, codes: string[], companyUbn: string, customs: boolean, errs: FieldErrors): Promise<void> {
  if (!codes.length) return;
  const rows = await q.query('select code, operator_ubn from facilities where code = any($1)', [codes]);
  const byCode = new Map(rows.map((r) => [r.code, r.operator_ubn]));
  codes.forEach((code, i) => {
    if (!byCode.has(code)) errs.add(`/body/facilities/${i}`, `no facility ${code} is registered`, 'facility.unknown', { code });
    else if (!customs && byCode.get(code) !== companyUbn) errs.add(`/body/facilities/${i}`, `facility ${code} is not operated by ${companyUbn}`, 'facility.not_operated', { code, ubn: companyUbn });
  });
}

/** A company's subscriptions are its own; customs manages any company's. */
const mayManage = (p: Principal, companyUbn: string) => mayReadOwned(p, companyUbn);

export default async function webhookRoutes(api: FastifyInstance, ctx: AppContext) {
  const allowed = allowedNetworks(ctx.config.webhooks.allowedNetworks);
  const config = { auth: { roles: MANAGERS } };

  api.post<{ Body: NewSubscriptionBody }>(
    '/webhooks',
    {
      config,
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to transport-note events of your destination facilities (yard operators, customs)',
        description:
          'Each event is POSTed as JSON with X-SealWatch-Event, X-SealWatch-Delivery (idempotency key) and ' +
          'X-SealWatch-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body" with the secret>. The secret is returned once, here. ' +
          'Failed deliveries are retried with exponential backoff (10 s up to 1 h, 12 attempts).',
        body: NewSubscription,
        response: { 201: NewSubscriptionAnswer },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const b = req.body;
      const companyUbn = b.companyUbn ?? p.companyUbn;
      if (!mayManage(p, companyUbn)) throw forbidden('You may subscribe only for your own company', 'company.own_only', { ubn: p.companyUbn });
      const errs = new FieldErrors();
      const bad = urlProblem(b.url, allowed);
      if (bad) errs.add('/body/url', bad.message, bad.code, bad.params);
      if (!(await ctx.db.query('select 1 from companies where ubn = $1', [companyUbn])).length) errs.add('/body/companyUbn', `no company ${companyUbn}`, 'company.unknown', { ubn: companyUbn });
      await checkFacilities(ctx.db, b.facilities ?? [], companyUbn, isCustoms(p), errs);
      const [{ n }] = await ctx.db.query('select count(*)::int as n from webhook_subscriptions where company_ubn = $1 and deleted_at is null', [companyUbn]);
      if (n >= MAX_SUBSCRIPTIONS_PER_COMPANY) errs.add('/body/url', `${companyUbn} has ${n} subscriptions, the most allowed; delete one first`, 'subscription.too_many', { limit: n });
      errs.throwIfAny();
      const id = newId('whs');
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      const row = await ctx.db.transaction(async (tx) => {
        const [r] = await tx.query(
          `insert into webhook_subscriptions (id, company_ubn, url, events, facilities, description, secret, created_by)
           values ($1,$2,$3,$4,$5,$6,$7,$8) returning *`,
          [id, companyUbn, b.url, b.events ?? [...NOTE_EVENTS], b.facilities ?? [], b.description ?? null, secret, p.id],
        );
        await audit(tx, req, { action: 'create', resource: 'webhook', resourceId: id, after: toJson(r) });
        return r;
      });
      reply.status(201);
      return { ...toJson(row), secret };
    },
  );

  api.get(
    '/webhooks',
    {
      config,
      schema: {
        tags: ['webhooks'],
        summary: 'Your company’s webhook subscriptions, oldest first, never their secrets (yard operators; customs: all)',
        response: { 200: Type.Array(SubscriptionSchema) },
      },
    },
    async (req) => {
      const p = req.principal!;
      const params: unknown[] = [];
      const own = ownedWhere(p, 'w', params);
      const rows = await ctx.db.query(`select * from webhook_subscriptions w where deleted_at is null ${own ? `and ${own}` : ''} order by created_at`, params);
      return rows.map(toJson);
    },
  );

  const findVisible = async (p: Principal, id: string) => {
    const [row] = await ctx.db.query('select * from webhook_subscriptions where id = $1 and deleted_at is null', [id]);
    if (!row || !mayManage(p, row.company_ubn)) throw notFound(`Webhook subscription ${id}`, 'webhook', id);
    return row;
  };

  api.get<{ Params: { id: string } }>(
    '/webhooks/:id',
    { config, schema: { tags: ['webhooks'], summary: 'One webhook subscription of your company (customs: any)', response: { 200: SubscriptionSchema } } },
    async (req) => toJson(await findVisible(req.principal!, req.params.id)),
  );

  api.get<{ Params: { id: string }; Querystring: Static<typeof DeliveriesQuery> }>(
    '/webhooks/:id/deliveries',
    {
      config,
      schema: {
        tags: ['webhooks'],
        summary: 'Recent deliveries of a subscription, newest first, with their payloads and outcome (pending=true: not yet done)',
        querystring: DeliveriesQuery,
        response: { 200: Type.Array(DeliverySchema) },
      },
    },
    async (req) => {
      await findVisible(req.principal!, req.params.id);
      const pending = req.query.pending === 'true';
      const rows = await ctx.db.query(
        `select * from webhook_deliveries where subscription = $1 ${pending ? 'and delivered_at is null and failed_at is null' : ''}
         order by created_at desc, id limit $2`,
        [req.params.id, Math.min(Math.max(Number(req.query.limit ?? 100), 1), 500)],
      );
      return rows.map(deliveryJson);
    },
  );

  api.post<{ Params: { id: string } }>(
    '/webhooks/:id/test',
    {
      config,
      schema: {
        tags: ['webhooks'],
        summary: 'Send a test event to a subscription of your company (customs: any)',
        description:
          'Queues one "webhook.test" delivery, signed and retried like any other; its outcome appears among the deliveries. ' +
          'The receiver should answer 2xx and otherwise ignore it.',
        response: { 202: DeliverySchema },
      },
    },
    async (req, reply) => {
      const row = await findVisible(req.principal!, req.params.id);
      const id = newDeliveryId();
      const event = 'webhook.test';
      const delivery = await ctx.db.transaction(async (tx) => {
        const [d] = await tx.query('insert into webhook_deliveries (id, subscription, event, payload) values ($1,$2,$3,$4) returning *', [
          id,
          row.id,
          event,
          JSON.stringify({ event, occurredAt: new Date().toISOString(), data: { subscription: row.id } }),
        ]);
        await audit(tx, req, { action: 'test', resource: 'webhook', resourceId: row.id, after: { delivery: id } });
        return d;
      });
      reply.status(202);
      return deliveryJson(delivery);
    },
  );

  api.delete<{ Params: { id: string } }>(
    '/webhooks/:id',
    {
      config,
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook subscription of your company (customs: any); its pending deliveries are given up',
        response: { 204: { description: 'Deleted', type: 'null' } },
      },
    },
    async (req, reply) => {
      const row = await findVisible(req.principal!, req.params.id);
      await ctx.db.transaction(async (tx) => {
        await tx.query('update webhook_subscriptions set deleted_at = now() where id = $1', [row.id]);
        // Nothing more is sent to a deleted subscription.
        await tx.query(
          `update webhook_deliveries set failed_at = now(), last_error = 'subscription deleted'
           where subscription = $1 and delivered_at is null and failed_at is null`,
          [row.id],
        );
        await audit(tx, req, { action: 'delete', resource: 'webhook', resourceId: row.id, before: toJson(row) });
      });
      reply.status(204);
    },
  );
}
