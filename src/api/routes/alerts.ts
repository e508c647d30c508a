// Alerts and their handling by the monitoring centre: list and read (scoped like trips), and, for
// customs, acknowledge, assign, annotate and resolve. Each handling step is a row in alert_events
// and an audit entry, in the same transaction as the change.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CUSTOMS_ROLES } from '../../auth/roles.ts';
import { ALERT_TYPES } from '../../core/types.ts';
import { alertsWhere, canSeeMonitored } from '../../access/policy.ts';
import { presentAlert, presentAlertEvent } from '../../monitor/present.ts';
import { alertContext } from '../../alert-procedures/context.ts';
import { forgetMonth } from '../../reports/jobs.ts';
import type { Queryable, Row } from '../../store/db.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { conflict, notFound, Problem } from '../problem.ts';
import { Limit, Nullable, Offset, Timestamp } from '../schemas.ts';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const RESOLUTIONS = ['false_alarm', 'explained', 'escalated', 'referred_to_police'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ enum: [...ALERT_STATUSES] })),
    type: Type.Optional(Type.String({ enum: [...ALERT_TYPES] })),
    severity: Type.Optional(Type.String({ enum: [...SEVERITIES] })),
    tripId: Type.Optional(Type.String({ maxLength: 100 })),
    plate: Type.Optional(Type.String({ maxLength: 12 })),
    limit: Type.Optional(Limit(1000, 100)),
    offset: Type.Optional(Offset()),
  },
  { additionalProperties: false },
);
type ListQuery = Static<typeof ListQuery>;
const Params = Type.Object({ id: Type.String({ maxLength: 200 }) });
type Params = Static<typeof Params>;
const AssignBody = Type.Object({ to: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
const NoteBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
const ResolveBody = Type.Object(
  {
    resolution: Type.String({ enum: [...RESOLUTIONS] }),
    note: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);

/** The most alerts one bulk acknowledgement takes: a full screen of the queue and then some. */
export const MAX_BULK_ACK = 200;
const BulkAckBody = Type.Object(
  { alertIds: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: MAX_BULK_ACK, uniqueItems: true }) },
  { additionalProperties: false, examples: [{ alertIds: ['TR-1:low_battery:1', 'TR-2:low_battery:1'] }] },
);

/** An alert as the API answers it (presentAlert); only its detail differs by alert type. */
export const AlertSchema = Type.Object({
  alertId: Type.String(),
  alertType: Type.String({ enum: [...ALERT_TYPES] }),
  severity: Type.String({ enum: [...SEVERITIES] }),
  tripId: Nullable(Type.String()),
  plate: Nullable(Type.String()),
  cnNos: Type.Array(Type.String()),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  detail: Type.Object({}, { additionalProperties: true, description: 'What the rule found; its fields depend on the alert type' }),
  openedAt: Nullable(Timestamp()),
  clearedAt: Nullable(Timestamp()),
  active: Type.Boolean({ description: 'The engine still sees the condition (stateful alerts clear when it ends)' }),
  status: Type.String({ enum: [...ALERT_STATUSES] }),
  acknowledgedBy: Nullable(Type.String()),
  acknowledgedAt: Nullable(Timestamp()),
  assignedTo: Nullable(Type.String()),
  resolution: Nullable(Type.String({ enum: [...RESOLUTIONS], description: 'How it was resolved' })),
  resolutionNote: Nullable(Type.String()),
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Timestamp()),
});
const AlertEventSchema = Type.Object({
  at: Nullable(Timestamp()),
  kind: Type.String({ description: 'acknowledged, assigned, note, resolved, …' }),
  actor: Nullable(Type.String({ description: 'kind:id of who acted' })),
  data: Type.Optional(Type.Unknown({ description: 'What the step carried (the note, the assignee, the resolution)' })),
});
const AlertWithHistory = Type.Intersect([AlertSchema, Type.Object({ history: Type.Array(AlertEventSchema) })]);
const BulkAckResult = Type.Object({
  results: Type.Array(
    Type.Object({
      alertId: Type.String(),
      /** acknowledged: done now; unchanged: someone had acknowledged it; failed: see status and detail. */
      outcome: Type.String({ enum: ['acknowledged', 'unchanged', 'failed'] }),
      status: Type.Integer({ description: 'The HTTP status this alert alone would have had' }),
      detail: Type.Optional(Type.String()),
      code: Type.Optional(Type.String({ description: 'Why it failed, a stable code (docs/error-codes.md), e.g. alert.resolved' })),
      params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
      alert: Type.Optional(AlertSchema),
    }),
  ),
});

