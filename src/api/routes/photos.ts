// Photos of sealed container doors, served back with the authorisation of their transport note:
// customs, the person who took the photo, and whoever may see the note (its sender, the operators
// of its origin and destination, the origin's responsible persons). Anyone else: 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { validateCnNo } from '../../core/ids/index.ts';
import { fieldServices } from '../../field/services.ts';
import { canSeePhoto, presentPhoto } from '../../photos/service.ts';
import { EXTENSION, type ImageType } from '../../photos/sniff.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../problem.ts';

const tags = ['field'];

/**
 * A photo is bytes a phone sent: whatever they hold, a browser shows them as an image or not at
 * all; no script runs, no type is guessed, and saving it gives a sensible file name.
 */
const PHOTO_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ListQuery = Type.Object({ cnNo: Type.String({ maxLength: 30 }) }, { additionalProperties: false });

export default async function photoRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Params: Static<typeof Params> }>(
    '/photos/:id',
    { schema: { tags, summary: 'A photo (the bytes, with its SHA-256 as ETag)', params: Params } },
    async (req, reply) => {
      const [row] = await ctx.db.query('select * from photos where id = $1', [req.params.id]);
      if (!row || !(await canSeePhoto(ctx.db, req.principal!, row))) throw notFound(`Photo ${req.params.id}`);
      const etag = `"${row.sha256}"`;
      const known = EXTENSION[row.content_type as ImageType];
      const ext = known ? `.${known}` : '';
      reply
        .header('etag', etag)
        .header('cache-control', 'private, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', PHOTO_CSP)
        .header('content-disposition', `inline; filename="${String(row.id).replace(/[^\w.-]/g, '_')}${ext}"`);
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      const bytes = await fieldServices(ctx).photos.get(row.storage_key);
      if (!bytes) throw notFound(`The file of photo ${row.id}`);
      reply.header('x-content-sha256', row.sha256).type(row.content_type);
      return reply.send(bytes);
    },
  );

  api.get<{ Params: Static<typeof Params> }>(
    '/photos/:id/meta',
    { schema: { tags, summary: 'What is known of a photo: hash, type, size, note, container, who took it, when', params: Params } },
    async (req) => {
      const [row] = await ctx.db.query('select * from photos where id = $1', [req.params.id]);
      if (!row || !(await canSeePhoto(ctx.db, req.principal!, row))) throw notFound(`Photo ${req.params.id}`);
      return presentPhoto(row);
    },
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/photos',
    { schema: { tags, summary: 'The photos of a transport note', querystring: ListQuery } },
    async (req) => {
      const v = validateCnNo(req.query.cnNo);
      if (!v.ok) return [];
      const rows = await ctx.db.query('select * from photos where cn_no = $1 order by created_at', [v.value]);
      const out = [];
      for (const r of rows) if (await canSeePhoto(ctx.db, req.principal!, r)) out.push(presentPhoto(r));
      return out;
    },
  );
}
