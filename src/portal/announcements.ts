// What customs publishes on the portal's public home: announcements (公告) and downloads (manuals,
// device specifications, interface documents) with their file. Published and withdrawn by a
// customs admin, audited; read by anyone, logged in or not.
import { recordAudit, type Actor } from '../audit/trail.ts';
import { newId } from '../auth/secrets.ts';
import { FieldErrors, notFound } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import type { Row } from '../store/db.ts';

export const ANNOUNCEMENT_KINDS = ['news', 'download'] as const;
export const DOWNLOAD_CATEGORIES = ['manual', 'device_spec', 'interface_doc', 'other'] as const;
/** A download's file, at most (the document itself, before base64). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const CONTENT_TYPES = ['application/pdf', 'text/plain', 'text/csv', 'application/json', 'application/zip', 'image/png', 'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

export interface AnnouncementInput {
  kind: (typeof ANNOUNCEMENT_KINDS)[number];
  title: string;
  body?: string;
  category?: (typeof DOWNLOAD_CATEGORIES)[number];
  file?: { name: string; contentType: string; base64: string };
}

const present = (r: Row) => ({
  id: r.id as string,
  kind: r.kind as string,
  category: (r.category as string | null) ?? null,
  title: r.title as string,
  body: r.body as string,
  file: r.file_name ? { name: r.file_name as string, contentType: r.content_type as string, sizeBytes: r.size_bytes as number, href: `/api/v1/portal/announcements/${r.id}/file` } : null,
  publishedAt: new Date(r.published_at).toISOString(),
  publishedBy: r.published_by as string,
});
export type AnnouncementView = ReturnType<typeof present>;

const COLUMNS = 'id, kind, category, title, body, file_name, content_type, size_bytes, published_at, published_by';

export async function listAnnouncements(ctx: Platform, kind?: string): Promise<AnnouncementView[]> {
  const rows = await ctx.db.query(
    `select ${COLUMNS} from portal_announcements where withdrawn_at is null ${kind ? 'and kind = $1' : ''} order by published_at desc limit 200`,
    kind ? [kind] : [],
  );
  return rows.map(present);
}

export async function publishAnnouncement(ctx: Platform, actor: Actor, b: AnnouncementInput): Promise<AnnouncementView> {
  const errs = new FieldErrors();
  const title = b.title.trim();
  if (!title) errs.add('/body/title', 'a title is required', 'required', { name: 'title' });
  let content: Buffer | null = null;
  if (b.kind === 'download') {
    if (!b.file) errs.add('/body/file', 'a download needs its file', 'required', { name: 'file' });
    if (!b.category) errs.add('/body/category', 'manual, device_spec, interface_doc or other', 'required', { name: 'category' });
  } else if (b.file || b.category) errs.add(b.file ? '/body/file' : '/body/category', 'only a download has a file and a category', 'announcement.download_only');
  if (b.file) {
    if (!CONTENT_TYPES.includes(b.file.contentType)) errs.add('/body/file/contentType', `one of ${CONTENT_TYPES.join(', ')}`, 'enum', { allowed: CONTENT_TYPES.join(', ') });
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b.file.base64)) errs.add('/body/file/base64', 'not base64', 'file.base64');
    else {
      content = Buffer.from(b.file.base64, 'base64');
      if (content.length === 0) errs.add('/body/file/base64', 'the file is empty', 'file.empty');
      if (content.length > MAX_FILE_BYTES) errs.add('/body/file/base64', `at most ${MAX_FILE_BYTES} bytes`, 'file.too_large', { limit: MAX_FILE_BYTES });
    }
  }
  errs.throwIfAny();
  const id = newId('ann');
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx.query(
      `insert into portal_announcements (id, kind, category, title, body, file_name, content_type, content, size_bytes, published_by)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning ${COLUMNS}`,
      [id, b.kind, b.category ?? null, title, b.body?.trim() ?? '', b.file?.name ?? null, b.file?.contentType ?? null, content, content?.length ?? null, actor.id],
    );
    await recordAudit(tx, actor, { action: 'publish', resource: 'portal_announcement', resourceId: id, after: present(r) });
    return r;
  });
  return present(row);
}

export async function withdrawAnnouncement(ctx: Platform, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [r] = await tx.query(`update portal_announcements set withdrawn_at = now() where id = $1 and withdrawn_at is null returning ${COLUMNS}`, [id]);
    if (!r) throw notFound(`Announcement ${id}`, 'announcement', id);
    await recordAudit(tx, actor, { action: 'withdraw', resource: 'portal_announcement', resourceId: id, before: present(r) });
  });
}

export async function announcementFile(ctx: Platform, id: string): Promise<{ name: string; contentType: string; content: Buffer }> {
  const [r] = await ctx.db.query(`select file_name, content_type, content from portal_announcements where id = $1 and withdrawn_at is null and content is not null`, [id]);
  if (!r) throw notFound(`File of announcement ${id}`, 'announcement_file', id);
  return { name: r.file_name, contentType: r.content_type, content: Buffer.from(r.content as Uint8Array) };
}
