// The audit trail, queried: customs sees every entry, a company its own people's and keys'. Newest
// first, paged by the id of the last entry seen (`before`): entries keep arriving while one pages.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ownedWhere } from '../../access/policy.ts';
import type { AppContext } from '../../platform.ts';
import { QueryInt } from '../paging.ts';
import { Limit } from '../schemas.ts';

const Query = Type.Object(
  {
    resource: Type.Optional(Type.String({ maxLength: 50, description: 'The kind of entity: user, api_key, webhook, device, …' })),
    resourceId: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Type.String({ maxLength: 100 })),
    actor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'An actor id, or part of the username or name of the person who acted' }),
    ),
    action: Type.Optional(Type.String({ maxLength: 50 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'From this time (inclusive)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Until this time (exclusive)' })),
    before: Type.Optional(QueryInt({ description: 'Only entries older than the entry with this id (the next page)' })),
    limit: Type.Optional(Limit(1000)),
  },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Entry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    kind: Type.String(),
    id: Type.String(),
    companyUbn: Nullable(Type.String()),
    name: Type.Optional(Type.String({ description: 'The person’s name, when the actor is a user' })),
  }),
  action: Type.String(),
  resource: Type.String(),
  resourceId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  before: Type.Unknown({ description: 'The entity before the change (its form depends on the resource); null when it was created' }),
  after: Type.Unknown({ description: 'The entity after the change, or what the action carried; null when it was deleted' }),
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export default async function auditRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Static<typeof Query> }>(
    '/audit',
    {
      schema: {
        tags: ['access'],
        summary: "Search the audit trail, newest first (customs: all; a company: its own people's and keys')",
        description: 'Filter by actor, action, entity and time; page with `before` set to the id of the last entry of the previous page.',
        querystring: Query,
        response: { 200: Type.Array(Entry) },
      },
    },
    async (req) => {
      const q = req.query;
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, v: unknown) => {
        params.push(v);
        where.push(sql.replace('?', `$${params.length}`));
      };
      const own = ownedWhere(req.principal!, 'a', params);
      if (own) where.push(own);
      if (q.resource) add('a.resource = ?', q.resource);
      if (q.resourceId) add('a.resource_id = ?', q.resourceId);
      if (q.actorId) add('a.actor_id = ?', q.actorId);
      if (q.actor) {
        params.push(q.actor, `%${escapeLike(q.actor)}%`);
        const [id, like] = [params.length - 1, params.length];
        where.push(`(a.actor_id = $${id} or a.actor_id in (select id from users where username ilike $${like} or name ilike $${like}))`);
      }
      if (q.action) add('a.action = ?', q.action);
      if (q.from) add('a.at >= ?', q.from);
      if (q.to) add('a.at < ?', q.to);
      if (q.before !== undefined) add('a.id < ?', Number(q.before));
      params.push(q.limit ?? 100);
      const rows = await ctx.db.query(
        `select a.*, u.name as actor_name from audit_log a left join users u on a.actor_kind = 'user' and u.id = a.actor_id
         ${where.length ? 'where ' + where.join(' and ') : ''} order by a.id desc limit $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        actor: { kind: r.actor_kind, id: r.actor_id, companyUbn: r.company_ubn ?? null, ...(r.actor_name ? { name: r.actor_name } : {}) },
        action: r.action,
        resource: r.resource,
        resourceId: r.resource_id ?? null,
        ip: r.ip ?? null,
        before: r.before,
        after: r.after,
      }));
    },
  );
}
