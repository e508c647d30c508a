// Offline unseal (離線解封): the per-person permission (a responsible person applies, customs
// approves, rejects or revokes), tokens for one seal (downloaded while online, checked by the seal
// with no network) and the unseal records uploaded when the phone is back online. Every write is
// audited in the same transaction. See src/offline-unseal/service.ts for the whole flow.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isCustoms, type Role } from '../../auth/roles.ts';
import { applicationsWhere, mayReadApplication, ownedScope } from '../../access/policy.ts';
import { newId } from '../../auth/secrets.ts';
import { acceptOfflineRecord, issueOfflineToken, offlinePermission, type Actor } from '../../offline-unseal/service.ts';
import type { Row } from '../../store/db.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { FieldErrors, conflict, forbidden, notFound } from '../problem.ts';

const tags = ['offline-unseal'];
const DECIDERS: readonly Role[] = ['customs_admin', 'customs_officer'];
const READERS: readonly Role[] = ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'];
const UNSEALERS: readonly Role[] = ['responsible_person', 'customs_admin', 'customs_officer'];
const STATUSES = ['pending', 'approved', 'rejected', 'revoked'] as const;

const ApplyBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 1000, description: 'Why the person needs to unseal offline (e.g. the yard has no mobile signal)' })),
  },
  { additionalProperties: false },
);
const DecideBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    validUntil: Type.Optional(Type.String({ format: 'date-time', description: 'Approve only: the permission ends then (default: until revoked)' })),
  },
  { additionalProperties: false },
);
type DecideBody = Static<typeof DecideBody>;
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const SealParams = Type.Object({ sealId: Type.String({ minLength: 1, maxLength: 64 }) });
const ListQuery = Type.Object(
  { status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))), userId: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
const TokenResponse = Type.Object({
  token: Type.String({ description: 'Compact JWS (EdDSA, Ed25519): sub = seal id, trip, iat, exp, jti' }),
  expiresAt: Type.String({ format: 'date-time' }),
  issuedAt: Type.String({ format: 'date-time' }),
  jti: Type.String(),
  sealId: Type.String(),
  tripId: Type.String(),
  cnNo: Type.String(),
  containerNo: Type.String(),
  kid: Type.String(),
});
const RecordBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 4096 }),
    sealId: Type.String({ minLength: 1, maxLength: 64 }),
    unsealedAt: Type.String({ format: 'date-time', description: 'When the seal was unsealed (the phone clock)' }),
    by: Type.String({ minLength: 1, maxLength: 100, description: 'The person who unsealed: user id or username of the token holder' }),
  },
  { additionalProperties: false },
);
type RecordBody = Static<typeof RecordBody>;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export function presentApplication(r: Row) {
  return {
    id: r.id as string,
    userId: r.user_id as string,
    username: (r.username as string | undefined) ?? null,
    name: (r.name as string | undefined) ?? null,
    companyUbn: r.company_ubn as string,
    storageCodes: r.storage_codes as string[],
    reason: r.reason ?? null,
    status: r.status as (typeof STATUSES)[number],
    validUntil: iso(r.valid_until),
    decidedBy: r.decided_by ?? null,
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note ?? null,
    createdAt: iso(r.created_at),
  };
}

function actorOf(req: FastifyRequest): Actor {
  return { principal: req.principal!, audit: (tx, entry) => audit(tx, req, entry) };
}

