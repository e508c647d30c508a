// Violation cases (違規案件) and their evidence: customs opens a case from alerts, annotates it,
// refers it to a judicial company and records the criminal outcome (the sanction deadline follows);
// the judicial company reads the cases referred to it and downloads their signed evidence package.
// POST /evidence/verify checks a package against the platform's keys.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CUSTOMS_ROLES } from '../../auth/roles.ts';
import { recordAudit } from '../../audit/trail.ts';
import { CASE_READERS } from '../../access/policy.ts';
import { buildPackage, gatherEvidence, verifyPackage } from '../../cases/evidence.ts';
import { addCaseAlerts, addCaseNote, CASE_STATUSES, closeCase, createCase, getCase, listCases, referCase, setOutcome } from '../../cases/service.ts';
import { fieldServices } from '../../field/services.ts';
import { presentAlert } from '../../monitor/present.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { Problem } from '../problem.ts';
import { Limit, Nullable, Offset, Timestamp } from '../schemas.ts';
import { AlertSchema } from './alerts.ts';

const tags = ['cases'];
const readers = { auth: { roles: CASE_READERS } };
const writers = { auth: { roles: CUSTOMS_ROLES } };
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
type Params = Static<typeof Params>;
const AlertIds = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 200 });
const CreateBody = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 200 }), summary: Type.Optional(Type.String({ maxLength: 4000 })), alertIds: AlertIds },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { status: Type.Optional(Type.String({ enum: [...CASE_STATUSES] })), limit: Type.Optional(Limit(500, 100)), offset: Type.Optional(Offset()) },
  { additionalProperties: false },
);
const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
const AlertsBody = Type.Object({ alertIds: AlertIds }, { additionalProperties: false });
const ReferBody = Type.Object({ judicialUbn: Type.String({ pattern: '^[0-9]{8}$' }) }, { additionalProperties: false });
const OutcomeBody = Type.Object(
  {
    outcome: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. 不起訴, 緩起訴, 無罪, 有罪判決確定' }),
    decidedOn: Type.String({ format: 'date', description: 'Day the decision or judgment became final (the 3 years run from it)' }),
  },
  { additionalProperties: false },
);

const Day = (description: string) => Type.String({ format: 'date', description });
const CaseSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.String({ enum: [...CASE_STATUSES] }),
  summary: Nullable(Type.String()),
  alertIds: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
  criminalOutcome: Nullable(Type.String({ description: 'e.g. 不起訴, 緩起訴, 無罪, 有罪判決確定' })),
  criminalOutcomeAt: Nullable(Day('Day the decision or judgment became final')),
  sanctionDeadline: Nullable(Day('Last day to impose the administrative sanction: 3 years after the criminal outcome')),
  referredTo: Type.Array(Type.String(), { description: 'UBNs of the judicial companies the case was referred to' }),
});
const CaseDetail = Type.Composite([
  CaseSchema,
  Type.Object({
    notes: Type.Array(Type.Object({ at: Timestamp(), author: Type.String(), text: Type.String() }), { description: 'Oldest first' }),
    alerts: Type.Array(AlertSchema, { description: 'As GET /alerts/{id} shows them' }),
  }),
]);
const Verification = Type.Object({
  ok: Type.Boolean({ description: 'Signature valid and every file as the manifest lists it' }),
  caseId: Nullable(Type.String({ description: 'As the manifest names it' })),
  kid: Nullable(Type.String({ description: 'The signing key named by the package' })),
  signature: Type.String({ enum: ['valid', 'invalid', 'unknown_key', 'missing'] }),
  problems: Type.Array(Type.String(), { description: 'What does not match: files changed, missing or added, the manifest unreadable' }),
});

/** Largest evidence package accepted for verification. */
const VERIFY_LIMIT_BYTES = 200 * 1024 * 1024;

