// Legacy text → transport notes: a yard keeps sending the CSV or fixed-width files its system
// already writes, and sees line by line how they convert to the JSON API (FAQ 004 asked for a
// "txt to json" interface). With ?dryRun=true it only converts and checks the fields.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseCsv } from '../../transport-notes/upload/csv.ts';
import { SOURCE_FIELDS, type ParsedUpload } from '../../transport-notes/upload/fields.ts';
import { checkLayout, parseFixedWidth, type Layout } from '../../transport-notes/upload/fixed-width.ts';
import { namedLayout, namedLayouts } from '../../transport-notes/upload/layouts.ts';
import { MAX_UPLOAD_NOTES, processUpload, type LineOutcome, type LineResult } from '../../transport-notes/upload/process.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { Problem, statusOf, unprocessable } from '../problem.ts';
import { FieldErrorSchema, NOTE_SENDERS } from './transport-notes.ts';

export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

const DELIMITERS: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' };

const UploadQuery = Type.Object(
  {
    layout: Type.Optional(Type.String({ maxLength: 64, description: 'text/plain: name of a fixed-width layout (GET /transport-notes/upload/layouts)' })),
    layoutJson: Type.Optional(Type.String({ maxLength: 20000, description: 'text/plain: a layout given inline, as URL-encoded JSON' })),
    dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    delimiter: Type.Optional(Type.Union(Object.keys(DELIMITERS).map((d) => Type.Literal(d)), { description: 'text/csv: default comma' })),
  },
  { additionalProperties: false },
);
type UploadQueryT = Static<typeof UploadQuery>;

const DESCRIPTION = `
Converts a legacy text file into transport notes and, unless dryRun=true, submits them exactly as POST /transport-notes
(same checks, each note in its own transaction). Answers {lines: [{line, status, cnNo, note?, errors?: [{path, field, message}]}],
summary}: one result per line; path points into the converted JSON note, field names the source column.
Up to ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB (413 beyond) and ${MAX_UPLOAD_NOTES} notes. Charset from the Content-Type (default utf-8; big5 works).

**text/csv**: a header row naming the columns like the JSON fields (${SOURCE_FIELDS.join(', ')}; case, spaces and "_" ignored),
then one row per container: rows with the same cnNo and function make one note. Note columns may be repeated on every row
or filled on the first only; repeated values must agree. sealNos holds the container's seal numbers separated by spaces, ";" or "|".
function defaults to "9"; requiresConfirmation (true/false, Y/N) defaults to true for releaseCode 1 or B. A cancel needs only cnNo and function 1.

**text/plain**: fixed width, one container per line, cut by a layout: ?layout=NAME, or ?layoutJson= a URL-encoded
{base?: 1|0, skipLines?, defaults?: {field: value}, fields: [{field, start, length, map?}]}; start counts characters (not bytes)
from 1 (or from 0 with base 0); map translates codes (e.g. seal type "3" → "truck_eseal").`;

function decode(req: FastifyRequest, body: Buffer): string {
  const charset = /charset="?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new Problem(415, 'Unsupported Media Type', `charset ${charset} is not supported`);
  }
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw unprocessable([{ path: '/body', message: `the body is not valid ${charset} text`, code: 'file.charset', params: { charset } }]);
  }
  // PostgreSQL cannot store a NUL in text; a file holding one is binary or damaged.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw unprocessable([{ path: '/body', message: `line ${text.slice(0, nul).split('\n').length} contains a NUL character`, code: 'file.nul', params: { line: text.slice(0, nul).split('\n').length } }]);
  return text;
}

function layoutOf(q: UploadQueryT): Layout {
  if (q.layoutJson !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(q.layoutJson);
    } catch (err) {
      throw unprocessable([{ path: '/querystring/layoutJson', message: `is not JSON: ${(err as Error).message}`, code: 'layout.json' }]);
    }
    const { layout, errors } = checkLayout(raw, 'inline', '/querystring/layoutJson');
    if (!layout) throw unprocessable(errors, 'The layout is not valid');
    return layout;
  }
  const names = [...namedLayouts().keys()].join(', ');
  if (!q.layout) throw unprocessable([{ path: '/querystring/layout', message: `a text/plain upload needs ?layout= (one of ${names}) or ?layoutJson=`, code: 'layout.required', params: { layouts: names } }]);
  const layout = namedLayout(q.layout);
  if (!layout) throw unprocessable([{ path: '/querystring/layout', message: `no layout "${q.layout}"; layouts are ${names}`, code: 'layout.unknown', params: { name: q.layout, layouts: names } }]);
  return layout;
}

