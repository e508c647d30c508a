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

export default async function movementRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Params: { containerNo: string } }>(
    '/containers/:containerNo/history',
    {
      schema: {
        tags: ['movements'],
        summary: "A container's whole history: timeline, places, clearances, alerts (customs)",
        params: Type.Object({ containerNo: Type.String({ maxLength: 20 }) }),
      },
    },
    async (req) => {
      if (!mayReadMovements(req.principal!)) throw forbidden('A container\'s whole history is for customs', 'customs.only');
      const v = validateContainerNo(req.params.containerNo);
      if (!v.ok) throw notFound(`Container ${req.params.containerNo}`);
      const engine = ctx.services.monitor?.engine;
      return containerHistory(ctx.db, v.value, engine ? (id) => engine.getTrip(id) : undefined);
    },
  );

  api.get<{ Querystring: Static<typeof ExceptionQuery> }>(
    '/movements/exceptions',
    { schema: { tags: ['movements'], summary: 'Movement alerts to work through, oldest unresolved first (customs)', querystring: ExceptionQuery } },
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
