// Transport notes (CN): send one or a batch, read one with its history, list the incoming notes
// of a destination, confirm the sealing.
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.ts';
import { validateCnNo } from '../../core/ids/index.ts';
import { canSeeNote, notesWhere } from '../../access/policy.ts';
import { confirmTransportNote } from '../../transport-notes/confirm.ts';
import { presentNote, presentVersion } from '../../transport-notes/present.ts';
import { BatchSchema, ConfirmationSchema, MAX_BATCH, TransportNoteSchema, type ConfirmationBody } from '../../transport-notes/schema.ts';
import { findNote, noteHistory } from '../../transport-notes/store.ts';
import { isIssued, submitNotes, type NoteOutcome } from '../../transport-notes/submit.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { notFound, statusOf, unprocessable } from '../problem.ts';
import { confirmWithPhoto } from '../../field/confirm-photo.ts';
import { fieldServices } from '../../field/services.ts';
import { readPhotoConfirmation } from '../photo-form.ts';
import { noteWarnings } from '../../risk/warnings.ts';
import { RISK_LEVELS } from '../../risk/parties.ts';
import { Nullable, Timestamp } from '../schemas.ts';
import { RiskFactorSchema } from './gate-events.ts';
import { PhotoMetaSchema } from './lanes.ts';

export const NOTE_SENDERS: readonly Role[] = ['yard_operator', 'customs_admin', 'customs_officer'];
const CONFIRMERS: readonly Role[] = ['responsible_person', 'customs_admin', 'customs_officer'];

const ListQuery = Type.Object(
  {
    destination: Type.Optional(Type.String({ maxLength: 10, description: 'Destination station (facility) code' })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Accepted (current version) at or after' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'Accepted (current version) before' })),
    status: Type.Optional(Type.Union([Type.Literal('live'), Type.Literal('cancelled')])),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1..1000, default 100' })),
  },
  { additionalProperties: false },
);
type ListQueryT = Static<typeof ListQuery>;

/** A field of the request that breaks a rule: where, why, and the rule's stable code and values. */
export const FieldErrorSchema = Type.Object({
  path: Type.String({ description: 'JSON pointer into the request, e.g. /body/notes/3/plate' }),
  message: Type.String(),
  code: Type.String({ description: 'The rule broken, a stable code (docs/error-codes.md), e.g. plate.format' }),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

/** Counts of a batch answered per record. */
export const BatchSummarySchema = Type.Object({ ok: Type.Integer(), failed: Type.Integer() });

/** The sealing confirmation as stored: by a person (with their note, container, door photo) or by an automated lane. */
export const ConfirmationViewSchema = Type.Object({
  confirmedAt: Timestamp(),
  confirmedBy: Type.String({ description: 'The user id, or lane:FACILITY/LANE' }),
  byName: Type.Optional(Type.String({ description: 'The name of who confirmed' })),
  containerNo: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  photo: Type.Optional(
    Type.Object({
      ref: Type.String({ description: 'Where the photo is kept' }),
      id: Type.Optional(Type.String()),
      contentType: Type.Optional(Type.String()),
      sha256: Type.Optional(Type.String()),
      sizeBytes: Type.Optional(Type.Integer()),
    }),
  ),
  lane: Type.Optional(Type.String({ description: 'FACILITY/LANE of the lane that confirmed it' })),
  passageId: Type.Optional(Type.String()),
  confidence: Type.Optional(
    Type.Object({ plate: Type.Optional(Type.Number()), containers: Type.Optional(Type.Array(Type.Number())) }, { description: 'The OCR confidences the lane confirmed with' }),
  ),
});

/** A transport note as the API answers it (presentNote): its current version. */
export const NoteSchema = Type.Object({
  cnNo: Type.String(),
  version: Type.Integer({ description: 'Counts from 1; each replacement or cancel adds one' }),
  status: Type.String({ enum: ['live', 'cancelled'] }),
  note: TransportNoteSchema,
  confirmation: Nullable(ConfirmationViewSchema),
  closedAt: Type.Optional(Timestamp({ description: 'When its trip ended' })),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

const VersionSchema = Type.Object({
  version: Type.Integer(),
  function: Type.String({ enum: ['9', '5', '1'], description: '"9" original, "5" replace, "1" cancel' }),
  at: Timestamp(),
  by: Type.Object({ kind: Type.String(), id: Type.String(), companyUbn: Nullable(Type.String()) }),
  note: TransportNoteSchema,
});

/** A party the note names at risk: customs hears the factors, the sender only that the party is watched. */
const PartyWarningSchema = Type.Object({
  party: Type.String({ enum: ['driver', 'vehicle', 'company'] }),
  id: Type.String(),
  level: Type.String({ enum: [...RISK_LEVELS] }),
  en: Type.String(),
  zhTW: Type.String(),
  factors: Type.Optional(Type.Array(RiskFactorSchema, { description: 'Customs only' })),
});
const Warnings = Type.Optional(Type.Array(PartyWarningSchema, { description: 'Present when a party the note names is at medium or high risk' }));

const NoteAccepted = Type.Intersect([NoteSchema, Type.Object({ warnings: Warnings })]);
const BatchAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      cnNo: Nullable(Type.String()),
      status: Type.Integer({ description: 'The HTTP status this note alone would have had' }),
      version: Type.Optional(Type.Integer()),
      errors: Type.Optional(Type.Array(FieldErrorSchema)),
      detail: Type.Optional(Type.String()),
      code: Type.Optional(Type.String({ description: 'The refusal beside detail, a stable code (docs/error-codes.md), e.g. cn.exists' })),
      params: FieldErrorSchema.properties.params,
      warnings: Warnings,
    }),
  ),
  summary: BatchSummarySchema,
});

