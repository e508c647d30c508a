// An account's life after creation: disable and enable it, set a new password for it, end its
// sessions. Whoever may create an account of these roles for this company may do these to it
// (mayGrant); an account of another company is not found. Disabling and a new password end every
// session of the account at once, and every change is audited.
import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mayReadOwned } from '../../access/policy.ts';
import { PASSWORD_RULES, passwords } from '../../auth/secrets.ts';
import { endSessions } from '../../auth/sessions.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { FieldErrors, conflict, forbidden, notFound } from '../problem.ts';
import { UserSchema, mayGrant, toJson } from './users.ts';
import { isFleetDriver } from '../../registry/drivers.ts';
import { checkStorageCodes } from '../../registry/storage-codes.ts';

const managers = { auth: { roles: ['customs_admin', 'yard_operator', 'fleet_operator'] as const } };
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
type IdParams = Static<typeof Params>;
const Access = Type.Object(
  {
    roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, uniqueItems: true }),
    companyUbn: Type.Optional(Type.String({ maxLength: 8, description: 'Move the account to this company (customs admins only)' })),
  },
  { additionalProperties: false },
);
const NewPassword = Type.Object({ password: Type.String(PASSWORD_RULES) }, { additionalProperties: false });
const EndedSessions = Type.Integer({ minimum: 0, description: 'How many sessions of the account were ended' });
const UserWithEndedSessions = Type.Composite([UserSchema, Type.Object({ endedSessions: EndedSessions })]);

export default async function userLifecycleRoutes(api: FastifyInstance, ctx: AppContext) {
  /** The account the caller manages, or 404 (another company's) or 403 (roles the caller may not give). */
  async function managedUser(req: FastifyRequest<{ Params: IdParams }>) {
    const p = req.principal!;
    const [row] = await ctx.db.query('select * from users where id = $1', [req.params.id]);
    if (!row || !mayReadOwned(p, row.company_ubn)) throw notFound(`User ${req.params.id}`, 'user', req.params.id);
    if (!mayGrant(p, row.company_ubn, row.roles)) throw forbidden('You may not manage an account with these roles', 'role.grant');
    return row;
  }

  async function setDisabled(req: FastifyRequest<{ Params: IdParams }>, disabled: boolean) {
    const before = await managedUser(req);
    if (disabled && before.id === req.principal!.id) throw conflict('You cannot disable your own account', 'user.disable_self');
    return ctx.db.transaction(async (tx) => {
      const [r] = await tx.query('update users set disabled = $2 where id = $1 returning *', [before.id, disabled]);
      const ended = disabled ? await endSessions(tx, before.id) : 0;
      await audit(tx, req, {
        action: disabled ? 'disable' : 'enable',
        resource: 'user',
        resourceId: before.id,
        before: toJson(before),
        after: { ...toJson(r), ...(disabled ? { endedSessions: ended } : {}) },
      });
      return toJson(r);
    });
  }

  api.post<{ Params: IdParams }>(
    '/users/:id/disable',
    { config: managers, schema: { tags: ['access'], summary: 'Disable an account and end its sessions', params: Params, response: { 200: UserSchema } } },
    async (req) => setDisabled(req, true),
  );

  api.post<{ Params: IdParams }>(
    '/users/:id/enable',
    { config: managers, schema: { tags: ['access'], summary: 'Enable a disabled account', params: Params, response: { 200: UserSchema } } },
    async (req) => setDisabled(req, false),
  );

  api.put<{ Params: IdParams; Body: Static<typeof Access> }>(
    '/users/:id/access',
    {
      config: managers,
      schema: {
        tags: ['access'],
        summary: "Set an account's roles and company (ends its sessions, so the new roles apply at its next log-in)",
        description: 'The caller must be allowed to give both the old and the new roles in the old and the new company.',
        params: Params,
        body: Access,
        response: { 200: UserSchema },
      },
    },
    async (req) => {
      const before = await managedUser(req);
      const p = req.principal!;
      const companyUbn = req.body.companyUbn ?? before.company_ubn;
      const roles = req.body.roles;
      if (!mayGrant(p, companyUbn, roles)) throw forbidden('You may not give these roles in this company', 'role.grant');
      if (before.id === p.id && !roles.includes('customs_admin') && before.roles.includes('customs_admin')) {
        throw conflict('You cannot take the administrator role from your own account', 'user.admin_self');
      }
      const errs = new FieldErrors();
      if (!(await ctx.db.query('select 1 from companies where ubn = $1', [companyUbn])).length) errs.add('/body/companyUbn', `no company ${companyUbn}`, 'company.unknown', { ubn: companyUbn });
      if (before.storage_codes?.length && !roles.includes('responsible_person')) {
        errs.add('/body/roles', 'the account holds storage codes: keep responsible_person, or clear its storage codes first', 'user.storage_codes_role');
      }
      // What ties the account to the field must hold in its company, as at creation (users.ts).
      if (before.national_id && roles.includes('driver') && !(await isFleetDriver(ctx.db, before.national_id, companyUbn))) {
        errs.add('/body/companyUbn', `no driver of company ${companyUbn} has national ID ${before.national_id}`, 'driver.not_in_company', { ubn: companyUbn, nationalId: before.national_id });
      }
      if (companyUbn !== before.company_ubn) await checkStorageCodes(ctx.db, before.storage_codes ?? [], companyUbn, '/body/companyUbn', errs);
      errs.throwIfAny();
      return ctx.db.transaction(async (tx) => {
        const [r] = await tx.query('update users set roles = $2, company_ubn = $3 where id = $1 returning *', [before.id, roles, companyUbn]);
        const ended = before.id === p.id ? 0 : await endSessions(tx, before.id);
        await audit(tx, req, { action: 'set_access', resource: 'user', resourceId: before.id, before: toJson(before), after: { ...toJson(r), endedSessions: ended } });
        return toJson(r);
      });
    },
  );

  api.post<{ Params: IdParams; Body: Static<typeof NewPassword> }>(
    '/users/:id/password',
    {
      config: managers,
      schema: { tags: ['access'], summary: "Set a new password for someone's account (ends all its sessions)", params: Params, body: NewPassword, response: { 200: UserWithEndedSessions } },
    },
    async (req) => {
      const user = await managedUser(req);
      const hash = await passwords.hash(req.body.password);
      const ended = await ctx.db.transaction(async (tx) => {
        await tx.query('update users set password_hash = $2 where id = $1', [user.id, hash]);
        const n = await endSessions(tx, user.id);
        await audit(tx, req, { action: 'reset_password', resource: 'user', resourceId: user.id, after: { endedSessions: n } });
        return n;
      });
      return { ...toJson(user), endedSessions: ended };
    },
  );

  api.delete<{ Params: IdParams }>(
    '/users/:id/sessions',
    { config: managers, schema: { tags: ['access'], summary: "End all of an account's sessions", params: Params, response: { 200: Type.Object({ endedSessions: EndedSessions }) } } },
    async (req) => {
      const user = await managedUser(req);
      const ended = await ctx.db.transaction(async (tx) => {
        const n = await endSessions(tx, user.id);
        await audit(tx, req, { action: 'end_sessions', resource: 'user', resourceId: user.id, after: { endedSessions: n } });
        return n;
      });
      return { endedSessions: ended };
    },
  );
}
