// Companies, by unified business number, with the roles they play.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COMPANY_ROLES } from '../../auth/roles.ts';
import { mayReadOwned, ownedWhere } from '../../access/policy.ts';
import { validateUbn } from '../../core/ids/index.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { FieldErrors, conflict, notFound } from '../problem.ts';

const Company = Type.Object(
  {
    ubn: Type.String({ maxLength: 8 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    roles: Type.Array(Type.Union(COMPANY_ROLES.map((r) => Type.Literal(r))), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
type CompanyBody = Static<typeof Company>;

const toJson = (r: any) => ({ ubn: r.ubn, name: r.name, roles: r.roles, createdAt: r.created_at });

export default async function companyRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: CompanyBody }>(
    '/companies',
    { config: { auth: { roles: ['customs_admin'] } }, schema: { tags: ['access'], body: Company } },
    async (req, reply) => {
      const errs = new FieldErrors();
      const ubn = validateUbn(req.body.ubn);
      if (!ubn.ok) errs.add('/body/ubn', ubn.message, ubn.code, ubn.params);
      errs.throwIfAny();
      const exists = await ctx.db.query('select 1 from companies where ubn = $1', [req.body.ubn]);
      if (exists.length) throw conflict(`Company ${req.body.ubn} exists`);
      const [row] = await ctx.db.transaction(async (tx) => {
        const rows = await tx.query('insert into companies (ubn, name, roles) values ($1,$2,$3) returning *', [
          req.body.ubn,
          req.body.name,
          req.body.roles,
        ]);
        await audit(tx, req, { action: 'create', resource: 'company', resourceId: req.body.ubn, after: req.body });
        return rows;
      });
      reply.status(201);
      return toJson(row);
    },
  );

  api.get('/companies', { schema: { tags: ['access'] } }, async (req) => {
    const p = req.principal!;
    const params: unknown[] = [];
    const own = ownedWhere(p, 'c', params, 'ubn');
    const rows = await ctx.db.query(`select * from companies c ${own ? `where ${own}` : ''} order by ubn`, params);
    return rows.map(toJson);
  });

  api.get<{ Params: { ubn: string } }>('/companies/:ubn', { schema: { tags: ['access'] } }, async (req) => {
    if (!mayReadOwned(req.principal!, req.params.ubn)) throw notFound(`Company ${req.params.ubn}`);
    const [row] = await ctx.db.query('select * from companies where ubn = $1', [req.params.ubn]);
    if (!row) throw notFound(`Company ${req.params.ubn}`);
    return toJson(row);
  });
}
