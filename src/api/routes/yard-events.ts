// POST /yard-events: a terminal operating system reports containers handled in its yard
// (discharged off a vessel, loaded onto one, moved within the yard), one or {events: [...]}.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { YARD_EVENT_KINDS } from '../../core/types.ts';
import { MAX_YARD_BATCH, reportYardEvents, type YardOutcome } from '../../movements/yard.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { statusOf, unprocessable } from '../problem.ts';
import { GATE_REPORTERS } from './gate-events.ts';
import { BatchSummarySchema, FieldErrorSchema } from './transport-notes.ts';

const YardEventSchema = Type.Object(
  {
    facility: Type.String({ minLength: 1, maxLength: 20 }),
    containerNo: Type.String({ maxLength: 20, description: 'ISO 6346' }),
    event: Type.String({ enum: [...YARD_EVENT_KINDS] }),
    equipmentId: Type.Optional(Type.String({ maxLength: 40, description: 'Crane or straddle carrier' })),
    position: Type.Optional(Type.String({ maxLength: 40, description: 'block/bay/row/tier' })),
  },
  { additionalProperties: false },
);

const Stored = Type.Object({ id: Type.Integer({ description: 'The stored event' }), yardEvent: YardEventSchema });
const BatchAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      status: Type.Integer({ description: 'The HTTP status this event alone would have had' }),
      id: Type.Optional(Type.Integer()),
      errors: Type.Optional(Type.Array(FieldErrorSchema)),
      detail: Type.Optional(Type.String()),
    }),
  ),
  summary: BatchSummarySchema,
});

const isBatch = (body: unknown): body is { events: unknown } => typeof body === 'object' && body !== null && 'events' in body;

const result = (o: YardOutcome, index: number) =>
  o.ok ? { index, status: 202, id: o.id } : { index, status: statusOf(o.error.kind), ...(o.error.errors ? { errors: o.error.errors } : { detail: o.error.message }) };

export default async function yardEventRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post(
    '/yard-events',
    {
      config: { auth: { roles: GATE_REPORTERS } },
      schema: {
        tags: ['movements'],
        summary: 'Containers discharged, loaded or moved in a yard, one or {events: [...]} (terminal operating system, customs)',
        description: `A batch (at most ${MAX_YARD_BATCH}) answers 207 with one result per event ({index, status, id?, errors?}).`,
        body: Type.Union([YardEventSchema, Type.Object({ events: Type.Array(YardEventSchema) })]),
        response: { 202: Stored, 207: BatchAnswer },
      },
      validatorCompiler: () => () => true,
    },
    async (req, reply) => {
      const actor = requestActor(req);
      if (isBatch(req.body)) {
        const events = req.body.events;
        if (!Array.isArray(events) || events.length === 0 || events.length > MAX_YARD_BATCH) {
          throw unprocessable([{ path: '/body/events', message: `must be an array of 1 to ${MAX_YARD_BATCH} yard events`, code: 'array.length', params: { min: 1, max: MAX_YARD_BATCH } }]);
        }
        const outcomes = await reportYardEvents(ctx, actor, req.principal!, events, (i) => `/body/events/${i}`);
        const ok = outcomes.filter((o) => o.ok).length;
        reply.status(207);
        return { results: outcomes.map(result), summary: { ok, failed: outcomes.length - ok } };
      }
      const [o] = await reportYardEvents(ctx, actor, req.principal!, [req.body], () => '/body');
      if (!o.ok) throw o.error;
      reply.status(202);
      return { id: o.id, yardEvent: o.event };
    },
  );
}
