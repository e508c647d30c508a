// Photos of sealed container doors, served back with the authorisation of their transport note:
// customs, the person who took the photo, and whoever may see the note (its sender, the operators
// of its origin and destination, the origin's responsible persons). Anyone else: 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { validateCnNo } from '../../core/ids/index.ts';
import { photoBytes, photosOfNote, presentPhoto, visiblePhoto } from '../../photos/service.ts';
import { EXTENSION, type ImageType } from '../../photos/sniff.ts';
import type { AppContext } from '../../platform.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const tags = ['field'];

/**
 * A photo is bytes a phone sent: whatever they hold, a browser shows them as an image or not at
 * all; no script runs, no type is guessed, and saving it gives a sensible file name.
 */
const PHOTO_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ListQuery = Type.Object({ cnNo: Type.String({ maxLength: 30 }) }, { additionalProperties: false });

const IMAGE_TYPES = Object.keys(EXTENSION) as ImageType[];

/** A photo's record as presentPhoto answers it (the bytes are at `url`). */
export const PhotoMetaSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'Where the bytes are served: /api/v1/photos/{id}' }),
  sha256: Type.String({ description: 'SHA-256 of the bytes, hex' }),
  contentType: Type.Union(IMAGE_TYPES.map((t) => Type.Literal(t)), { description: 'The type read from the bytes, not the one the phone claimed' }),
  sizeBytes: Type.Integer(),
  cnNo: Nullable(Type.String()),
  containerNo: Nullable(Type.String()),
  uploadedBy: Type.String({ description: 'User id of the person who took it' }),
  createdAt: Timestamp(),
});

const image = { schema: { type: 'string', format: 'binary' } };
const PhotoBytes = {
  description: 'The photo as it was uploaded, typed as it was checked on upload; headers ETag and X-Content-SHA256 carry its SHA-256',
  content: Object.fromEntries(IMAGE_TYPES.map((t) => [t, image])),
};

export default async function photoRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Params: Static<typeof Params> }>(
    '/photos/:id',
    {
      schema: {
        tags,
        summary: 'A photo (the bytes, with its SHA-256 as ETag)',
        params: Params,
        response: { 200: PhotoBytes, 304: { description: 'Not modified: If-None-Match named its ETag', type: 'null' } },
      },
    },
    async (req, reply) => {
      const row = await visiblePhoto(ctx, req.principal!, req.params.id);
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
      const bytes = await photoBytes(ctx, row);
      reply.header('x-content-sha256', row.sha256).type(row.content_type);
      return reply.send(bytes);
    },
  );

  api.get<{ Params: Static<typeof Params> }>(
    '/photos/:id/meta',
    {
      schema: {
        tags,
        summary: 'What is known of a photo: hash, type, size, note, container, who took it, when',
        params: Params,
        response: { 200: PhotoMetaSchema },
      },
    },
    async (req) => presentPhoto(await visiblePhoto(ctx, req.principal!, req.params.id)),
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/photos',
    {
      schema: {
        tags,
        summary: 'The photos of a transport note that I may see, oldest first (an invalid CN number: none)',
        querystring: ListQuery,
        response: { 200: Type.Array(PhotoMetaSchema) },
      },
    },
    async (req) => {
      const v = validateCnNo(req.query.cnNo);
      return v.ok ? photosOfNote(ctx, req.principal!, v.value) : [];
    },
  );
}
