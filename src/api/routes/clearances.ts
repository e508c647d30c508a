// Clearance data from the customs clearance system (CONTRACT section 9): declarations and their
// release status, one record or a batch (answered per record), or the bulk CSV export (answered
// per line); and the trader query: a declaration's clearance and where each container is.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { mayReadDeclaration } from '../../access/policy.ts';
import type { Role } from '../../auth/roles.ts';
import { CLEARANCE_KINDS, CLEARANCE_STATUSES } from '../../core/types.ts';
import { CLEARANCE_COLUMNS, importClearancesCsv } from '../../movements/clearance-csv.ts';
import { findClearance, MAX_CLEARANCE_BATCH, submitClearances, type ClearanceOutcome } from '../../movements/clearances.ts';
import { declarationStatus } from '../../movements/history.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { notFound, statusOf, unprocessable } from '../problem.ts';
import { Nullable, Timestamp } from '../schemas.ts';
import { BatchSummarySchema, FieldErrorSchema } from './transport-notes.ts';

const SENDERS: readonly Role[] = ['customs_admin', 'customs_officer'];
const CSV_LIMIT_BYTES = 5 * 1024 * 1024;

export const ClearanceSchema = Type.Object(
  {
    declarationNo: Type.String({ minLength: 1, maxLength: 40 }),
    kind: Type.String({ enum: [...CLEARANCE_KINDS] }),
    containerNos: Type.Array(Type.String({ maxLength: 20, description: 'ISO 6346' }), { minItems: 1, maxItems: 200 }),
    status: Type.String({ enum: [...CLEARANCE_STATUSES] }),
    releaseCode: Type.Optional(Type.String({ maxLength: 4, description: '1 or B: the containers travel only under a CN with seals' })),
    statusAt: Type.String({ format: 'date-time' }),
    importerUbn: Type.Optional(Type.String({ maxLength: 8 })),
  },
  { additionalProperties: false },
);

/** A stored clearance (presentClearance): the record as sent, and when it was received. */
export const ClearanceViewSchema = Type.Object({ ...ClearanceSchema.properties, receivedAt: Timestamp() });

/** Where a container is in its journey, its latest movement. */
export const MOVEMENT_STATUSES = ['not_seen', 'discharged', 'in_yard', 'gate_out', 'in_transit', 'arrived', 'gate_in', 'loaded'];

const Stored = Type.Object({
  ...ClearanceSchema.properties,
  created: Type.Boolean({ description: 'The first record of this declaration' }),
  stale: Type.Boolean({ description: 'Older than the status that stands: kept in the history only' }),
});
const BatchAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      declarationNo: Nullable(Type.String()),
      status: Type.Integer({ description: 'The HTTP status this record alone would have had' }),
      created: Type.Optional(Type.Boolean()),
      stale: Type.Optional(Type.Boolean()),
      errors: Type.Optional(Type.Array(FieldErrorSchema)),
      detail: Type.Optional(Type.String()),
    }),
  ),
  summary: BatchSummarySchema,
});
const ImportAnswer = Type.Object({
  lines: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'Line number in the file' }),
      declarationNo: Nullable(Type.String()),
      ok: Type.Boolean(),
      created: Type.Optional(Type.Boolean()),
      stale: Type.Optional(Type.Boolean()),
      errors: Type.Optional(Type.Array(Type.Object({ ...FieldErrorSchema.properties, field: Type.String({ description: 'The CSV column' }) }))),
      detail: Type.Optional(Type.String()),
    }),
  ),
  summary: BatchSummarySchema,
});
const DeclarationAnswer = Type.Object({
  declarationNo: Type.String(),
  clearance: ClearanceViewSchema,
  containers: Type.Array(
    Type.Object({
      containerNo: Type.String(),
      status: Type.String({ enum: MOVEMENT_STATUSES }),
      tripId: Type.Optional(Type.String({ description: 'The last trip that carried it' })),
      tripState: Type.Optional(Type.String()),
      lastPosition: Type.Optional(Type.Object({ lat: Type.Number(), lon: Type.Number(), ts: Timestamp() })),
      lastEventAt: Nullable(Timestamp()),
    }),
  ),
});

const statusOfOutcome = (o: ClearanceOutcome): number => (o.ok ? (o.created ? 201 : 200) : statusOf(o.error.kind));

function result(o: ClearanceOutcome, index: number) {
  const base = { index, declarationNo: o.declarationNo, status: statusOfOutcome(o) };
  if (o.ok) return { ...base, created: o.created, stale: o.stale };
  if (o.error.errors) return { ...base, errors: o.error.errors };
  return { ...base, detail: o.error.message };
}

