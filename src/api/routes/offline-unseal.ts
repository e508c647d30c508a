// Offline unseal (離線解封): the per-person permission (a responsible person applies, customs
// approves, rejects or revokes), tokens for one seal (downloaded while online, checked by the seal
// with no network) and the unseal records uploaded when the phone is back online. Every write is
// audited in the same transaction. See src/offline-unseal/service.ts for the whole flow.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.ts';
import {
  APPLICATION_STATUSES, applyForPermission, decideApplication, listApplications, permissionOf, visibleApplication, type Decision,
} from '../../offline-unseal/applications.ts';
import { acceptOfflineRecord, issueOfflineToken, recordsOfSeal } from '../../offline-unseal/service.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const tags = ['offline-unseal'];
const DECIDERS: readonly Role[] = ['customs_admin', 'customs_officer'];
const READERS: readonly Role[] = ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'];
const UNSEALERS: readonly Role[] = ['responsible_person', 'customs_admin', 'customs_officer'];
const STATUSES = APPLICATION_STATUSES;

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

/** An application as presentApplication answers it. */
const ApplicationSchema = Type.Object({
  id: Type.String(),
  userId: Type.String({ description: 'The applicant' }),
  username: Nullable(Type.String()),
  name: Nullable(Type.String()),
  companyUbn: Type.String(),
  storageCodes: Type.Array(Type.String(), { description: 'The storage codes the applicant held when applying' }),
  reason: Nullable(Type.String()),
  status: Type.Union(STATUSES.map((s) => Type.Literal(s))),
  validUntil: Nullable(Timestamp({ description: 'An approval ends then; null: until revoked' })),
  decidedBy: Nullable(Type.String({ description: 'kind:id of the customs officer who decided' })),
  decidedAt: Nullable(Timestamp()),
  decisionNote: Nullable(Type.String()),
  createdAt: Timestamp(),
});
const PermissionSchema = Type.Object({
  allowed: Type.Boolean(),
  basis: Nullable(Type.Union([Type.Literal('customs'), Type.Literal('application')], { description: 'Why it is allowed; null when not' })),
  application: Nullable(ApplicationSchema),
});
const ReconciledAlerts = Type.Array(Type.String(), { description: 'seal_tamper alerts the record explained (resolved as explained)' });
const RecordAnswer = Type.Object({
  recordId: Type.String(),
  jti: Type.String(),
  sealId: Type.String(),
  tripId: Type.String(),
  unsealedAt: Timestamp(),
  unsealedBy: Type.String({ description: 'User id of the token holder' }),
  uploadedAt: Timestamp(),
  reconciledAlerts: ReconciledAlerts,
});
const RecordView = Type.Object({
  recordId: Type.String(),
  jti: Type.String(),
  sealId: Type.String(),
  tripId: Type.String(),
  cnNo: Nullable(Type.String()),
  unsealedAt: Timestamp(),
  unsealedBy: Type.String({ description: 'User id of the token holder' }),
  uploadedBy: Type.String({ description: 'User id of whoever uploaded the record' }),
  uploadedAt: Timestamp(),
  tokenIssuedAt: Timestamp(),
  tokenExpiresAt: Timestamp(),
  reconciledAlerts: ReconciledAlerts,
});

export default async function offlineUnsealRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: Static<typeof ApplyBody> }>(
    '/offline-unseal/applications',
    {
      config: { auth: { roles: ['responsible_person'] } },
      schema: { tags, summary: 'Apply for the offline-unseal permission (a responsible person, for themselves)', body: ApplyBody, response: { 201: ApplicationSchema } },
    },
    async (req, reply) => {
      const created = await applyForPermission(ctx, requestActor(req), req.principal!, req.body?.reason);
      reply.status(201);
      return created;
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
        response: { 200: Type.Array(ApplicationSchema) },
      },
    },
    async (req) => listApplications(ctx, req.principal!, req.query),
  );

  api.get<{ Params: Static<typeof IdParams> }>(
    '/offline-unseal/applications/:id',
    { config: { auth: { roles: READERS } }, schema: { tags, summary: 'One offline-unseal application (customs: any; a yard operator its company’s; a responsible person their own)', params: IdParams, response: { 200: ApplicationSchema } } },
    async (req) => visibleApplication(ctx, req.principal!, req.params.id),
  );

  const DECISION_SUMMARIES: Record<Decision, string> = {
    approve: 'Approve a pending application (customs), until revoked or until validUntil',
    reject: 'Reject a pending application (customs)',
    revoke: 'Revoke an approved application (customs): the person may no longer unseal offline',
  };

  /** approve / reject / revoke: a customs decision on an application in the expected state. */
  function decision(action: Decision) {
    api.post<{ Params: Static<typeof IdParams>; Body: DecideBody }>(
      `/offline-unseal/applications/:id/${action}`,
      {
        config: { auth: { roles: DECIDERS } },
        schema: { tags, summary: DECISION_SUMMARIES[action], params: IdParams, body: DecideBody, response: { 200: ApplicationSchema } },
      },
      async (req) => decideApplication(ctx, requestActor(req), req.principal!, req.params.id, action, req.body ?? {}),
    );
  }
  decision('approve');
  decision('reject');
  decision('revoke');

  api.get(
    '/offline-unseal/permission',
    {
      config: { auth: { roles: UNSEALERS } },
      schema: { tags, summary: 'Whether I may unseal offline now (responsible persons, customs; the apps ask before offering it)', response: { 200: PermissionSchema } },
    },
    async (req) => permissionOf(ctx, req.principal!),
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
      const out = await issueOfflineToken(ctx, requestActor(req), req.principal!, req.params.sealId);
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
        summary: 'Upload the record of an offline unseal when back online (the token holder, or customs)',
        description:
          'The token is verified again (signature, seal, validity at unsealedAt) and spent: a second upload with the same token is 409. ' +
          'The record is stored together with the engine input telling that the seal was unsealed with authority (or not at all); a seal_tamper alert raised because the seal reported its opening ' +
          'before this record arrived is resolved as explained (reconciledAlerts).',
        body: RecordBody,
        response: { 201: RecordAnswer },
      },
    },
    async (req, reply) => {
      const out = await acceptOfflineRecord(ctx, requestActor(req), req.principal!, req.body);
      reply.status(201);
      return out;
    },
  );

  api.get<{ Params: Static<typeof SealParams> }>(
    '/seals/:sealId/offline-unseal-records',
    {
      config: { auth: { roles: ['customs_admin', 'customs_officer', 'responsible_person', 'yard_operator'] } },
      schema: { tags, summary: 'Offline unseals recorded for a seal (customs: all; others: their company’s)', params: SealParams, response: { 200: Type.Array(RecordView) } },
    },
    async (req) => recordsOfSeal(ctx, req.principal!, req.params.sealId),
  );
}
