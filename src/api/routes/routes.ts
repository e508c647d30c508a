// Designated routes between facilities (Art. 30 of the customs transport regulation): path,
// corridor, time limit, ordered checkpoints, per-route alert thresholds. Read by every
// authenticated caller; written by a customs admin.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Route } from '../../core/types.ts';
import { REFERENCE_WRITERS } from '../../registry/access.ts';
import { requireSameId, validated } from '../../registry/validated.ts';
import { engineInput, writeAudited } from '../../registry/write.ts';
import { deleteRoute, getRoute, insertRoute, listRoutes, updateRoute } from '../../registry/routes.ts';
import { RouteSchema, checkRouteRefs, normalizeRoute, type RouteBody } from '../../registry/validate-route.ts';
import type { Queryable } from '../../store/db.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { conflict, notFound } from '../problem.ts';

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

const tags = ['registry'];
const writers = { auth: { roles: REFERENCE_WRITERS } };
const upper = (s: string | undefined) => s?.trim().toUpperCase();

const validRoute = (q: Queryable, body: RouteBody) =>
  validated(
    q,
    (errs) => normalizeRoute(body, '/body', errs),
    (r, errs) => checkRouteRefs(q, r, '/body', errs),
  );

export default async function routeRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: RouteBody }>('/routes', { config: writers, schema: { tags, body: RouteSchema } }, async (req, reply) => {
    const r = await validRoute(ctx.db, req.body);
    if (await getRoute(ctx.db, r.code)) throw conflict(`Route ${r.code} exists`);
    const saved = await writeAudited(ctx, requestActor(req), async (tx) => {
      const after = await insertRoute(tx, r);
      return { result: after, audit: { action: 'create', resource: 'route', resourceId: r.code, after }, inputs: [engineInput('route', after)] };
    });
    reply.status(201);
    return saved;
  });

  api.get<{ Querystring: Static<typeof ListQuery> }>('/routes', { schema: { tags, querystring: ListQuery } }, async (req) =>
    listRoutes(ctx.db, {
      ...page(req.query),
      origin: upper(req.query.origin),
      destination: upper(req.query.destination),
      checkpoint: upper(req.query.checkpoint),
    }),
  );

  api.get<{ Params: Params }>('/routes/:code', { schema: { tags, params: Params } }, async (req) => {
    const r = await getRoute(ctx.db, req.params.code);
    if (!r) throw notFound(`Route ${req.params.code}`);
    return r;
  });

  api.put<{ Params: Params; Body: RouteBody }>(
    '/routes/:code',
    { config: writers, schema: { tags, params: Params, body: RouteSchema } },
    async (req) => {
      const code = req.params.code;
      const r = await validRoute(ctx.db, req.body);
      requireSameId(code, r.code, 'code');
      const before = await getRoute(ctx.db, code);
      if (!before) throw notFound(`Route ${code}`);
      return writeAudited(ctx, requestActor(req), async (tx) => {
        const after = (await updateRoute(tx, r)) as Route;
        return { result: after, audit: { action: 'update', resource: 'route', resourceId: code, before, after }, inputs: [engineInput('route', after)] };
      });
    },
  );

  api.delete<{ Params: Params }>('/routes/:code', { config: writers, schema: { tags, params: Params } }, async (req, reply) => {
    const before = await getRoute(ctx.db, req.params.code);
    if (!before) throw notFound(`Route ${req.params.code}`);
    await writeAudited(ctx, requestActor(req), async (tx) => {
      await deleteRoute(tx, before.code);
      return { result: null, audit: { action: 'delete', resource: 'route', resourceId: before.code, before }, inputs: [engineInput('referenceDeleted', { kind: 'route', code: before.code })] };
    });
    reply.status(204);
  });
}
