// Passive seals read at points (CONTRACT section 8): POST /seal-reads (one read or {reads:[...]},
// answered per record: good records kept, bad ones named), POST /seal-reads/photos (the door photo a
// read refers to), GET /seals/{sealNo}/reads (a seal's read history) and GET /seals/{sealNo}/display
// (what an e-paper seal shows: JSON, or a 296×128 1-bit PNG or PBM for the seal writer). Who may
// record and see reads is src/access/seal-reads.ts.
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../auth/roles.ts';
import { SEAL_READ_ROLES } from '../../access/policy.ts';
import { fieldServices } from '../../field/services.ts';
import { savePhoto } from '../../photos/service.ts';
import { renderDisplayBits, sealDisplay, toPbm, toPng1 } from '../../seal-reads/display.ts';
import { MAX_READS_PER_REQUEST, photoTargetOfSeal, recordSealReads, sealReadHistory, type ReadOutcome } from '../../seal-reads/service.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { domainProblem, Problem, unprocessable, type FieldError } from '../problem.ts';
import { Limit, Nullable, Offset, Timestamp } from '../schemas.ts';
import { PhotoMetaSchema } from './lanes.ts';
import { FieldErrorSchema } from './transport-notes.ts';

const tags = ['seal-reads'];
const READERS: readonly Role[] = SEAL_READ_ROLES;

