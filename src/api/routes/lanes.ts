// Gate lanes in the monitoring centre: each lane's recent passages with their photos and decisions,
// the holds waiting for an officer (released or refused with a reason, audited), the lanes' photos
// as they are taken, and the port traffic status (passages per hour and holds per facility and lane).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { mayDecideHold, mayReadMovements } from '../../access/policy.ts';
import { decideHold, findPassage, laneView, presentPassage, traffic } from '../../movements/lanes.ts';
import { savePhoto } from '../../photos/service.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { forbidden, notFound, unprocessable } from '../problem.ts';
import { Nullable, Timestamp } from '../schemas.ts';
import { GATE_REPORTERS, GateReasonSchema } from './gate-events.ts';

const IMAGE_LIMIT_BYTES = 8 * 1024 * 1024;
const LaneQuery = Type.Object(
  {
    facility: Type.Optional(Type.String({ maxLength: 20 })),
    perLane: Type.Optional(Type.String({ pattern: '^[0-9]{1,2}$', description: 'recent passages per lane, 1..50 (default 8)' })),
  },
  { additionalProperties: false },
);
const TrafficQuery = Type.Object(
  {
    facility: Type.Optional(Type.String({ maxLength: 20 })),
    hours: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1..168 hours back (default 24)' })),
  },
  { additionalProperties: false },
);
const DecisionBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** A stored photo as the API answers it (presentPhoto): its bytes are at `url`. */
export const PhotoMetaSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'Where to GET the bytes: /api/v1/photos/{id}' }),
  sha256: Type.String({ description: 'Hex SHA-256 of the bytes' }),
  contentType: Type.String({ enum: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] }),
  sizeBytes: Type.Integer(),
  cnNo: Nullable(Type.String()),
  containerNo: Nullable(Type.String()),
  uploadedBy: Type.String(),
  createdAt: Timestamp(),
});

/** A stored gate passage with the engine's decision and the officer's handling of a hold (presentPassage). */
const PassageSchema = Type.Object({
  passageId: Type.String(),
  facility: Type.String(),
  lane: Type.String(),
  direction: Type.String({ enum: ['in', 'out'] }),
  plate: Type.String(),
  containerNos: Type.Array(Type.String()),
  sealNos: Nullable(Type.Array(Type.String())),
  source: Type.String({ enum: ['ocr', 'manual'] }),
  capturedAt: Nullable(Timestamp({ description: "The lane's own clock" })),
  receivedAt: Timestamp(),
  confidence: Nullable(Type.Object({ plate: Type.Optional(Type.Number()), containers: Type.Optional(Type.Array(Type.Number())) })),
  images: Type.Array(Type.String(), { description: 'Photo ids' }),
  decision: Nullable(Type.String({ enum: ['pass', 'hold'] })),
  reasons: Nullable(Type.Array(GateReasonSchema)),
  tripId: Nullable(Type.String()),
  laneConfirmed: Type.Array(Type.String(), { description: 'CNs whose sealing this passage confirmed' }),
  officerDecision: Nullable(Type.String({ enum: ['released', 'refused'] })),
  officerReason: Nullable(Type.String()),
  officerBy: Nullable(Type.String()),
  officerAt: Nullable(Timestamp()),
});

const LaneViewSchema = Type.Object({
  lanes: Type.Array(
    Type.Object({
      facility: Type.String(),
      lane: Type.String(),
      passages: Type.Array(PassageSchema, { description: 'The last day’s, newest first' }),
      waiting: Type.Integer({ description: 'Holds at this lane waiting for an officer' }),
    }),
  ),
  holds: Type.Array(PassageSchema, { description: 'Holds waiting for an officer, oldest first' }),
});

