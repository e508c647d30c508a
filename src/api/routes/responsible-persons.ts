// Responsible persons (專責人員) of yards and warehouses, and the storage codes each may confirm
// sealing for. A person holds one or more storage codes of their own company: codes served by
// facilities that company operates. A yard operator manages its own people; customs sees all and a
// customs admin manages all.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { mayReadOwned, ownedScope } from '../../access/policy.ts';
import { writeAudited } from '../../registry/write.ts';
import { checkStorageCodes } from '../../registry/storage-codes.ts';
import type { Row } from '../../store/db.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { FieldErrors, conflict, notFound } from '../problem.ts';

const StorageCodes = Type.Object(
  {
    storageCodes: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), {
      maxItems: 50,
      description: 'The full set; an empty list withdraws every code',
    }),
  },
  { additionalProperties: false },
);
type StorageCodesBody = Static<typeof StorageCodes>;
const Params = Type.Object({ userId: Type.String({ maxLength: 100 }) });
const ListQuery = Type.Object({ companyUbn: Type.Optional(Type.String({ maxLength: 8 })) }, { additionalProperties: false });

const ResponsiblePerson = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  name: Type.String(),
  companyUbn: Type.String(),
  storageCodes: Type.Array(Type.String(), { description: 'The storage codes they may confirm sealing for' }),
  disabled: Type.Boolean(),
});

const tags = ['access'];
const ROLE = 'responsible_person';

const toJson = (r: Row) => ({
  userId: r.id,
  username: r.username,
  name: r.name,
  companyUbn: r.company_ubn,
  storageCodes: r.storage_codes,
  disabled: r.disabled,
});

export default async function responsiblePersonRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/responsible-persons',
    {
      config: { auth: { roles: ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'] } },
      schema: {
        tags,
        summary: "Responsible persons and their storage codes, by company (customs: all; a yard: its own)",
        querystring: ListQuery,
        response: { 200: Type.Array(ResponsiblePerson) },
      },
    },
    async (req) => {
      const scope = ownedScope(req.principal!);
      const rows = await ctx.db.query(
        `select * from users where $1 = any(roles) and ($2::text is null or company_ubn = $2) and ($3::text is null or company_ubn = $3)
         order by company_ubn, username`,
        [ROLE, scope, req.query.companyUbn ?? null],
      );
      return rows.map(toJson);
    },
  );

  api.put<{ Params: Static<typeof Params>; Body: StorageCodesBody }>(
    '/responsible-persons/:userId/storage-codes',
    {
      config: { auth: { roles: ['customs_admin', 'yard_operator'] } },
      schema: {
        tags,
        summary: "Set a responsible person's storage codes (customs admin; a yard operator for its own people)",
        params: Params,
        body: StorageCodes,
        response: { 200: ResponsiblePerson },
      },
    },
    async (req) => {
      const p = req.principal!;
      const [user] = await ctx.db.query('select * from users where id = $1', [req.params.userId]);
      if (!user || !mayReadOwned(p, user.company_ubn)) throw notFound(`User ${req.params.userId}`, 'user', req.params.userId);
      if (!user.roles.includes(ROLE)) throw conflict(`User ${user.id} is not a responsible person; give them that role first`, 'user.not_responsible_person', { user: user.id });
      const errs = new FieldErrors();
      const codes = await checkStorageCodes(ctx.db, req.body.storageCodes, user.company_ubn, '/body/storageCodes', errs);
      errs.throwIfAny();
      return writeAudited(ctx, requestActor(req), async (tx) => {
        const [after] = await tx.query('update users set storage_codes = $2 where id = $1 returning *', [user.id, codes]);
        return {
          result: toJson(after),
          audit: { action: 'set_storage_codes', resource: 'user', resourceId: user.id, before: toJson(user), after: toJson(after) },
          inputs: [],
        };
      });
    },
  );
}