const SealReadSchema = Type.Object(
  {
    readId: Type.Optional(Type.String({ maxLength: 64, description: 'The reader’s own id for the read: the same id twice is one read' })),
    sealNo: Type.String({ maxLength: 64 }),
    event: Type.String({ enum: ['applied', 'checked', 'removed'] }),
    facility: Type.Optional(Type.String({ maxLength: 20 })),
    lat: Type.Optional(Type.Number()),
    lon: Type.Optional(Type.Number()),
    containerNo: Type.Optional(Type.String({ maxLength: 20 })),
    reader: Type.String({ enum: ['phone_nfc', 'phone_camera', 'lane_reader', 'handheld', 'manual'] }),
    readerId: Type.Optional(Type.String({ maxLength: 64 })),
    by: Type.Optional(Type.String({ maxLength: 100 })),
    readAt: Type.Optional(Type.String({ description: 'When the read was taken (ISO 8601 with offset); default: when received' })),
    photoId: Type.Optional(Type.String({ maxLength: 64, description: 'From POST /seal-reads/photos' })),
    photoSha256: Type.Optional(Type.String({ maxLength: 64 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { description: 'A seal read (each record is checked on its own, so the schema here only documents it)' },
);
// The body is checked record by record in the service (a batch keeps its good records), so the
// schema only bounds its shape; it documents the read in the OpenAPI description.
const Body = Type.Record(Type.String(), Type.Unknown(), {
  description: 'One seal read, or {reads: [...]} (at most 200)',
  examples: [{ sealNo: 'EPS000123', event: 'applied', facility: 'KHH-T1', reader: 'phone_nfc', readId: 'r-1' }],
});
const SealParams = Type.Object({ sealNo: Type.String({ minLength: 1, maxLength: 64 }) });
type SealParams = Static<typeof SealParams>;
const HistoryQuery = Type.Object({ limit: Type.Optional(Limit(500, 100)), offset: Type.Optional(Offset()) }, { additionalProperties: false });
const DisplayQuery = Type.Object({ format: Type.Optional(Type.String({ enum: ['json', 'png', 'pbm'], default: 'json' })) }, { additionalProperties: false });

/** A stored read as the API answers it (presentSealRead). */
export const SealReadViewSchema = Type.Object({
  readId: Type.String(),
  sealNo: Type.String(),
  event: Type.String({ enum: ['applied', 'checked', 'removed'] }),
  facility: Nullable(Type.String()),
  facilityName: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  containerNo: Nullable(Type.String()),
  reader: Type.String({ enum: ['phone_nfc', 'phone_camera', 'lane_reader', 'handheld', 'manual'] }),
  readerId: Nullable(Type.String()),
  by: Nullable(Type.String()),
  readAt: Timestamp({ description: 'When the read was taken' }),
  receivedAt: Timestamp(),
  late: Type.Boolean({ description: 'Uploaded long after it was taken (a phone that was offline)' }),
  tripId: Nullable(Type.String()),
  cnNo: Nullable(Type.String()),
  photoId: Nullable(Type.String()),
  photoUrl: Nullable(Type.String()),
  photoSha256: Nullable(Type.String()),
  note: Nullable(Type.String()),
  recordedBy: Type.String({ description: 'Who uploaded it (kind:id)' }),
});

/** A refused record of a batch: the problem (RFC 9457) it alone would have been answered with. */
const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  errors: Type.Optional(Type.Array(FieldErrorSchema)),
});
const OneRead = Type.Object({ status: Type.String({ enum: ['stored', 'duplicate'] }), read: SealReadViewSchema });
const BatchReads = Type.Object({
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(
    Type.Union([
      Type.Object({ index: Type.Integer(), readId: Nullable(Type.String()), status: Type.String({ enum: ['stored', 'duplicate'] }), read: SealReadViewSchema }),
      Type.Object({ index: Type.Integer(), readId: Nullable(Type.String()), status: Type.Literal('rejected'), error: ProblemSchema }),
    ]),
  ),
});
const ReadHistory = Type.Object({ sealNo: Type.String(), reads: Type.Array(SealReadViewSchema) });
const Place = Type.Object({ code: Type.String(), name: Nullable(Type.String()) });
const DisplaySchema = Type.Object(
  {
    sealNo: Type.String(),
    cnNo: Type.String(),
    containerNo: Type.String(),
    tripId: Nullable(Type.String()),
    origin: Place,
    destination: Place,
    deadline: Nullable(Timestamp({ description: "Departure plus the route's time limit, Asia/Taipei time; before departure estimated from now" })),
    deadlineEstimated: Type.Boolean(),
    deadlineText: Nullable(Type.String()),
    maxDurationMin: Nullable(Type.Number({ description: "The route's time limit, minutes" })),
    qr: Type.String({ description: 'The text the QR code holds: the CN number' }),
    lines: Type.Array(Type.String(), { description: 'The lines of text shown' }),
    bitmap: Type.Object({ width: Type.Integer(), height: Type.Integer() }),
  },
  { description: 'What the seal shows, as text and the QR code' },
);

function outcomeJson(o: ReadOutcome) {
  if (o.status !== 'rejected') return o;
  return { index: o.index, readId: o.readId, status: o.status, error: domainProblem(o.error).toJSON() };
}

/** The photo of a read: multipart with `photo` and, optionally, `sealNo`. */
async function readPhotoForm(req: FastifyRequest, maxBytes: number): Promise<{ photo: Buffer; sealNo: string | null }> {
  if (!req.isMultipart()) throw new Problem(415, 'Unsupported Media Type', 'Send multipart/form-data with the photo in the "photo" field');
  let photo: Buffer | null = null;
  let sealNo: string | null = null;
  const errors: FieldError[] = [];
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 200 } })) {
      if (part.type === 'file') {
        if (part.fieldname === 'photo') photo = await part.toBuffer();
        else {
          await part.toBuffer().catch(() => undefined);
          errors.push({ path: `/body/${part.fieldname}`, message: 'is not expected: the photo goes in "photo"', code: 'upload.wrong_field', params: { field: 'photo' } });
        }
      } else if (part.fieldname === 'sealNo') sealNo = String(part.value ?? '').trim() || null;
      else errors.push({ path: `/body/${part.fieldname}`, message: 'is not a known field', code: 'property.unknown', params: { name: part.fieldname } });
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new Problem(413, 'Content Too Large', 'The photo is too large', [{ path: '/body/photo', message: `must be at most ${maxBytes} bytes`, code: 'file.too_large', params: { limit: maxBytes } }]);
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') errors.push({ path: '/body', message: 'has too many parts', code: 'upload.too_many_parts' });
    else throw new Problem(400, 'Bad Request', 'The multipart body cannot be read');
  }
  if (!photo) errors.push({ path: '/body/photo', message: 'is required: a photo of the container door with its number and seal', code: 'required', params: { name: 'photo' } });
  if (errors.length) throw unprocessable(errors, 'The photo is not valid');
  return { photo: photo as Buffer, sealNo };
}

