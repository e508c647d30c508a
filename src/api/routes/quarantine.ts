// GET /quarantine: what the monitor set aside because it could not store or apply it (an output
// the store refused, a stored input the engine failed on), with the reason and when. The rest of
// the platform went on without it; a customs admin looks into what is here.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { listQuarantine } from '../../monitor/quarantine.ts';
import type { AppContext } from '../../platform.ts';

const Query = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false });

const Entry = Type.Object({
  id: Type.Integer(),
  key: Type.String({ description: 'What the record is, e.g. input:42 or position:42' }),
  kind: Type.String({ description: 'The kind of output or input set aside' }),
  inputSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'The engine input it came from' }),
  record: Type.Unknown({ description: 'The record as it was, JSON (or its text when it was no JSON)' }),
  reason: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

export default async function quarantineRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Static<typeof Query> }>(
    '/quarantine',
    {
      config: { auth: { roles: ['customs_admin'] as const } },
      schema: {
        tags: ['monitoring'],
        summary: 'Records the monitor set aside (could not store or apply), newest first (customs admin)',
        querystring: Query,
        response: { 200: Type.Array(Entry) },
      },
    },
    async (req) => listQuarantine(ctx.db, req.query.limit ?? 100),
  );
}
