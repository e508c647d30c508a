// A container's whole history (customs): its timeline from discharge to loading, the places on
// the map, its clearances and alerts; and the exception list of movement alerts officers work
// through (acknowledge and resolve them as any alert, /alerts/{id}/ack and /resolve).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { mayReadMovements } from '../../access/policy.ts';
import { validateContainerNo } from '../../core/ids/index.ts';
import { containerHistory } from '../../movements/history.ts';
import { presentAlert } from '../../monitor/present.ts';
import type { AppContext } from '../../platform.ts';
import { forbidden, notFound } from '../problem.ts';
import { Nullable, Timestamp } from '../schemas.ts';
import { AlertSchema } from './alerts.ts';
import { ClearanceViewSchema, MOVEMENT_STATUSES } from './clearances.ts';

/** The alerts of container movements (CONTRACT section 9) and the gate mismatches beside them. */
export const MOVEMENT_ALERT_TYPES = ['gate_out_unreleased', 'gate_out_without_cn', 'loaded_unreleased', 'container_conflict', 'cn_not_started', 'gate_mismatch'];

const ExceptionQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ enum: ['open', 'acknowledged', 'resolved', 'unresolved'], description: 'default unresolved (open or acknowledged)' })),
    type: Type.Optional(Type.String({ enum: MOVEMENT_ALERT_TYPES })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1..1000, default 200' })),
  },
  { additionalProperties: false },
);

const HistoryAnswer = Type.Object({
  containerNo: Type.String(),
  status: Type.String({ enum: MOVEMENT_STATUSES, description: 'Where it is: the phase of its latest movement' }),
  lastEventAt: Nullable(Timestamp()),
  facility: Nullable(Type.String({ description: 'Where its latest movement was' })),
  trip: Nullable(Type.Object({ tripId: Type.String(), state: Type.String(), plate: Type.String() }, { description: 'The last trip that carried it' })),
  lastPosition: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number(), ts: Timestamp() })),
  timeline: Type.Array(
    Type.Object({
      at: Timestamp(),
      phase: Type.String({ enum: ['clearance', 'discharge', 'yard', 'gate_out', 'trip', 'gate_in', 'loading'] }),
      kind: Type.String({ description: 'A yard event, gate_in / gate_out, a trip state, or clearance_<status>' }),
      facility: Nullable(Type.String()),
      detail: Type.Object({}, { additionalProperties: true, description: 'What the source said: its fields depend on the phase' }),
    }),
    { description: 'Oldest first' },
  ),
  clearances: Type.Array(ClearanceViewSchema),
  alerts: Type.Array(AlertSchema),
  places: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), lat: Type.Number(), lon: Type.Number() }),
    { description: 'The facilities of the timeline, at the centre of their area, for the map' },
  ),
});
const Exception = Type.Intersect([
  AlertSchema,
  Type.Object({ containerNo: Nullable(Type.String({ description: 'The container the alert is about' })) }),
]);

export default async function movementRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Params: { containerNo: string } }>(
    '/containers/:containerNo/history',
    {
      schema: {
        tags: ['movements'],
        summary: "A container's whole history: timeline, places, clearances, alerts (customs)",
        params: Type.Object({ containerNo: Type.String({ maxLength: 20 }) }),
        response: { 200: HistoryAnswer },
      },
    },
    async (req) => {
      if (!mayReadMovements(req.principal!)) throw forbidden('A container\'s whole history is for customs', 'customs.only');
      const v = validateContainerNo(req.params.containerNo);
      if (!v.ok) throw notFound(`Container ${req.params.containerNo}`, 'container', req.params.containerNo);
      const engine = ctx.services.monitor?.engine;
      return containerHistory(ctx.db, v.value, engine ? (id) => engine.getTrip(id) : undefined);
    },
  );

  api.get<{ Querystring: Static<typeof ExceptionQuery> }>(
    '/movements/exceptions',
    { schema: { tags: ['movements'], summary: 'Movement alerts to work through, oldest unresolved first (customs)', querystring: ExceptionQuery, response: { 200: Type.Array(Exception) } } },
    async (req) => {
      if (!mayReadMovements(req.principal!)) throw forbidden('The movement exceptions are for customs', 'customs.only');
      const q = req.query;
      const status = q.status ?? 'unresolved';
      const params: unknown[] = [q.type ? [q.type] : MOVEMENT_ALERT_TYPES];
      const where = ['alert_type = any($1)'];
      if (status === 'unresolved') where.push(`status <> 'resolved'`);
      else where.push(`status = $${params.push(status)}`);
      const limit = Math.min(Math.max(Number(q.limit ?? 200), 1), 1000);
      const rows = await ctx.db.query(
        `select * from alerts where ${where.join(' and ')} order by severity_rank, opened_at limit $${params.push(limit)}`,
        params,
      );
      return rows.map((r) => ({ ...presentAlert(r), containerNo: (r.detail?.containerNo as string | undefined) ?? null }));
    },
  );
}