export default async function sealReadRoutes(api: FastifyInstance, ctx: AppContext) {
  await api.register(multipart, { limits: { fileSize: fieldServices(ctx).config.photoMaxBytes, files: 1 } });

  api.post<{ Body: Record<string, unknown> }>(
    '/seal-reads',
    {
      config: { auth: { roles: READERS } },
      schema: {
        tags,
        summary: 'Passive seal reads: one, or {reads:[...]} answered per record (customs, yard staff, responsible persons; lane readers and handhelds by API key)',
        description: `A read: ${JSON.stringify(Object.keys(SealReadSchema.properties))}. One read answers 201 {status:"stored", read} or 200 {status:"duplicate", read} (its readId was stored before), else a problem. A batch answers 200 {stored, duplicates, rejected, results:[{index, readId, status, read | error}]}.`,
        body: Body,
        response: {
          200: Type.Union([OneRead, BatchReads], { description: 'One read stored before (duplicate), or a batch answered per record' }),
          201: OneRead,
        },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const actor = requestActor(req);
      if ('reads' in body) {
        const reads = body.reads;
        if (!Array.isArray(reads) || reads.length === 0) throw unprocessable([{ path: '/body/reads', message: `must be an array of 1 to ${MAX_READS_PER_REQUEST} seal reads`, code: 'array.length', params: { min: 1, max: MAX_READS_PER_REQUEST } }]);
        const results = await recordSealReads(ctx, req.principal!, actor, reads, (i) => `/body/reads/${i}`);
        const count = (s: string) => results.filter((r) => r.status === s).length;
        return { stored: count('stored'), duplicates: count('duplicate'), rejected: count('rejected'), results: results.map(outcomeJson) };
      }
      const [one] = await recordSealReads(ctx, req.principal!, actor, [body], () => '/body');
      if (one.status === 'rejected') throw one.error;
      reply.status(one.status === 'stored' ? 201 : 200);
      return { status: one.status, read: one.read };
    },
  );

  api.post(
    '/seal-reads/photos',
    {
      config: { auth: { roles: READERS } },
      schema: { tags, summary: 'The photo of a read (multipart: photo, optional sealNo); a read refers to it by photoId (as for reads)', consumes: ['multipart/form-data'], response: { 201: PhotoMetaSchema } },
    },
    async (req, reply) => {
      const form = await readPhotoForm(req, fieldServices(ctx).config.photoMaxBytes);
      const target = form.sealNo ? await photoTargetOfSeal(ctx.db, form.sealNo) : {};
      const photo = await savePhoto(ctx, requestActor(req), req.principal!, { bytes: form.photo, ...target });
      reply.status(201);
      return photo;
    },
  );

  api.get<{ Params: SealParams; Querystring: Static<typeof HistoryQuery> }>(
    '/seals/:sealNo/reads',
    { schema: { tags, summary: 'A seal’s reads, oldest first (those the caller may see)', params: SealParams, querystring: HistoryQuery, response: { 200: ReadHistory } } },
    async (req) => sealReadHistory(ctx, req.principal!, req.params.sealNo, req.query.limit ?? 100, req.query.offset ?? 0),
  );

  api.get<{ Params: SealParams; Querystring: Static<typeof DisplayQuery> }>(
    '/seals/:sealNo/display',
    {
      schema: {
        tags,
        summary: 'What an e-paper seal shows for its trip: JSON, or ?format=png (1-bit) / pbm (P4), 296×128',
        params: SealParams,
        querystring: DisplayQuery,
        response: {
          200: {
            description: 'The display as JSON (format=json), or its 1-bit image (format=png, format=pbm)',
            content: {
              'application/json': { schema: DisplaySchema },
              'image/png': { schema: { type: 'string', format: 'binary' } },
              'image/x-portable-bitmap': { schema: { type: 'string', format: 'binary', description: 'PBM P4' } },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const d = await sealDisplay(ctx, req.principal!, req.params.sealNo);
      const format = req.query.format ?? 'json';
      if (format === 'json') return d;
      const bits = renderDisplayBits(d);
      reply.header('cache-control', 'private, no-store');
      if (format === 'png') return reply.type('image/png').send(toPng1(bits));
      return reply.type('image/x-portable-bitmap').send(toPbm(bits));
    },
  );
}
