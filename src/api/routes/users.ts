// People's accounts. Customs admins manage everyone; a yard or fleet operator manages the people of
// their own company in the roles that company may hand out. What ties an account to the field is
// checked against the account's company, whoever creates it: its storage codes must be served by
// facilities that company operates (src/registry/storage-codes.ts), and a driver account's national
// ID must be a driver of that company's fleet, else a fleet could make an account in another fleet's
// driver's name, bind to that fleet's truck and pair its seals.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Principal, type Role, hasRole } from '../../auth/roles.ts';
import { mayReadOwned, ownedWhere } from '../../access/policy.ts';
import { PASSWORD_RULES, hashPassword, newId } from '../../auth/secrets.ts';
import { validateNationalId } from '../../core/ids/index.ts';
import { isFleetDriver } from '../../registry/drivers.ts';
import { checkStorageCodes } from '../../registry/storage-codes.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { FieldErrors, conflict, forbidden, notFound } from '../problem.ts';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const NewUser = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    companyUbn: Type.String({ maxLength: 8 }),
    roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
    password: Type.String(PASSWORD_RULES),
    nationalId: Type.Optional(Type.String({ maxLength: 10 })),
    storageCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
type NewUserBody = Static<typeof NewUser>;

/** An account as the API answers it (never its password). */
export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  companyUbn: Type.String(),
  roles: Type.Array(RoleSchema),
  nationalId: Type.Optional(Type.String({ description: 'Drivers: the national ID their account is bound to' })),
  storageCodes: Type.Array(Type.String(), { description: 'Responsible persons: the storage codes they may confirm sealing for' }),
  disabled: Type.Boolean(),
});

/** Roles a non-customs operator may give to people of their own company. */
const DELEGABLE: Partial<Record<Role, Role[]>> = {
  yard_operator: ['yard_operator', 'responsible_person'],
  fleet_operator: ['fleet_operator', 'driver'],
};

export function mayGrant(p: Principal, companyUbn: string, roles: Role[]): boolean {
  if (hasRole(p, ['customs_admin'])) return true;
  if (companyUbn !== p.companyUbn) return false;
  const allowed = new Set(p.roles.flatMap((r) => DELEGABLE[r] ?? []));
  return roles.every((r) => allowed.has(r));
}

export const toJson = (r: any) => ({
  id: r.id,
  username: r.username,
  name: r.name,
  companyUbn: r.company_ubn,
  roles: r.roles,
  nationalId: r.national_id ?? undefined,
  storageCodes: r.storage_codes,
  disabled: r.disabled,
});

export default async function userRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: NewUserBody }>(
    '/users',
    {
      config: { auth: { roles: ['customs_admin', 'yard_operator', 'fleet_operator'] } },
      schema: {
        tags: ['access'],
        summary: 'Create an account (customs admin; a yard or fleet operator for its own company, in the roles it may hand out)',
        body: NewUser,
        response: { 201: UserSchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (!mayGrant(req.principal!, b.companyUbn, b.roles)) throw forbidden('You may not create this account with these roles', 'role.grant');
      const errs = new FieldErrors();
      let nationalId: string | null = null;
      if (b.nationalId) {
        const v = validateNationalId(b.nationalId);
        if (!v.ok) errs.add('/body/nationalId', v.message, v.code, v.params);
        else nationalId = v.value;
      }
      const [company] = await ctx.db.query('select 1 from companies where ubn = $1', [b.companyUbn]);
      if (!company) errs.add('/body/companyUbn', `no company ${b.companyUbn}`, 'company.unknown', { ubn: b.companyUbn });
      // One message whether the driver is unknown or another fleet's: the answer names no other fleet's driver.
      if (nationalId && b.roles.includes('driver') && !(await isFleetDriver(ctx.db, nationalId, b.companyUbn))) {
        errs.add('/body/nationalId', `no driver of company ${b.companyUbn} has national ID ${nationalId}`, 'driver.not_in_company', { ubn: b.companyUbn, nationalId });
      }
      const storageCodes = b.storageCodes ?? [];
      if (storageCodes.length && !b.roles.includes('responsible_person')) {
        errs.add('/body/storageCodes', 'only a responsible person holds storage codes', 'user.storage_codes_role');
      }
      const codes = await checkStorageCodes(ctx.db, storageCodes, b.companyUbn, '/body/storageCodes', errs);
      errs.throwIfAny();
      if ((await ctx.db.query('select 1 from users where username = $1', [b.username])).length) {
        throw conflict(`Username ${b.username} is taken`, 'username.taken', { username: b.username });
      }
      const id = newId('usr');
      const hash = await hashPassword(b.password);
      const row = await ctx.db.transaction(async (tx) => {
        const [r] = await tx.query(
          `insert into users (id, username, name, company_ubn, roles, national_id, storage_codes, password_hash)
           values ($1,$2,$3,$4,$5,$6,$7,$8) returning *`,
          [id, b.username, b.name, b.companyUbn, b.roles, nationalId, codes, hash],
        );
        await audit(tx, req, { action: 'create', resource: 'user', resourceId: id, after: toJson(r) });
        return r;
      });
      reply.status(201);
      return toJson(row);
    },
  );

  api.get('/users', { schema: { tags: ['access'], summary: "Accounts, by username (customs: all; others: their company's)", response: { 200: Type.Array(UserSchema) } } }, async (req) => {
    const p = req.principal!;
    const params: unknown[] = [];
    const own = ownedWhere(p, 'u', params);
    const rows = await ctx.db.query(`select * from users u ${own ? `where ${own}` : ''} order by username`, params);
    return rows.map(toJson);
  });

  api.get<{ Params: { id: string } }>('/users/:id', { schema: { tags: ['access'], summary: "One account (customs: any; others: their company's)", response: { 200: UserSchema } } }, async (req) => {
    const p = req.principal!;
    const [row] = await ctx.db.query('select * from users where id = $1', [req.params.id]);
    if (!row || !mayReadOwned(p, row.company_ubn)) throw notFound(`User ${req.params.id}`, 'user', req.params.id);
    return toJson(row);
  });
}