export default async function offlineUnsealRoutes(api: FastifyInstance, ctx: AppContext) {
  const select = `select a.*, u.username, u.name from offline_unseal_applications a join users u on u.id = a.user_id`;

  async function visible(req: FastifyRequest, id: string): Promise<Row> {
    const p = req.principal!;
    const [row] = await ctx.db.query(`${select} where a.id = $1`, [id]);
    if (!row || !mayReadApplication(p, { userId: row.user_id, companyUbn: row.company_ubn })) throw notFound(`Offline-unseal application ${id}`);
    return row;
  }

  api.post<{ Body: Static<typeof ApplyBody> }>(
    '/offline-unseal/applications',
    {
      config: { auth: { roles: ['responsible_person'] } },
      schema: { tags, summary: 'Apply for the offline-unseal permission (a responsible person, for themselves)', body: ApplyBody },
    },
    async (req, reply) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw forbidden('The permission is for a person: log in as the responsible person');
      const created = await ctx.db.transaction(async (tx) => {
        const [open] = await tx.query(
          `select id, status from offline_unseal_applications where user_id = $1 and status in ('pending', 'approved')
           and (valid_until is null or valid_until > now()) for update`,
          [p.id],
        );
        if (open) throw conflict(`You already have an application ${open.id} that is ${open.status}`);
        const id = newId('oua');
        await tx.query(
          `insert into offline_unseal_applications (id, user_id, company_ubn, storage_codes, reason, status) values ($1,$2,$3,$4,$5,'pending')`,
          [id, p.id, p.companyUbn, p.storageCodes, req.body?.reason ?? null],
        );
        const [row] = await tx.query(`${select} where a.id = $1`, [id]);
        await audit(tx, req, { action: 'apply', resource: 'offline_unseal_application', resourceId: id, after: presentApplication(row) });
        return row;
      });
      reply.status(201);
      return presentApplication(created);
    },
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/offline-unseal/applications',
    {
      config: { auth: { roles: READERS } },
      schema: {
        tags,
        summary: 'Applications: customs sees all, a yard operator its company’s, a responsible person their own',
        querystring: ListQuery,
      },
    },
    async (req) => {
      const p = req.principal!;
      const params: unknown[] = [];
      const where: string[] = [];
      const add = (sql: string, v: unknown) => {
        params.push(v);
        where.push(sql.replace('?', `$${params.length}`));
      };
      const readable = applicationsWhere(p, 'a', params);
      if (readable) where.push(readable);
      if (req.query.status) add('a.status = ?', req.query.status);
      if (req.query.userId) add('a.user_id = ?', req.query.userId);
      const rows = await ctx.db.query(`${select} ${where.length ? 'where ' + where.join(' and ') : ''} order by a.created_at desc limit 1000`, params);
      return rows.map(presentApplication);
    },
  );

  api.get<{ Params: Static<typeof IdParams> }>(
    '/offline-unseal/applications/:id',
    { config: { auth: { roles: READERS } }, schema: { tags, summary: 'One application', params: IdParams } },
    async (req) => presentApplication(await visible(req, req.params.id)),
  );

  /** approve / reject / revoke: a customs decision on an application in the expected state. */
  function decision(action: 'approve' | 'reject' | 'revoke', from: string, to: string) {
    api.post<{ Params: Static<typeof IdParams>; Body: DecideBody }>(
      `/offline-unseal/applications/:id/${action}`,
      {
        config: { auth: { roles: DECIDERS } },
        schema: { tags, summary: `${action[0].toUpperCase()}${action.slice(1)} an application (customs)`, params: IdParams, body: DecideBody },
      },
      async (req) => {
        const body = req.body ?? {};
        if (body.validUntil !== undefined) {
          const errs = new FieldErrors();
          if (action !== 'approve') errs.add('/body/validUntil', 'only an approval has a validity');
          else if (Date.parse(body.validUntil) <= Date.now()) errs.add('/body/validUntil', 'must be in the future');
          errs.throwIfAny();
        }
        const p = req.principal!;
        const row = await ctx.db.transaction(async (tx) => {
          const [before] = await tx.query(`${select} where a.id = $1 for update of a`, [req.params.id]);
          if (!before) throw notFound(`Offline-unseal application ${req.params.id}`);
          if (before.status !== from) throw conflict(`Application ${before.id} is ${before.status}; only a ${from} application can be ${to}`);
          await tx.query(
            `update offline_unseal_applications set status = $2, decided_by = $3, decided_at = now(), decision_note = $4,
               valid_until = coalesce($5::timestamptz, valid_until) where id = $1`,
            [before.id, to, `${p.kind}:${p.id}`, body.note ?? null, action === 'approve' ? (body.validUntil ?? null) : null],
          );
          const [after] = await tx.query(`${select} where a.id = $1`, [before.id]);
          await audit(tx, req, {
            action,
            resource: 'offline_unseal_application',
            resourceId: before.id,
            before: presentApplication(before),
            after: presentApplication(after),
          });
          return after;
        });
        return presentApplication(row);
      },
    );
  }
  decision('approve', 'pending', 'approved');
  decision('reject', 'pending', 'rejected');
  decision('revoke', 'approved', 'revoked');

  api.get(
    '/offline-unseal/permission',
    {
      config: { auth: { roles: UNSEALERS } },
      schema: { tags, summary: 'Whether I may unseal offline now (the apps ask before offering it)' },
    },
    async (req) => {
      const p = req.principal!;
      if (isCustoms(p)) return { allowed: true, basis: 'customs', application: null };
      const row = await offlinePermission(ctx.db, p.id);
      return { allowed: !!row, basis: row ? 'application' : null, application: row ? presentApplication(row) : null };
    },
  );

  api.post<{ Params: Static<typeof SealParams> }>(
    '/seals/:sealId/offline-unseal-tokens',
    {
      config: { auth: { roles: UNSEALERS } },
      schema: {
        tags,
        summary: 'Download an offline-unseal token for one seal (a person holding the permission, online)',
        description:
          'The seal must be on a transport note in progress whose origin or destination is the caller’s (operated by their company, ' +
          'or under one of their storage codes); a responsible person needs an approved application. The token is single use and ' +
          'expires after 15 minutes (OFFLINE_UNSEAL_TOKEN_TTL_S).',
        params: SealParams,
        response: { 201: TokenResponse },
      },
    },
    async (req, reply) => {
      const out = await issueOfflineToken(ctx, actorOf(req), req.params.sealId);
      reply.status(201);
      return out;
    },
  );

  api.post<{ Body: RecordBody }>(
    '/offline-unseal/records',
    {
      config: { auth: { roles: UNSEALERS } },
      schema: {
        tags,
        summary: 'Upload the record of an offline unseal (when back online)',
        description:
          'The token is verified again (signature, seal, validity at unsealedAt) and spent: a second upload with the same token is 409. ' +
          'The engine is told the seal was unsealed with authority; a seal_tamper alert raised because the seal reported its opening ' +
          'before this record arrived is resolved as explained (reconciledAlerts).',
        body: RecordBody,
      },
    },
    async (req, reply) => {
      const out = await acceptOfflineRecord(ctx, actorOf(req), req.body);
      reply.status(201);
      return out;
    },
  );

  api.get<{ Params: Static<typeof SealParams> }>(
    '/seals/:sealId/offline-unseal-records',
    {
      config: { auth: { roles: ['customs_admin', 'customs_officer', 'responsible_person', 'yard_operator'] } },
      schema: { tags, summary: 'Offline unseals recorded for a seal (customs: all; others: their company’s)', params: SealParams },
    },
    async (req) => {
      const p = req.principal!;
      const rows = await ctx.db.query(
        `select r.*, t.company_ubn, t.issued_at, t.expires_at, t.cn_no from offline_unseal_records r join offline_unseal_tokens t on t.jti = r.jti
         where r.seal_id = $1 and ($2::text is null or t.company_ubn = $2) order by r.unsealed_at desc`,
        [req.params.sealId, ownedScope(p)],
      );
      return rows.map((r) => ({
        recordId: r.id,
        jti: r.jti,
        sealId: r.seal_id,
        tripId: r.trip_id,
        cnNo: r.cn_no ?? null,
        unsealedAt: iso(r.unsealed_at),
        unsealedBy: r.unsealed_by,
        uploadedBy: r.uploaded_by,
        uploadedAt: iso(r.uploaded_at),
        tokenIssuedAt: iso(r.issued_at),
        tokenExpiresAt: iso(r.expires_at),
        reconciledAlerts: r.reconciled_alerts,
      }));
    },
  );
}
