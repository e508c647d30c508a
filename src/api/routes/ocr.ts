// POST /ocr: the container number (and plate) in a picture, read by the platform's own recogniser
// (src/ocr). The picture comes as the raw body (Content-Type image/*) or as multipart/form-data in
// the field "image". Nothing is stored: the answer is what `sealwatch ocr` prints for a file.
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OCR_READERS } from '../../access/policy.ts';
import { OcrReader } from '../../ocr/reader.ts';
import type { AppContext } from '../../platform.ts';
import { Problem, unprocessable, type FieldError } from '../problem.ts';

/** The largest picture taken (a lane camera's JPEG is a few hundred kB). */
export const OCR_MAX_BYTES = 8 * 1024 * 1024;
const IMAGE_FIELD = 'image';
const RAW_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/bmp', 'application/octet-stream'];

const OcrAnswer = Type.Object({
  file: Type.Union([Type.String(), Type.Null()], { description: 'The multipart part’s file name; null for a raw body' }),
  containerNo: Type.Union([Type.String(), Type.Null()], { description: 'ISO 6346, check digit verified; null when none is read' }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  plate: Type.Optional(Type.String({ description: 'Registration plate, stored form (KNA6001)' })),
});

const tooLarge = () =>
  new Problem(413, 'Content Too Large', `The picture is larger than ${OCR_MAX_BYTES / 1024 / 1024} MiB`, [
    { path: `/body/${IMAGE_FIELD}`, message: `must be at most ${OCR_MAX_BYTES} bytes`, code: 'file.too_large', params: { limit: OCR_MAX_BYTES } },
  ]);

/** The picture in the request and its name: the raw body, or the one file part of a form. */
async function readPicture(req: FastifyRequest): Promise<{ bytes: Buffer; file: string | null; path: string }> {
  if (Buffer.isBuffer(req.body)) {
    if (req.body.length === 0) throw unprocessable([{ path: '/body', message: 'is empty: send the picture’s bytes', code: 'file.empty' }]);
    return { bytes: req.body, file: null, path: '/body' };
  }
  if (!req.isMultipart()) {
    throw new Problem(415, 'Unsupported Media Type', `Send the picture as the body (${RAW_TYPES.join(', ')}) or as multipart/form-data in the "${IMAGE_FIELD}" field`);
  }
  let picture: { bytes: Buffer; file: string | null; path: string } | null = null;
  const errors: FieldError[] = [];
  try {
    for await (const part of req.parts({ limits: { fileSize: OCR_MAX_BYTES, files: 1, fields: 5, fieldSize: 200 } })) {
      if (part.type !== 'file') {
        errors.push({ path: `/body/${part.fieldname}`, message: 'is not a known field', code: 'property.unknown', params: { name: part.fieldname } });
      } else if (part.fieldname !== IMAGE_FIELD) {
        await part.toBuffer().catch(() => undefined);
        errors.push({ path: `/body/${part.fieldname}`, message: `is not expected: the picture goes in "${IMAGE_FIELD}"`, code: 'upload.wrong_field', params: { field: IMAGE_FIELD } });
      } else {
        picture = { bytes: await part.toBuffer(), file: part.filename || null, path: `/body/${IMAGE_FIELD}` };
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT') errors.push({ path: '/body', message: 'must carry one picture only', code: 'upload.one_file' });
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') errors.push({ path: '/body', message: 'has too many fields', code: 'upload.too_many_parts' });
    else throw new Problem(400, 'Bad Request', 'The multipart body cannot be read', [{ path: '/body', message: (err as Error).message, code: 'upload.unreadable' }]);
  }
  if (!picture || picture.bytes.length === 0) errors.push({ path: `/body/${IMAGE_FIELD}`, message: 'is required: a picture of a container door or a lane camera frame', code: 'required', params: { name: IMAGE_FIELD } });
  if (errors.length) throw unprocessable(errors, 'The upload is not valid');
  return picture!;
}

export default async function ocrRoutes(api: FastifyInstance, _ctx: AppContext) {
  await api.register(multipart, { limits: { fileSize: OCR_MAX_BYTES, files: 1 } });
  api.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: OCR_MAX_BYTES }, (_req, body, done) => done(null, body));
  // One recogniser for the API, started by the first picture and stopped with the server.
  const reader = new OcrReader({ workers: 1, maxWaiting: 16 });
  api.addHook('onClose', async () => reader.close());

  api.post(
    '/ocr',
    {
      bodyLimit: OCR_MAX_BYTES,
      config: { auth: { roles: OCR_READERS } },
      schema: {
        tags: ['monitoring'],
        summary: 'Read the container number (and plate) in a picture (customs, yard operator)',
        description:
          `The picture as the body (${RAW_TYPES.join(', ')}) or as multipart/form-data in the field "${IMAGE_FIELD}"; ` +
          `${OCR_MAX_BYTES / 1024 / 1024} MiB at most (413 beyond), not a readable image: 422. Answers {file, containerNo, ` +
          'confidence, plate?} as `sealwatch ocr` prints them: containerNo is an ISO 6346 number whose check digit holds, ' +
          'or null; confidence in [0, 1]. A busy recogniser answers 503: try again.',
        consumes: ['multipart/form-data', ...RAW_TYPES],
        response: { 200: OcrAnswer },
      },
    },
    async (req) => {
      const { bytes, file, path } = await readPicture(req);
      const r = await reader.read(bytes, path);
      return { file, containerNo: r.containerNo, confidence: r.confidence, ...(r.plate ? { plate: r.plate } : {}) };
    },
  );
}