/** The status a note's outcome answers: 201 for a note issued, 200 for one changed, else its error's. */
const statusOfOutcome = (o: NoteOutcome): number => (o.ok ? (isIssued(o) ? 201 : 200) : statusOf(o.error.kind));

/** One line of a batch answer. */
export function batchResult(o: NoteOutcome, index: number) {
  const base = { index, cnNo: o.cnNo ?? null, status: statusOfOutcome(o) };
  if (o.ok) return { ...base, version: o.version };
  if (o.error.errors) return { ...base, errors: o.error.errors };
  return { ...base, detail: o.error.message, ...(o.error.code ? { code: o.error.code, params: o.error.params ?? {} } : {}) };
}

const isBatch = (body: unknown): body is { notes: unknown } => typeof body === 'object' && body !== null && 'notes' in body;

export default async function transportNoteRoutes(api: FastifyInstance, ctx: AppContext) {
  // Field operations: the confirmation may carry the photo of the container door as
  // multipart/form-data (src/api/photo-form.ts, src/field/confirm-photo.ts). Only this plugin's routes take multipart.
  await api.register(multipart, { limits: { fileSize: fieldServices(ctx).config.photoMaxBytes, files: 1 } });

  api.post(
    '/transport-notes',
    {
      config: { auth: { roles: NOTE_SENDERS } },
      schema: {
        tags: ['transport-notes'],
        summary: 'Send one transport note, or a batch as {notes: [...]} (yard operator, customs)',
        description:
          `A batch (at most ${MAX_BATCH} notes) answers 207 with one result per note ({index, cnNo, status, errors?, detail?, code?, params?}); ` +
          'each good note is stored in its own transaction, whatever happens to the others. Error paths point into the request ' +
          '(/body/... for one note, /body/notes/{i}/... in a batch).',
        body: Type.Union([TransportNoteSchema, BatchSchema]),
        response: { 200: NoteAccepted, 201: NoteAccepted, 207: BatchAnswer },
      },
      // Notes are checked one by one in the handler, so that one bad note does not reject the batch.
      validatorCompiler: () => () => true,
    },
    async (req, reply) => {
      const actor = requestActor(req);
      if (isBatch(req.body)) {
        const notes = req.body.notes;
        if (!Array.isArray(notes) || notes.length === 0 || notes.length > MAX_BATCH) {
          throw unprocessable([{ path: '/body/notes', message: `must be an array of 1 to ${MAX_BATCH} transport notes`, code: 'array.length', params: { min: 1, max: MAX_BATCH } }]);
        }
        const outcomes = await submitNotes(ctx, actor, req.principal!, notes, (i) => `/body/notes/${i}`);
        const ok = outcomes.filter((o) => o.ok).length;
        reply.status(207);
        const results = [];
        for (const [i, o] of outcomes.entries()) {
          const line = batchResult(o, i);
          const warnings = o.ok && o.view.status === 'live' ? await noteWarnings(ctx.db, req.principal!, o.view.note) : [];
          results.push(warnings.length ? { ...line, warnings } : line);
        }
        return { results, summary: { ok, failed: outcomes.length - ok } };
      }
      const [o] = await submitNotes(ctx, actor, req.principal!, [req.body], () => '/body');
      if (!o.ok) throw o.error;
      reply.status(isIssued(o) ? 201 : 200);
      // A party the note names at risk (src/risk/parties.ts): the answer carries a warning.
      const warnings = o.view.status === 'live' ? await noteWarnings(ctx.db, req.principal!, o.view.note) : [];
      return warnings.length ? { ...o.view, warnings } : o.view;
    },
  );

  api.get<{ Querystring: ListQueryT }>(
    '/transport-notes',
    { schema: { tags: ['transport-notes'], summary: 'Transport notes you may see, e.g. the incoming ones of a destination', querystring: ListQuery, response: { 200: Type.Array(NoteSchema) } } },
    async (req) => {
      const q = req.query;
      const params: unknown[] = [];
      const where: string[] = [];
      const visible = notesWhere(req.principal!, 't', params);
      if (visible) where.push(visible);
      const add = (sql: string, v: unknown) => {
        params.push(v);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (q.destination) add('t.destination = ?', q.destination.trim().toUpperCase());
      if (q.since) add('t.updated_at >= ?', q.since);
      if (q.until) add('t.updated_at < ?', q.until);
      if (q.status) add('t.status = ?', q.status);
      const limit = Math.min(Math.max(Number(q.limit ?? 100), 1), 1000);
      params.push(limit);
      const rows = await ctx.db.query(
        `select t.* from transport_notes t ${where.length ? 'where ' + where.join(' and ') : ''}
         order by t.updated_at, t.cn_no limit $${params.length}`,
        params,
      );
      return rows.map(presentNote);
    },
  );

  api.get<{ Params: { cnNo: string } }>(
    '/transport-notes/:cnNo',
    {
      schema: {
        tags: ['transport-notes'],
        summary: 'A transport note: current version, confirmation and every version',
        response: { 200: Type.Intersect([NoteSchema, Type.Object({ history: Type.Array(VersionSchema, { description: 'Every version, oldest first' }) })]) },
      },
    },
    async (req) => {
      const id = validateCnNo(req.params.cnNo);
      const row = id.ok ? await findNote(ctx.db, id.value) : undefined;
      if (!row || !(await canSeeNote(ctx.db, req.principal!, { cnNo: row.cn_no, senderUbn: row.sender_ubn, origin: row.origin, destination: row.destination }))) {
        throw notFound(`Transport note ${req.params.cnNo}`, 'transport_note', req.params.cnNo);
      }
      const history = await noteHistory(ctx.db, row.cn_no);
      return { ...presentNote(row), history: history.map(presentVersion) };
    },
  );

  api.post<{ Params: { cnNo: string }; Body: ConfirmationBody }>(
    '/transport-notes/:cnNo/confirmation',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: {
        tags: ['transport-notes'],
        summary: "Confirm the sealing (the origin yard's responsible person, or customs)",
        description:
          'JSON {containerNo?, note?}, or multipart/form-data with the same fields and `photo` (JPEG, PNG, WebP or HEIC, at most ' +
          '8 MiB): the photo of the container door, stored with its SHA-256 on the confirmation and in the audit trail.',
        body: ConfirmationSchema,
        response: {
          200: Type.Intersect([NoteSchema, Type.Object({ photo: Type.Optional(PhotoMetaSchema) })], {
            description: 'The confirmed note; with the stored photo when one came (multipart)',
          }),
        },
      },
      // A confirmation with nothing to add may come without a body.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
    },
    async (req) => {
      // Field operations: with the door photo (multipart).
      if (req.isMultipart()) {
        const form = await readPhotoConfirmation(req, fieldServices(ctx).config.photoMaxBytes, req.params.cnNo);
        const p = await confirmWithPhoto(ctx, requestActor(req), req.principal!, form);
        return { ...p.view, photo: p.photo };
      }
      const r = await confirmTransportNote(ctx, requestActor(req), req.principal!, req.params.cnNo, req.body ?? {});
      return r.view;
    },
  );
}