const isBatch = (body: unknown): body is { records: unknown } => typeof body === 'object' && body !== null && 'records' in body;

export default async function clearanceRoutes(api: FastifyInstance, ctx: AppContext) {
  api.removeContentTypeParser(['text/plain']);
  api.addContentTypeParser(['text/plain', 'text/csv'], { parseAs: 'string', bodyLimit: CSV_LIMIT_BYTES }, (_req, body, done) => done(null, body));

  api.post(
    '/clearances',
    {
      config: { auth: { roles: SENDERS } },
      schema: {
        tags: ['movements'],
        summary: 'Clearance status of one declaration, or a batch as {records: [...]} (customs clearance system)',
        description:
          `The latest statusAt of a declaration stands: an older status is kept in the history and answered with stale: true. A batch (at most ` +
          `${MAX_CLEARANCE_BATCH} records) answers 207 with one result per record ({index, declarationNo, status, created?, stale?, errors?}). ` +
          'A container number that is not ISO 6346 is named with the rule it breaks (owner code, category, serial, check digit).',
        body: Type.Union([ClearanceSchema, Type.Object({ records: Type.Array(ClearanceSchema) })]),
        response: { 200: Stored, 201: Stored, 207: BatchAnswer },
      },
      // Records are checked one by one, so one bad record does not reject the batch.
      validatorCompiler: () => () => true,
    },
    async (req, reply) => {
      const actor = requestActor(req);
      if (isBatch(req.body)) {
        const records = req.body.records;
        if (!Array.isArray(records) || records.length === 0 || records.length > MAX_CLEARANCE_BATCH) {
          throw unprocessable([{ path: '/body/records', message: `must be an array of 1 to ${MAX_CLEARANCE_BATCH} clearances`, code: 'array.length', params: { min: 1, max: MAX_CLEARANCE_BATCH } }]);
        }
        const outcomes = await submitClearances(ctx, actor, records, (i) => `/body/records/${i}`);
        const ok = outcomes.filter((o) => o.ok).length;
        reply.status(207);
        return { results: outcomes.map(result), summary: { ok, failed: outcomes.length - ok } };
      }
      const [o] = await submitClearances(ctx, actor, [req.body], () => '/body');
      if (!o.ok) throw o.error;
      reply.status(o.created ? 201 : 200);
      return { ...o.clearance, created: o.created, stale: o.stale };
    },
  );

  api.post(
    '/clearances/import',
    {
      bodyLimit: CSV_LIMIT_BYTES,
      config: { auth: { roles: SENDERS } },
      schema: {
        tags: ['movements'],
        summary: 'Bulk import of the clearance system\'s CSV export, answered per line',
        description:
          `text/csv with a header row naming the columns (${CLEARANCE_COLUMNS.join(', ')}; case, spaces and "_" ignored), then one ` +
          'declaration per line; containerNos separated by spaces, ";" or "|". Each line is stored like POST /clearances. Answers 207 ' +
          `{lines: [{line, declarationNo, ok, created?, stale?, errors?: [{path, field, message}]}], summary}. At most ${MAX_CLEARANCE_BATCH} lines, 5 MB.`,
        response: { 207: ImportAnswer },
      },
    },
    async (req, reply) => {
      if (typeof req.body !== 'string') throw unprocessable([{ path: '/body', message: 'send the CSV as text/csv', code: 'upload.csv_text' }]);
      if (req.body.includes('\u0000')) throw unprocessable([{ path: '/body', message: 'the file contains a NUL character', code: 'file.nul', params: { line: req.body.slice(0, req.body.indexOf('\u0000')).split('\n').length } }]);
      const lines = await importClearancesCsv(ctx, requestActor(req), req.body);
      const ok = lines.filter((l) => l.ok).length;
      reply.status(207);
      return { lines, summary: { ok, failed: lines.length - ok } };
    },
  );

  api.get<{ Params: { declarationNo: string } }>(
    '/declarations/:declarationNo',
    {
      schema: {
        tags: ['movements'],
        summary: 'A declaration: its clearance and where each of its containers is (customs, and the importer)',
        params: Type.Object({ declarationNo: Type.String({ maxLength: 40 }) }),
        response: { 200: DeclarationAnswer },
      },
    },
    async (req) => {
      const row = await findClearance(ctx.db, req.params.declarationNo);
      if (!row || !mayReadDeclaration(req.principal!, { importerUbn: row.importer_ubn ?? null })) {
        throw notFound(`Declaration ${req.params.declarationNo}`, 'declaration', req.params.declarationNo);
      }
      const engine = ctx.services.monitor?.engine;
      return declarationStatus(ctx.db, row, engine ? (id) => engine.getTrip(id) : undefined);
    },
  );
}
