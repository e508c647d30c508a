// The confirmation with a photo of the container door as the API receives it: one
// multipart/form-data request with the text fields and the photo. Read here; the field service
// (src/field/confirm-photo.ts) takes the fields and the photo's bytes.
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import type { PhotoConfirmation } from '../field/confirm-photo.ts';
import { findBadText } from '../core/text.ts';
import { Problem, unprocessable, type FieldError } from './problem.ts';

export const PHOTO_FIELD = 'photo';
const TEXT_FIELDS = ['cnNo', 'containerNo', 'note'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export interface MultipartForm {
  fields: Partial<Record<TextField, string>>;
  photo: Buffer | null;
}

const tooLarge = (max: number) =>
  new Problem(413, 'Content Too Large', `The photo is larger than ${Math.round(max / 1024 / 1024)} MiB`, [
    { path: `/body/${PHOTO_FIELD}`, message: `must be at most ${max} bytes`, code: 'file.too_large', params: { limit: max } },
  ]);

/** Reads a multipart/form-data body: the text fields and the one photo. */
export async function readConfirmationForm(req: FastifyRequest, maxBytes: number): Promise<MultipartForm> {
  if (!req.isMultipart()) {
    throw new Problem(415, 'Unsupported Media Type', `Send multipart/form-data with the photo in the "${PHOTO_FIELD}" field`);
  }
  const form: MultipartForm = { fields: {}, photo: null };
  const errors: FieldError[] = [];
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 2000 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== PHOTO_FIELD) {
          await part.toBuffer().catch(() => undefined);
          errors.push({ path: `/body/${part.fieldname}`, message: `is not expected: the photo goes in "${PHOTO_FIELD}"`, code: 'upload.wrong_field', params: { field: PHOTO_FIELD } });
          continue;
        }
        form.photo = await part.toBuffer();
      } else if ((TEXT_FIELDS as readonly string[]).includes(part.fieldname)) {
        form.fields[part.fieldname as TextField] = String(part.value ?? '').trim();
      } else {
        errors.push({ path: `/body/${part.fieldname}`, message: 'is not a known field', code: 'property.unknown', params: { name: part.fieldname } });
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT') errors.push({ path: '/body', message: 'must carry one photo only', code: 'upload.one_file' });
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') errors.push({ path: '/body', message: 'has too many fields', code: 'upload.too_many_parts' });
    // Only the request is read here: anything else that fails is a body the parser cannot cut (no boundary, truncated).
    else throw new Problem(400, 'Bad Request', 'The multipart body cannot be read', [{ path: '/body', message: (err as Error).message, code: 'upload.unreadable' }]);
  }
  const badText = findBadText(form.fields, '/body');
  if (badText) errors.push(badText);
  if (!form.photo) errors.push({ path: `/body/${PHOTO_FIELD}`, message: 'is required: a photo of the container door with its number and seal', code: 'required', params: { name: PHOTO_FIELD } });
  if (form.fields.note !== undefined && form.fields.note.length > 500) errors.push({ path: '/body/note', message: 'must be at most 500 characters', code: 'string.too_long', params: { limit: 500 } });
  if (errors.length) throw unprocessable(errors, 'The confirmation is not valid');
  return form;
}

/** The confirmation in the request: the note is the one in the path, else the form's cnNo field. */
export async function readPhotoConfirmation(req: FastifyRequest, maxBytes: number, cnNoFromPath?: string): Promise<PhotoConfirmation> {
  const { fields, photo } = await readConfirmationForm(req, maxBytes);
  return { ...fields, cnNo: cnNoFromPath ?? fields.cnNo, photo: photo! };
}