const ContactSchema = Nullable(
  Type.Object({ ubn: Type.String(), name: Type.String(), contactName: Nullable(Type.String()), contactPhone: Nullable(Type.String()) }),
);
const AlertContextSchema = Type.Object({
  alertId: Type.String(),
  sealIds: Type.Array(Type.String()),
  driver: Nullable(Type.Object({ nationalId: Type.String(), name: Type.String(), phone: Nullable(Type.String()) })),
  fleet: ContactSchema,
  yard: ContactSchema,
  origin: Nullable(Type.String()),
  destination: Nullable(Type.String()),
  procedure: Type.Object({
    alertType: Type.String(),
    steps: Type.Object({ 'zh-TW': Type.Array(Type.String()), en: Type.Array(Type.String()) }),
    builtIn: Type.Boolean(),
    updatedAt: Nullable(Type.String()),
    updatedBy: Nullable(Type.String()),
  }),
});

const tags = ['monitoring'];
const handlers = { auth: { roles: CUSTOMS_ROLES } };

function actorOf(req: FastifyRequest): string {
  const p = req.principal!;
  return `${p.kind}:${p.id}`;
}

export default async function alertRoutes(api: FastifyInstance, ctx: AppContext) {
  async function visibleAlert(req: FastifyRequest, id: string, q: Queryable = ctx.db, lock = false): Promise<Row> {
    const [row] = await q.query(`select * from alerts where alert_id = $1${lock ? ' for update' : ''}`, [id]);
    if (!row || !(await canSeeMonitored(q, req.principal!, row))) throw notFound(`Alert ${id}`, 'alert', id);
    return row;
  }

  /** One handling step: change the alert (or not), record the event, audit, all in one transaction. */
  async function handle(
    req: FastifyRequest,
    id: string,
    action: string,
    step: (tx: Queryable, before: Row) => Promise<{ update?: { sql: string; params: unknown[] }; data?: unknown }>,
  ) {
    return ctx.db.transaction(async (tx) => {
      const before = await visibleAlert(req, id, tx, true);
      const { update, data } = await step(tx, before);
      let after = before;
      if (update) [after] = await tx.query(`update alerts set ${update.sql} where alert_id = $1 returning *`, [id, ...update.params]);
      // The month's kept report rows count the alert's handling: they are computed again.
      if (update) await forgetMonth(tx, before.opened_at);
      await tx.query('insert into alert_events (alert_id, at, kind, actor, data) values ($1, now(), $2, $3, $4)', [
        id, action, actorOf(req), data === undefined ? null : JSON.stringify(data),
      ]);
      await audit(tx, req, { action, resource: 'alert', resourceId: id, before: presentAlert(before), after: presentAlert(after) });
      return presentAlert(after);
    });
  }

  api.get<{ Querystring: ListQuery }>(
    '/alerts',
    { schema: { tags, summary: 'Alerts, most severe and newest first', querystring: ListQuery, response: { 200: Type.Array(AlertSchema) } } },
    async (req) => {
      const q = req.query;
      const params: unknown[] = [];
      const where: string[] = [];
      const scope = alertsWhere(req.principal!, 'a', params);
      if (scope) where.push(scope);
      const eq = (col: string, v: unknown) => {
        if (v === undefined) return;
        params.push(v);
        where.push(`a.${col} = $${params.length}`);
      };
      eq('status', q.status);
      eq('alert_type', q.type);
      eq('severity', q.severity);
      eq('trip_id', q.tripId);
      eq('plate', q.plate?.replace(/[\s-]+/g, '').toUpperCase());
      params.push(q.limit ?? 100, q.offset ?? 0);
      const rows = await ctx.db.query(
        `select * from alerts a ${where.length ? `where ${where.join(' and ')}` : ''}
         order by a.severity_rank, a.opened_at desc, a.alert_id limit $${params.length - 1} offset $${params.length}`,
        params,
      );
      return rows.map(presentAlert);
    },
  );

  api.get<{ Params: Params }>('/alerts/:id', { schema: { tags, summary: 'An alert and its history', params: Params, response: { 200: AlertWithHistory } } }, async (req) => {
    const row = await visibleAlert(req, req.params.id);
    const events = await ctx.db.query('select * from alert_events where alert_id = $1 order by at, id', [row.alert_id]);
    return { ...presentAlert(row), history: events.map(presentAlertEvent) };
  });

  // Whom to call and what to do: for the customs officer handling the alert (phones are personal data).
  api.get<{ Params: Params }>(
    '/alerts/:id/context',
    { config: handlers, schema: { tags, summary: 'Seals, driver, fleet and yard contacts and the procedure for an alert (customs)', params: Params, response: { 200: AlertContextSchema } } },
    async (req) => alertContext(ctx.db, await visibleAlert(req, req.params.id)),
  );

  /** Acknowledges one alert; the answer says whether it changed. */
  async function acknowledge(req: FastifyRequest, id: string) {
    let changed = false;
    const alert = await handle(req, id, 'acknowledged', async (_tx, before) => {
      if (before.status === 'resolved') throw conflict(`Alert ${id} is resolved`, 'alert.resolved', { id });
      if (before.status === 'acknowledged') return {};
      changed = true;
      return { update: { sql: `status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now()`, params: [actorOf(req)] } };
    });
    return { alert, changed };
  }

  // Many low alerts (batteries, links) are read at a glance and acknowledged together. Each alert
  // is its own step (own transaction, event and audit entry), so one that cannot be acknowledged
  // (resolved, not visible) is reported in its place and holds up none of the others.
  api.post<{ Body: Static<typeof BulkAckBody> }>(
    '/alerts/ack',
    {
      config: handlers,
      schema: {
        tags,
        summary: 'Acknowledge several alerts at once (customs); a result per alert',
        body: BulkAckBody,
        response: { 200: BulkAckResult },
      },
    },
    async (req) => {
      const results = [];
      for (const alertId of req.body.alertIds) {
        try {
          const { alert, changed } = await acknowledge(req, alertId);
          results.push({ alertId, outcome: changed ? 'acknowledged' : 'unchanged', status: 200, alert });
        } catch (err) {
          if (!(err instanceof Problem)) throw err;
          results.push({ alertId, outcome: 'failed', status: err.status, detail: err.detail ?? err.title, ...(err.code ? { code: err.code, params: err.params ?? {} } : {}) });
        }
      }
      return { results };
    },
  );

  api.post<{ Params: Params }>(
    '/alerts/:id/ack',
    { config: handlers, schema: { tags, summary: 'Acknowledge an alert (customs)', params: Params, response: { 200: AlertSchema } } },
    async (req) => (await acknowledge(req, req.params.id)).alert,
  );

  api.post<{ Params: Params; Body: Static<typeof AssignBody> }>(
    '/alerts/:id/assign',
    { config: handlers, schema: { tags, summary: 'Assign an alert to an officer (customs)', params: Params, body: AssignBody, response: { 200: AlertSchema } } },
    async (req) =>
      handle(req, req.params.id, 'assigned', async (_tx, before) => {
        if (before.status === 'resolved') throw conflict(`Alert ${req.params.id} is resolved`, 'alert.resolved', { id: req.params.id });
        return { update: { sql: 'assigned_to = $2', params: [req.body.to] }, data: { to: req.body.to } };
      }),
  );

  api.post<{ Params: Params; Body: Static<typeof NoteBody> }>(
    '/alerts/:id/notes',
    { config: handlers, schema: { tags, summary: 'Add a note to an alert (customs)', params: Params, body: NoteBody, response: { 201: AlertSchema } } },
    async (req, reply) => {
      const out = await handle(req, req.params.id, 'note', async () => ({ data: { note: req.body.note } }));
      reply.status(201);
      return out;
    },
  );

  api.post<{ Params: Params; Body: Static<typeof ResolveBody> }>(
    '/alerts/:id/resolve',
    { config: handlers, schema: { tags, summary: 'Resolve an alert (customs); once only', params: Params, body: ResolveBody, response: { 200: AlertSchema } } },
    async (req) =>
      handle(req, req.params.id, 'resolved', async (_tx, before) => {
        if (before.status === 'resolved') {
          throw conflict(`Alert ${req.params.id} is already resolved (${before.resolution})`, 'alert.resolved', { id: req.params.id, resolution: String(before.resolution) });
        }
        return {
          update: {
            sql: `status = 'resolved', resolution = $2, resolution_note = $3, resolved_by = $4, resolved_at = now(),
                  acknowledged_by = coalesce(acknowledged_by, $4), acknowledged_at = coalesce(acknowledged_at, now())`,
            params: [req.body.resolution, req.body.note, actorOf(req)],
          },
          data: { resolution: req.body.resolution, note: req.body.note },
        };
      }),
  );
}