function parseUpload(req: FastifyRequest<{ Querystring: UploadQueryT }>): ParsedUpload {
  if (!Buffer.isBuffer(req.body)) throw new Problem(415, 'Unsupported Media Type', 'send text/csv or text/plain');
  const text = decode(req, req.body);
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return parseCsv(text, DELIMITERS[req.query.delimiter ?? 'comma']);
  return parseFixedWidth(text, layoutOf(req.query));
}

const LineReply = Type.Object({
  line: Type.Integer({ description: 'Line number in the file' }),
  status: Type.Integer({ description: 'As POST /transport-notes would answer its note: 201 issued, 200 changed or converted (dry run), else the error’s' }),
  cnNo: Type.Optional(Type.String()),
  note: Type.Optional(Type.Unknown({ description: 'Dry run: the JSON note the line converts to (on the first line of each note)' })),
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        ...FieldErrorSchema.properties,
        path: Type.String({ description: 'JSON pointer into the converted note' }),
        field: Type.Optional(Type.String({ description: 'The source column' })),
      }),
    ),
  ),
});
const UploadAnswer = Type.Object({
  lines: Type.Array(LineReply),
  summary: Type.Object({
    ok: Type.Integer({ description: 'Lines' }),
    failed: Type.Integer(),
    notes: Type.Object({ ok: Type.Integer(), failed: Type.Integer() }),
  }),
});
const LayoutSchema = Type.Object({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  base: Type.Union([Type.Literal(0), Type.Literal(1)], { description: 'Whether the first character is at 1 (default) or 0' }),
  skipLines: Type.Integer({ description: 'Header lines at the top of the file' }),
  defaults: Type.Record(Type.String(), Type.String(), { description: 'Values of fields the file does not carry' }),
  fields: Type.Array(
    Type.Object({
      field: Type.String({ enum: [...SOURCE_FIELDS] }),
      start: Type.Integer(),
      length: Type.Integer(),
      map: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Codes of the file → values of the JSON note' })),
    }),
  ),
});

/** A line's status: as POST /transport-notes answers its note (201 issued, 200 changed or converted, else the error's). */
const lineStatus = (o: LineOutcome): number => (o === 'issued' ? 201 : o === 'changed' || o === 'converted' ? 200 : statusOf(o));

const lineReply = ({ line, outcome, ...rest }: LineResult) => ({ line, status: lineStatus(outcome), ...rest });

export default async function transportNoteUploadRoutes(api: FastifyInstance, ctx: AppContext) {
  // In this plugin only: uploads arrive as raw bytes, decoded by their declared charset.
  api.removeContentTypeParser(['text/plain']);
  api.addContentTypeParser(['text/plain', 'text/csv'], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  api.post<{ Querystring: UploadQueryT }>(
    '/transport-notes/upload',
    {
      bodyLimit: UPLOAD_LIMIT_BYTES,
      config: { auth: { roles: NOTE_SENDERS } },
      schema: {
        tags: ['transport-notes'],
        summary: 'Upload legacy CSV or fixed-width CN files (yard operator, customs)',
        description: DESCRIPTION,
        querystring: UploadQuery,
        consumes: ['text/csv', 'text/plain'],
        response: { 200: UploadAnswer, 207: UploadAnswer },
      },
    },
    async (req, reply) => {
      const parsed = parseUpload(req);
      const dryRun = req.query.dryRun === 'true';
      const report = await processUpload(ctx, requestActor(req), req.principal!, parsed, dryRun);
      reply.status(dryRun ? 200 : 207);
      return { ...report, lines: report.lines.map(lineReply) };
    },
  );

  api.get(
    '/transport-notes/upload/layouts',
    { schema: { tags: ['transport-notes'], summary: 'Named fixed-width layouts for text/plain uploads', response: { 200: Type.Array(LayoutSchema) } } },
    async () => [...namedLayouts().values()],
  );
}