export default async function caseRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/cases',
    {
      config: readers,
      schema: { tags, summary: 'Cases, most recently changed first (customs; a judicial company: those referred to it)', querystring: ListQuery, response: { 200: Type.Array(CaseSchema) } },
    },
    (req) => listCases(ctx.db, req.principal!, { status: req.query.status, limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );

  api.post<{ Body: Static<typeof CreateBody> }>(
    '/cases',
    { config: writers, schema: { tags, summary: 'Open a case from one or several alerts (customs)', body: CreateBody, response: { 201: CaseSchema } } },
    async (req, reply) => reply.code(201).send(await createCase(ctx, req.principal!, requestActor(req), req.body)),
  );

  api.get<{ Params: Params }>(
    '/cases/:id',
    { config: readers, schema: { tags, summary: 'A case with its notes and alerts (customs, or the judicial company it was referred to)', params: Params, response: { 200: CaseDetail } } },
    async (req) => {
      const c = await getCase(ctx.db, req.principal!, req.params.id);
      return { ...c, alerts: c.alerts.map(presentAlert) };
    },
  );

  api.post<{ Params: Params; Body: Static<typeof NoteBody> }>(
    '/cases/:id/notes',
    { config: writers, schema: { tags, summary: 'Add a note to a case (customs)', params: Params, body: NoteBody, response: { 200: CaseSchema } } },
    (req) => addCaseNote(ctx, req.principal!, requestActor(req), req.params.id, req.body.text),
  );

  api.post<{ Params: Params; Body: Static<typeof AlertsBody> }>(
    '/cases/:id/alerts',
    { config: writers, schema: { tags, summary: 'Add alerts to a case (customs)', params: Params, body: AlertsBody, response: { 200: CaseSchema } } },
    (req) => addCaseAlerts(ctx, req.principal!, requestActor(req), req.params.id, req.body.alertIds),
  );

  api.post<{ Params: Params; Body: Static<typeof ReferBody> }>(
    '/cases/:id/referrals',
    {
      config: writers,
      schema: { tags, summary: 'Refer a case, with its alerts, trips and CNs, to police or prosecutors (customs)', params: Params, body: ReferBody, response: { 200: CaseSchema } },
    },
    (req) => referCase(ctx, req.principal!, requestActor(req), req.params.id, req.body.judicialUbn),
  );

  api.post<{ Params: Params; Body: Static<typeof OutcomeBody> }>(
    '/cases/:id/outcome',
    {
      config: writers,
      schema: { tags, summary: 'Record the criminal outcome; the sanction deadline is 3 years later (customs)', params: Params, body: OutcomeBody, response: { 200: CaseSchema } },
    },
    (req) => setOutcome(ctx, req.principal!, requestActor(req), req.params.id, req.body),
  );

  api.post<{ Params: Params }>(
    '/cases/:id/close',
    { config: writers, schema: { tags, summary: 'Close a case (customs)', params: Params, response: { 200: CaseSchema } } },
    (req) => closeCase(ctx, req.principal!, requestActor(req), req.params.id),
  );

  api.get<{ Params: Params }>(
    '/cases/:id/evidence',
    {
      config: readers,
      schema: {
        tags,
        summary: 'The evidence package: a ZIP with a SHA-256 manifest signed with the platform key (customs, or the judicial company the case was referred to)',
        params: Params,
        response: { 200: { description: 'The evidence package (ZIP)', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } } },
      },
    },
    async (req, reply) => {
      const field = fieldServices(ctx);
      const files = await gatherEvidence(ctx.db, req.principal!, req.params.id, field.photos);
      const { zip } = buildPackage(files, { caseId: req.params.id, generatedBy: req.principal!.id }, await field.keys.signingKey());
      await ctx.inputs.transact(async (tx) => {
        await recordAudit(tx, requestActor(req), { action: 'export_evidence', resource: 'case', resourceId: req.params.id, after: { files: files.size } });
        return { result: null, inputs: [] };
      });
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="evidence-${req.params.id.replace(/[^\w.-]/g, '_')}.zip"`)
        .send(Buffer.from(zip));
    },
  );

  api.addContentTypeParser(['application/zip', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: VERIFY_LIMIT_BYTES }, (_req, body, done) => done(null, body));
  api.post<{ Body: Buffer }>(
    '/evidence/verify',
    {
      config: readers,
      bodyLimit: VERIFY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Check an evidence package (the ZIP as the body): its signature and every file against the manifest (customs and judicial companies)',
        response: { 200: Verification },
      },
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body)) {
        throw new Problem(415, 'Unsupported Media Type', 'Send the evidence package (the ZIP) as the body, as application/zip or application/octet-stream');
      }
      const keys = fieldServices(ctx).keys;
      return verifyPackage(new Uint8Array(req.body), (kid) => keys.verifyingKey(kid));
    },
  );
}
