// The audit trail, queried: customs sees every entry, a company its own people's and keys'.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ownedWhere } from '../../access/policy.ts';
import type { AppContext } from '../../platform.ts';
import { Limit } from '../schemas.ts';

const Query = Type.Object(
  {
    resource: Type.Optional(Type.String({ maxLength: 50 })),
    resourceId: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Type.String({ maxLength: 100 })),
    action: Type.Optional(Type.String({ maxLength: 50 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Limit(1000)),
  },
  { additionalProperties: false },
);

export default async function auditRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Static<typeof Query> }>(
    '/audit',
    { schema: { tags: ['access'], querystring: Query } },
    async (req) => {
      const q = req.query;
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, v: unknown) => {
        params.push(v);
        where.push(sql.replace('?', `$${params.length}`));
      };
      const own = ownedWhere(req.principal!, 'audit_log', params);
      if (own) where.push(own);
      if (q.resource) add('resource = ?', q.resource);
      if (q.resourceId) add('resource_id = ?', q.resourceId);
      if (q.actorId) add('actor_id = ?', q.actorId);
      if (q.action) add('action = ?', q.action);
      if (q.from) add('at >= ?', q.from);
      if (q.to) add('at < ?', q.to);
      params.push(q.limit ?? 100);
      const rows = await ctx.db.query(
        `select * from audit_log ${where.length ? 'where ' + where.join(' and ') : ''} order by id desc limit $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actor: { kind: r.actor_kind, id: r.actor_id, companyUbn: r.company_ubn },
        action: r.action,
        resource: r.resource,
        resourceId: r.resource_id,
        ip: r.ip,
        before: r.before,
        after: r.after,
      }));
    },
  );
}
