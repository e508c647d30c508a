// The responsible person's confirmation of the sealing with a photo of the container door
// (container number and seal visible), in one multipart request: the photo is checked, hashed and
// stored, then the transport note is confirmed with a reference to it (src/transport-notes/
// confirm.ts). The SHA-256 is on the confirmation and in the audit trail. A refused confirmation
// (not this person's storage code, already confirmed, ...) leaves no photo behind.
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import type { AppContext } from '../platform.ts';
import { requestActor } from '../api/audit.ts';
import { findBadText } from '../core/text.ts';
import { Problem, unprocessable, type FieldError } from '../api/problem.ts';
import { recordAudit } from '../audit/trail.ts';
import { discardPhoto, savePhoto, type PhotoMeta } from '../photos/service.ts';
import { confirmTransportNote, type ConfirmResult, type PhotoRef } from '../transport-notes/confirm.ts';
import { fieldServices } from './services.ts';

export const PHOTO_FIELD = 'photo';
const TEXT_FIELDS = ['cnNo', 'containerNo', 'note'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export interface MultipartForm {
  fields: Partial<Record<TextField, string>>;
  photo: Buffer | null;
}

const tooLarge = (max: number) =>
  new Problem(413, 'Content Too Large', `The photo is larger than ${Math.round(max / 1024 / 1024)} MiB`, [
    { path: `/body/${PHOTO_FIELD}`, message: `must be at most ${max} bytes` },
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
          errors.push({ path: `/body/${part.fieldname}`, message: `is not expected: the photo goes in "${PHOTO_FIELD}"` });
          continue;
        }
        form.photo = await part.toBuffer();
      } else if ((TEXT_FIELDS as readonly string[]).includes(part.fieldname)) {
        form.fields[part.fieldname as TextField] = String(part.value ?? '').trim();
      } else {
        errors.push({ path: `/body/${part.fieldname}`, message: 'is not a known field' });
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT') errors.push({ path: '/body', message: 'must carry one photo only' });
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') errors.push({ path: '/body', message: 'has too many fields' });
    // Only the request is read here: anything else that fails is a body the parser cannot cut (no boundary, truncated).
    else throw new Problem(400, 'Bad Request', 'The multipart body cannot be read', [{ path: '/body', message: (err as Error).message }]);
  }
  const badText = findBadText(form.fields, '/body');
  if (badText) errors.push(badText);
  if (!form.photo) errors.push({ path: `/body/${PHOTO_FIELD}`, message: 'is required: a photo of the container door with its number and seal' });
  if (form.fields.note !== undefined && form.fields.note.length > 500) errors.push({ path: '/body/note', message: 'must be at most 500 characters' });
  if (errors.length) throw unprocessable(errors, 'The confirmation is not valid');
  return form;
}

export interface PhotoConfirmResult extends ConfirmResult {
  photo: PhotoMeta;
}

/**
 * Confirms transport note `cnNo` (from the path, or the form's cnNo field) with the photo in the
 * request. Usable from any route that receives the multipart body.
 */
export async function confirmWithPhoto(ctx: AppContext, req: FastifyRequest, cnNoFromPath?: string): Promise<PhotoConfirmResult> {
  const form = await readConfirmationForm(req, fieldServices(ctx).config.photoMaxBytes);
  const cnNo = cnNoFromPath ?? form.fields.cnNo;
  if (!cnNo) throw unprocessable([{ path: '/body/cnNo', message: 'is required' }], 'The confirmation is not valid');
  const actor = requestActor(req);
  const principal = req.principal!;
  const photo = await savePhoto(ctx, { principal, audit: (tx, entry) => recordAudit(tx, actor, entry) }, {
    bytes: form.photo!,
    cnNo: cnNo.trim().toUpperCase(),
    containerNo: form.fields.containerNo?.replace(/\s+/g, '').toUpperCase() || undefined,
  });
  const ref: PhotoRef & { id: string; sizeBytes: number } = {
    ref: photo.url,
    id: photo.id,
    contentType: photo.contentType,
    sha256: photo.sha256,
    sizeBytes: photo.sizeBytes,
  };
  try {
    const r = await confirmTransportNote(ctx, actor, principal, cnNo, {
      ...(form.fields.containerNo ? { containerNo: form.fields.containerNo } : {}),
      ...(form.fields.note ? { note: form.fields.note } : {}),
      photo: ref,
    });
    return { ...r, photo };
  } catch (err) {
    await discardPhoto(ctx, photo.id);
    throw err;
  }
}
