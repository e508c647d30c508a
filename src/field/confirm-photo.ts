// The responsible person's confirmation of the sealing with a photo of the container door
// (container number and seal visible): the photo is checked, hashed and stored, then the transport
// note is confirmed with a reference to it (src/transport-notes/confirm.ts). The SHA-256 is on the
// confirmation and in the audit trail. A refused confirmation (not this person's storage code,
// already confirmed, ...) leaves no photo behind. The API reads the multipart form; this takes its
// fields and the photo's bytes.
import type { AppContext } from '../platform.ts';
import type { Actor } from '../audit/trail.ts';
import type { Principal } from '../auth/roles.ts';
import { invalid } from '../core/errors.ts';
import { discardPhoto, savePhoto, type PhotoMeta } from '../photos/service.ts';
import { confirmTransportNote, type ConfirmResult, type PhotoRef } from '../transport-notes/confirm.ts';

export interface PhotoConfirmation {
  /** The transport note: from the path, or the form's cnNo field. */
  cnNo?: string;
  containerNo?: string;
  note?: string;
  photo: Buffer;
}

export interface PhotoConfirmResult extends ConfirmResult {
  photo: PhotoMeta;
}

/** Confirms the transport note with the photo: the photo is kept only if the confirmation is. */
export async function confirmWithPhoto(ctx: AppContext, actor: Actor, p: Principal, c: PhotoConfirmation): Promise<PhotoConfirmResult> {
  const cnNo = c.cnNo;
  if (!cnNo) throw invalid([{ path: '/body/cnNo', message: 'is required', code: 'required', params: { name: 'cnNo' } }], 'The confirmation is not valid');
  const photo = await savePhoto(ctx, actor, p, {
    bytes: c.photo,
    cnNo: cnNo.trim().toUpperCase(),
    containerNo: c.containerNo?.replace(/\s+/g, '').toUpperCase() || undefined,
  });
  const ref: PhotoRef & { id: string; sizeBytes: number } = {
    ref: photo.url,
    id: photo.id,
    contentType: photo.contentType,
    sha256: photo.sha256,
    sizeBytes: photo.sizeBytes,
  };
  try {
    const r = await confirmTransportNote(ctx, actor, p, cnNo, {
      ...(c.containerNo ? { containerNo: c.containerNo } : {}),
      ...(c.note ? { note: c.note } : {}),
      photo: ref,
    });
    return { ...r, photo };
  } catch (err) {
    await discardPhoto(ctx, photo.id);
    throw err;
  }
}
