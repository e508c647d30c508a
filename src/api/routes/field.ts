// The field apps' API (drivers, responsible persons, customs officers on site): the driver's log-in
// on a vehicle and task, seal pairing, the containers waiting for the sealing confirmation, the
// confirmation with a photo of the container door (multipart), and the seals one may unseal with
// their live state and the last unlock command. Manual unseal itself is POST /seals/{sealId}/unseal.
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.ts';
import { confirmWithPhoto } from '../../field/confirm-photo.ts';
import { currentBinding, endDriverLogin, pairSeal, startDriverLogin, taskForVehicle } from '../../field/driver.ts';
import { passiveTasks } from '../../field/passive.ts';
import { pendingConfirmations } from '../../field/pending.ts';
import { fieldSeal, fieldSeals } from '../../field/seals.ts';
import { fieldServices } from '../../field/services.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { readPhotoConfirmation } from '../photo-form.ts';
import { notFound } from '../problem.ts';

const tags = ['field'];
const DRIVER: readonly Role[] = ['driver'];
const CONFIRMERS: readonly Role[] = ['responsible_person', 'customs_admin', 'customs_officer'];
/** Who records passive-seal reads (POST /seal-reads). */
const SEAL_READERS: readonly Role[] = ['responsible_person', 'yard_operator', 'customs_admin', 'customs_officer'];

const SessionBody = Type.Object(
  {
    nationalId: Type.String({ minLength: 1, maxLength: 10, description: 'The driver’s national ID (身分證) or resident certificate number' }),
    plate: Type.String({ minLength: 1, maxLength: 12, description: 'The tractor’s plate; "-" optional' }),
  },
  { additionalProperties: false },
);
type SessionBody = Static<typeof SessionBody>;
const PairBody = Type.Object(
  { sealId: Type.String({ minLength: 1, maxLength: 64 }), obuId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
type PairBody = Static<typeof PairBody>;
const SealParams = Type.Object({ sealId: Type.String({ minLength: 1, maxLength: 64 }) });
const SealsQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 30 })) }, { additionalProperties: false });

export default async function fieldRoutes(api: FastifyInstance, ctx: AppContext) {
  // Only this plugin's routes take multipart bodies; the photo size limit is per request.
  await api.register(multipart, { limits: { fileSize: fieldServices(ctx).config.photoMaxBytes, files: 1 } });

  api.post<{ Body: SessionBody }>(
    '/field/driver/session',
    {
      config: { auth: { roles: DRIVER } },
      schema: {
        tags,
        summary: 'Driver: log in on a vehicle for the current task (national ID and plate, after the account and password)',
        body: SessionBody,
      },
    },
    async (req, reply) => {
      const binding = await startDriverLogin(ctx, requestActor(req), req.principal!, req.body);
      reply.status(201);
      return { binding, task: await taskForVehicle(ctx, binding.plate, binding.nationalId) };
    },
  );

  api.delete(
    '/field/driver/session',
    { config: { auth: { roles: DRIVER } }, schema: { tags, summary: 'Driver: log out of the vehicle' } },
    async (req, reply) => {
      await endDriverLogin(ctx, requestActor(req), req.principal!);
      reply.status(204);
    },
  );

  api.get(
    '/field/driver/task',
    {
      config: { auth: { roles: DRIVER } },
      schema: {
        tags,
        summary: 'Driver: the current task (CN, containers, destination, route, deadline) and the live state of each seal',
        description: 'The vehicle is the one of the app log-in, or of the OBU that last read the driver’s RFID port pass.',
      },
    },
    async (req) => {
      const binding = await currentBinding(ctx.db, req.principal!);
      if (!binding) return { binding: null, task: null };
      // Whom to call when a seal of the task reports trouble.
      const phone = fieldServices(ctx).config.monitoringPhone;
      return { binding, task: await taskForVehicle(ctx, binding.plate, binding.nationalId), ...(phone ? { contact: { phone } } : {}) };
    },
  );

  api.post<{ Body: PairBody }>(
    '/field/driver/seals/pair',
    {
      config: { auth: { roles: DRIVER } },
      schema: { tags, summary: 'Driver: pair a seal of the task with the vehicle’s OBU', body: PairBody },
    },
    async (req) => pairSeal(ctx, requestActor(req), req.principal!, req.body.sealId, req.body.obuId),
  );

  api.get(
    '/field/pending-confirmations',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: {
        tags,
        summary: 'Containers waiting for the sealing confirmation at my storage codes',
        description: 'Live transport notes that require confirmation, not yet confirmed, from a facility whose storage code the person holds (customs: all).',
      },
    },
    async (req) => pendingConfirmations(ctx, req.principal!),
  );

  api.post(
    '/field/confirmations',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: {
        tags,
        summary: 'Confirm the sealing with a photo of the container door (multipart/form-data)',
        description:
          'Fields: cnNo, containerNo (optional), note (optional), photo (a JPEG, PNG, WebP or HEIC file; 8 MiB at most, else 413; not an ' +
          'image: 422). The photo’s SHA-256 is on the confirmation and in the audit trail; it is served at GET /photos/{id}. The same ' +
          'rules as POST /transport-notes/{cnNo}/confirmation apply (a responsible person holding a storage code of the origin).',
        consumes: ['multipart/form-data'],
      },
    },
    async (req) => {
      const form = await readPhotoConfirmation(req, fieldServices(ctx).config.photoMaxBytes);
      const r = await confirmWithPhoto(ctx, requestActor(req), req.principal!, form);
      return { ...r.view, photo: r.photo };
    },
  );

  api.get(
    '/field/passive/tasks',
    {
      config: { auth: { roles: SEAL_READERS } },
      schema: {
        tags,
        summary: 'Passive seals to read: to apply at my origins, to check and remove at my destinations',
        description:
          'Containers of live transport notes with passive seals (eseal, epaper_seal, other). side "origin": seals not yet applied at an ' +
          'origin the caller answers for (operator, or a storage code held); side "destination": seals applied (or the trip left) and not ' +
          'yet removed, at a destination the caller answers for. Each seal with whether it was applied, checked and removed. Customs: all.',
      },
    },
    async (req) => passiveTasks(ctx, req.principal!),
  );

  api.get<{ Querystring: Static<typeof SealsQuery> }>(
    '/field/seals',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: { tags, summary: 'Seals on transport notes in progress that I may unseal (q: part of a seal, container, plate or CN number)', querystring: SealsQuery },
    },
    async (req) => fieldSeals(ctx, req.principal!, req.query.q),
  );

  api.get<{ Params: Static<typeof SealParams> }>(
    '/field/seals/:sealId',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: { tags, summary: 'A seal: live state, trip, and the last unlock sent to it (sent / acknowledged)', params: SealParams },
    },
    async (req) => {
      const s = await fieldSeal(ctx, req.principal!, req.params.sealId);
      if (!s) throw notFound(`Seal ${req.params.sealId}`);
      return s;
    },
  );
}
