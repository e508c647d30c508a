// Photos of sealed container doors: checked by their bytes, hashed (SHA-256), kept in the photo
// store, recorded in `photos` with an audit entry, and served back to whoever may see the
// transport note they belong to.
import { createHash } from 'node:crypto';
import type { AppContext } from '../platform.ts';
import { recordAudit, type Actor } from '../audit/trail.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { invalid, notFound } from '../core/errors.ts';
import { fieldServices } from '../field/services.ts';
import type { Queryable, Row } from '../store/db.ts';
import { canSeeNote } from '../access/policy.ts';
import { EXTENSION, sniffImage, type ImageType } from './sniff.ts';

export const PHOTO_URL_PREFIX = '/api/v1/photos/';

export interface PhotoMeta {
  id: string;
  url: string;
  sha256: string;
  contentType: ImageType;
  sizeBytes: number;
  cnNo: string | null;
  containerNo: string | null;
  uploadedBy: string;
  createdAt: string;
}

export function presentPhoto(r: Row): PhotoMeta {
  return {
    id: r.id,
    url: PHOTO_URL_PREFIX + r.id,
    sha256: r.sha256,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    cnNo: r.cn_no ?? null,
    containerNo: r.container_no ?? null,
    uploadedBy: r.uploaded_by,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export interface NewPhoto {
  bytes: Buffer;
  cnNo?: string;
  containerNo?: string;
  /** Where the bytes came from in the request, for error paths (default /body/photo). */
  path?: string;
}

/** Checks that the bytes are a photo (JPEG, PNG, WebP, HEIC) and returns its type, else `invalid`. */
export function requireImage(bytes: Buffer, path = '/body/photo'): ImageType {
  if (bytes.length === 0) throw invalid([{ path, message: 'is empty', code: 'file.empty' }], 'The photo is not valid');
  const type = sniffImage(bytes);
  if (!type) throw invalid([{ path, message: 'is not a JPEG, PNG, WebP or HEIC image', code: 'photo.type' }], 'The photo is not valid');
  return type;
}

/** Stores the bytes and records the photo, uploaded by `principal`, with its audit entry in one transaction. */
export async function savePhoto(ctx: AppContext, actor: Actor, principal: Principal, p: NewPhoto): Promise<PhotoMeta> {
  const contentType = requireImage(p.bytes, p.path);
  const sha256 = createHash('sha256').update(p.bytes).digest('hex');
  const id = newId('ph');
  const now = new Date();
  const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}.${EXTENSION[contentType]}`;
  const store = fieldServices(ctx).photos;
  await store.put(key, p.bytes, contentType);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `insert into photos (id, sha256, content_type, size_bytes, store, storage_key, cn_no, container_no, uploaded_by, company_ubn)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning *`,
        [id, sha256, contentType, p.bytes.length, store.kind, key, p.cnNo ?? null, p.containerNo ?? null, principal.id, principal.companyUbn],
      );
      await recordAudit(tx, actor, {
        action: 'upload',
        resource: 'photo',
        resourceId: id,
        after: { sha256, contentType, sizeBytes: p.bytes.length, cnNo: p.cnNo ?? null, containerNo: p.containerNo ?? null },
      });
      return row;
    });
    return presentPhoto(row);
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
}

/** Forgets a photo whose purpose failed (e.g. the confirmation it came with was refused). */
export async function discardPhoto(ctx: AppContext, id: string): Promise<void> {
  const [row] = await ctx.db.query('delete from photos where id = $1 returning storage_key', [id]);
  if (row) await fieldServices(ctx).photos.delete(row.storage_key).catch(() => undefined);
}

/** Who sees a photo: customs, the person who took it, and whoever may see its transport note. */
export async function canSeePhoto(q: Queryable, p: Principal, row: Row): Promise<boolean> {
  if (isCustoms(p) || row.uploaded_by === p.id) return true;
  if (!row.cn_no) return false;
  const [note] = await q.query('select sender_ubn, origin, destination from transport_notes where cn_no = $1', [row.cn_no]);
  return !!note && (await canSeeNote(q, p, { cnNo: row.cn_no, senderUbn: note.sender_ubn, origin: note.origin, destination: note.destination }));
}

/** A photo's row, if `p` may see it (else not_found: nothing is revealed of others' photos). */
export async function visiblePhoto(ctx: AppContext, p: Principal, id: string): Promise<Row> {
  const [row] = await ctx.db.query('select * from photos where id = $1', [id]);
  if (!row || !(await canSeePhoto(ctx.db, p, row))) throw notFound(`Photo ${id}`, 'photo', id);
  return row;
}

/** The bytes of a photo already found visible (`visiblePhoto`). */
export async function photoBytes(ctx: AppContext, row: Row): Promise<Buffer> {
  const bytes = await fieldServices(ctx).photos.get(row.storage_key);
  if (!bytes) throw notFound(`The file of photo ${row.id}`, 'photo_file', row.id);
  return bytes;
}

/** The photos of a transport note that `p` may see. */
export async function photosOfNote(ctx: AppContext, p: Principal, cnNo: string): Promise<PhotoMeta[]> {
  const rows = await ctx.db.query('select * from photos where cn_no = $1 order by created_at', [cnNo]);
  const out: PhotoMeta[] = [];
  for (const r of rows) if (await canSeePhoto(ctx.db, p, r)) out.push(presentPhoto(r));
  return out;
}
