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
import { Limit, Offset } from '../schemas.ts';

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

/** Largest evidence package accepted for verification. */
const VERIFY_LIMIT_BYTES = 200 * 1024 * 1024;

export default async function caseRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Static<typeof ListQuery> }>('/cases', { config: readers, schema: { tags, summary: 'Cases (a judicial company: those referred to it)', querystring: ListQuery } }, (req) =>
    listCases(ctx.db, req.principal!, { status: req.query.status, limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );

  api.post<{ Body: Static<typeof CreateBody> }>('/cases', { config: writers, schema: { tags, summary: 'Opens a case from one or several alerts', body: CreateBody } }, async (req, reply) =>
    reply.code(201).send(await createCase(ctx, req.principal!, requestActor(req), req.body)),
  );

  api.get<{ Params: Params }>('/cases/:id', { config: readers, schema: { tags, summary: 'A case with its notes and alerts', params: Params } }, async (req) => {
    const c = await getCase(ctx.db, req.principal!, req.params.id);
    return { ...c, alerts: c.alerts.map(presentAlert) };
  });

  api.post<{ Params: Params; Body: Static<typeof NoteBody> }>('/cases/:id/notes', { config: writers, schema: { tags, summary: 'Adds a note', params: Params, body: NoteBody } }, (req) =>
    addCaseNote(ctx, req.principal!, requestActor(req), req.params.id, req.body.text),
  );

  api.post<{ Params: Params; Body: Static<typeof AlertsBody> }>('/cases/:id/alerts', { config: writers, schema: { tags, summary: 'Adds alerts to a case', params: Params, body: AlertsBody } }, (req) =>
    addCaseAlerts(ctx, req.principal!, requestActor(req), req.params.id, req.body.alertIds),
  );

  api.post<{ Params: Params; Body: Static<typeof ReferBody> }>(
    '/cases/:id/referrals',
    { config: writers, schema: { tags, summary: 'Refers the case (its alerts, trips and CNs) to police or prosecutors', params: Params, body: ReferBody } },
    (req) => referCase(ctx, req.principal!, requestActor(req), req.params.id, req.body.judicialUbn),
  );

  api.post<{ Params: Params; Body: Static<typeof OutcomeBody> }>(
    '/cases/:id/outcome',
    { config: writers, schema: { tags, summary: 'Records the criminal outcome; the sanction deadline is 3 years later', params: Params, body: OutcomeBody } },
    (req) => setOutcome(ctx, req.principal!, requestActor(req), req.params.id, req.body),
  );

  api.post<{ Params: Params }>('/cases/:id/close', { config: writers, schema: { tags, summary: 'Closes a case', params: Params } }, (req) =>
    closeCase(ctx, req.principal!, requestActor(req), req.params.id),
  );

  api.get<{ Params: Params }>(
    '/cases/:id/evidence',
    { config: readers, schema: { tags, summary: 'The evidence package: a ZIP with a SHA-256 manifest signed with the platform key', params: Params } },
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
      schema: { tags, summary: 'Checks an evidence package (the ZIP as the body): signature and every file against the manifest' },
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