const Counts = { passages: Type.Integer(), holds: Type.Integer() };
const TrafficSchema = Type.Object({
  since: Timestamp({ description: 'Start of the first hour counted' }),
  until: Timestamp(),
  facilities: Type.Array(Type.Object({ facility: Type.String(), ...Counts })),
  lanes: Type.Array(
    Type.Object({
      facility: Type.String(),
      lane: Type.String(),
      ...Counts,
      hours: Type.Array(Type.Object({ hour: Timestamp(), ...Counts, refused: Type.Integer() }), { description: 'Hours with passages, oldest first' }),
    }),
  ),
});

export default async function laneRoutes(api: FastifyInstance, ctx: AppContext) {
  api.addContentTypeParser(['image/jpeg', 'image/png', 'image/webp', 'image/heic'], { parseAs: 'buffer', bodyLimit: IMAGE_LIMIT_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  api.post<{ Querystring: { containerNo?: string } }>(
    '/gate-events/images',
    {
      bodyLimit: IMAGE_LIMIT_BYTES,
      config: { auth: { roles: GATE_REPORTERS } },
      schema: {
        tags: ['movements'],
        summary: "A lane camera's photo (JPEG, PNG, WebP or HEIC body, at most 8 MiB): its id goes into the gate event's images",
        querystring: Type.Object({ containerNo: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: { 201: PhotoMetaSchema },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw unprocessable([{ path: '/body', message: 'send the image bytes with its image/* content type', code: 'upload.image_type' }]);
      const meta = await savePhoto(ctx, requestActor(req), req.principal!, { bytes: req.body, containerNo: req.query.containerNo, path: '/body' });
      reply.status(201);
      return meta;
    },
  );

  api.get<{ Querystring: Static<typeof LaneQuery> }>(
    '/lanes',
    { schema: { tags: ['movements'], summary: "Each lane's recent passages and decisions, and the holds waiting for an officer (customs)", querystring: LaneQuery, response: { 200: LaneViewSchema } } },
    async (req) => {
      if (!mayReadMovements(req.principal!)) throw forbidden('The lanes are for customs', 'customs.only');
      const perLane = Math.min(Math.max(Number(req.query.perLane ?? 8), 1), 50);
      return laneView(ctx.db, { facility: req.query.facility, perLane, sinceHours: 24 });
    },
  );

  api.get<{ Params: Static<typeof Params> }>(
    '/gate-passages/:id',
    { schema: { tags: ['movements'], summary: 'One gate passage with its decision and handling (customs)', params: Params, response: { 200: PassageSchema } } },
    async (req) => {
      if (!mayReadMovements(req.principal!)) throw forbidden('Gate passages are for customs', 'customs.only');
      const row = await findPassage(ctx.db, req.params.id);
      if (!row) throw notFound(`Gate passage ${req.params.id}`, 'gate_passage', req.params.id);
      return presentPassage(row);
    },
  );

  for (const [action, decision] of [['release', 'released'], ['refuse', 'refused']] as const) {
    api.post<{ Params: Static<typeof Params>; Body: Static<typeof DecisionBody> }>(
      `/gate-passages/:id/${action}`,
      {
        schema: {
          tags: ['movements'],
          summary: `An officer ${decision} a held passage, with the reason (customs; audited; once)`,
          params: Params,
          body: DecisionBody,
          response: { 200: PassageSchema },
        },
      },
      async (req) => {
        if (!mayDecideHold(req.principal!)) throw forbidden('Only customs releases or refuses a held truck', 'customs.only');
        return decideHold(ctx, requestActor(req), req.params.id, decision, req.body.reason.trim());
      },
    );
  }

  api.get<{ Querystring: Static<typeof TrafficQuery> }>(
    '/traffic',
    {
      schema: {
        tags: ['movements'],
        summary: 'Port traffic status: passages per hour and holds, per facility and lane (every signed-in caller)',
        querystring: TrafficQuery,
        response: { 200: TrafficSchema },
      },
    },
    async (req) => {
      const hours = Math.min(Math.max(Number(req.query.hours ?? 24), 1), 168);
      return traffic(ctx.db, { facility: req.query.facility, hours });
    },
  );
}
