// Designated routes between facilities (Art. 30 of the customs transport regulation): path,
// corridor, time limit, ordered checkpoints, per-route alert thresholds. Read by every
// authenticated caller; written by a customs admin.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REFERENCE_WRITERS } from '../../access/policy.ts';
import { createRoute, removeRoute, replaceRoute } from '../../registry/route-service.ts';
import { getRoute, listRoutes } from '../../registry/routes.ts';
import { RouteSchema, type RouteBody } from '../../registry/validate-route.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';

const ListQuery = Type.Object(
  {
    origin: Type.Optional(Type.String({ maxLength: 20 })),
    destination: Type.Optional(Type.String({ maxLength: 20 })),
    checkpoint: Type.Optional(Type.String({ maxLength: 20 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
const Params = Type.Object({ code: Type.String({ maxLength: 40 }) });
type Params = Static<typeof Params>;

const Deleted = { description: 'Deleted', type: 'null' } as const;

const tags = ['registry'];
const writers = { auth: { roles: REFERENCE_WRITERS } };
const upper = (s: string | undefined) => s?.trim().toUpperCase();

export default async function routeRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: RouteBody }>(
    '/routes',
    { config: writers, schema: { tags, summary: 'Designate a route (customs admin)', body: RouteSchema, response: { 201: RouteSchema } } },
    async (req, reply) => {
      const saved = await createRoute(ctx, requestActor(req), req.body);
      reply.status(201);
      return saved;
    },
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/routes',
    { schema: { tags, summary: 'Designated routes, by code', querystring: ListQuery, response: { 200: Type.Array(RouteSchema) } } },
    async (req) =>
      listRoutes(ctx.db, {
        ...page(req.query),
        origin: upper(req.query.origin),
        destination: upper(req.query.destination),
        checkpoint: upper(req.query.checkpoint),
      }),
  );

  api.get<{ Params: Params }>(
    '/routes/:code',
    { schema: { tags, summary: 'One designated route', params: Params, response: { 200: RouteSchema } } },
    async (req) => {
      const r = await getRoute(ctx.db, req.params.code);
      if (!r) throw notFound(`Route ${req.params.code}`, 'route', req.params.code);
      return r;
    },
  );

  api.put<{ Params: Params; Body: RouteBody }>(
    '/routes/:code',
    {
      config: writers,
      schema: { tags, summary: 'Replace a designated route (customs admin)', params: Params, body: RouteSchema, response: { 200: RouteSchema } },
    },
    async (req) => replaceRoute(ctx, requestActor(req), req.params.code, req.body),
  );

  api.delete<{ Params: Params }>(
    '/routes/:code',
    { config: writers, schema: { tags, summary: 'Delete a designated route (customs admin)', params: Params, response: { 204: Deleted } } },
    async (req, reply) => {
      await removeRoute(ctx, requestActor(req), req.params.code);
      reply.status(204);
    },
  );
}
