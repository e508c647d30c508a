// The field apps' API (drivers, responsible persons, customs officers on site): the driver's log-in
// on a vehicle and task, seal pairing, the containers waiting for the sealing confirmation, the
// confirmation with a photo of the container door (multipart), and the seals one may unseal with
// their live state and the last unlock command. Manual unseal itself is POST /seals/{sealId}/unseal.
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.ts';
import { SEAL_STATES, SEAL_TYPES, TRIP_STATES } from '../../core/types.ts';
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
import { Nullable, Timestamp } from '../schemas.ts';
import { ContainerSchema, TransportNoteSchema } from '../../transport-notes/schema.ts';
import { PhotoMetaSchema } from './photos.ts';

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

const literals = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)), options);
const SealState = Nullable(literals(SEAL_STATES, { description: 'Last reported state; null until the seal has reported' }));
const TripState = Nullable(literals(TRIP_STATES, { description: 'The state of the trip the engine follows; null: no trip yet' }));

const BindingSchema = Type.Object({
  nationalId: Type.String(),
  plate: Type.String(),
  source: literals(['app', 'rfid'], { description: 'app: the log-in here; rfid: the port pass read by the vehicle’s OBU' }),
  since: Timestamp(),
  obuId: Type.Optional(Type.String({ description: 'rfid only: the OBU that read the card' })),
});
const PlaceSchema = Type.Object({ code: Type.String(), name: Nullable(Type.String()) });
const TaskSchema = Type.Object({
  tripId: Nullable(Type.String()),
  state: TripState,
  cnNos: Type.Array(Type.String()),
  plate: Type.String(),
  driverId: Type.String({ description: 'The driver the transport note names' }),
  driverMatches: Type.Boolean({ description: 'Every note of the task names the logged-in driver' }),
  containers: Type.Array(ContainerSchema),
  origin: PlaceSchema,
  destination: PlaceSchema,
  route: Nullable(
    Type.Object({
      code: Type.String(),
      maxDurationMin: Type.Number(),
      path: Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(Type.Array(Type.Number())) }, { description: 'GeoJSON LineString, [lon, lat]' }),
      checkpoints: Type.Array(Type.String(), { description: 'Inspection stations to pass, in order' }),
    }),
  ),
  departedAt: Nullable(Timestamp()),
  deadline: Nullable(Timestamp({ description: 'Arrival deadline: departure + the route’s maxDurationMin (null before departure)' })),
  seals: Type.Array(
    Type.Object({
      id: Type.String(),
      state: SealState,
      link: Nullable(literals(['ok', 'lost'])),
      battery: Nullable(Type.Number({ description: 'Percent' })),
      lastTs: Nullable(Timestamp({ description: 'Time of the last report about this seal' })),
      containerNo: Type.String(),
      pairedObu: Nullable(Type.String({ description: 'The OBU the seal is paired with' })),
    }),
  ),
  vehicleObu: Nullable(Type.String({ description: 'The OBU installed on the vehicle' })),
  lastPosition: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number(), ts: Timestamp(), speedKmh: Nullable(Type.Number()) })),
});
const SessionAnswer = Type.Object({ binding: BindingSchema, task: Nullable(TaskSchema) });
const TaskAnswer = Type.Object({
  binding: Nullable(BindingSchema),
  task: Nullable(TaskSchema),
  contact: Type.Optional(Type.Object({ phone: Type.String() }, { description: 'The monitoring centre, whom to call when a seal reports trouble' })),
});
const PairingSchema = Type.Object({ sealId: Type.String(), obuId: Type.String(), plate: Type.String(), paired: Type.Literal(true) });
const PendingSchema = Type.Object({
  cnNo: Type.String(),
  containerNo: Type.String(),
  sealType: literals(SEAL_TYPES),
  sealNos: Type.Array(Type.String()),
  plate: Type.String(),
  driverId: Type.String(),
  origin: Type.String(),
  originName: Nullable(Type.String()),
  destination: Type.String(),
  destinationName: Nullable(Type.String()),
  acceptedAt: Timestamp({ description: 'When the transport note was accepted' }),
  tripId: Nullable(Type.String()),
  tripState: TripState,
  sealsLocked: Type.Boolean({ description: 'Every seal of the container reported locked' }),
  seals: Type.Array(Type.Object({ id: Type.String(), state: SealState })),
});
/** The transport note as confirmed (presentNote), with the photo taken. */
const ConfirmedNoteSchema = Type.Object({
  cnNo: Type.String(),
  version: Type.Integer(),
  status: literals(['live', 'cancelled']),
  note: TransportNoteSchema,
  confirmation: Type.Object({
    confirmedAt: Timestamp(),
    confirmedBy: Type.String({ description: 'User id of the person who confirmed' }),
    byName: Type.String({ description: 'Their name' }),
    containerNo: Type.Optional(Type.String()),
    note: Type.Optional(Type.String()),
    photo: Type.Object({
      ref: Type.String({ description: 'Where the photo is served' }),
      id: Type.String(),
      contentType: Type.String(),
      sha256: Type.String(),
      sizeBytes: Type.Integer(),
    }),
  }),
  closedAt: Type.Optional(Timestamp()),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
  photo: PhotoMetaSchema,
});
const PassiveTaskSchema = Type.Object({
  side: literals(['origin', 'destination'], { description: 'origin: seals to apply; destination: seals to check and remove' }),
  facility: Type.String({ description: 'Where the reads are taken (the origin or the destination)' }),
  facilityName: Nullable(Type.String()),
  cnNo: Type.String(),
  containerNo: Type.String(),
  sealType: literals(SEAL_TYPES),
  plate: Type.String(),
  origin: Type.String(),
  originName: Nullable(Type.String()),
  destination: Type.String(),
  destinationName: Nullable(Type.String()),
  tripId: Nullable(Type.String()),
  tripState: TripState,
  seals: Type.Array(
    Type.Object({
      sealNo: Type.String(),
      applied: Type.Boolean(),
      checked: Type.Boolean(),
      removed: Type.Boolean(),
      lastReadAt: Nullable(Timestamp({ description: 'The latest read of the seal on this note' })),
      lastFacility: Nullable(Type.String({ description: 'Where that read was taken' })),
    }),
  ),
});
const FieldSealSchema = Type.Object({
  sealId: Type.String(),
  cnNo: Type.String(),
  containerNo: Type.String(),
  plate: Type.String(),
  origin: Type.String(),
  destination: Type.String(),
  tripId: Nullable(Type.String()),
  tripState: TripState,
  state: SealState,
  lastTs: Nullable(Timestamp({ description: 'Time of the last report about this seal' })),
});
const CommandSchema = Type.Object({
  commandId: Type.String(),
  deviceId: Type.String(),
  command: Type.String(),
  status: literals(['pending', 'sent', 'failed', 'expired', 'acknowledged']),
  channel: Nullable(Type.String({ description: 'How it went to the device' })),
  attempts: Type.Integer(),
  at: Timestamp(),
  sentAt: Nullable(Timestamp()),
  acknowledgedAt: Nullable(Timestamp({ description: 'When the seal reported unlocked' })),
  error: Nullable(Type.String()),
});
const FieldSealDetail = Type.Composite([FieldSealSchema, Type.Object({ unlock: Nullable(CommandSchema) })]);

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
        response: { 201: SessionAnswer },
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
    { config: { auth: { roles: DRIVER } }, schema: { tags, summary: 'Driver: log out of the vehicle', response: { 204: { description: 'Logged out', type: 'null' } } } },
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
        description:
          'The vehicle is the one of the app log-in, or of the OBU that last read the driver’s RFID port pass. Not logged in: binding ' +
          'and task are null; a vehicle with no transport note in progress: task is null.',
        response: { 200: TaskAnswer },
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
      schema: { tags, summary: 'Driver: pair a seal of the task with the vehicle’s OBU', body: PairBody, response: { 200: PairingSchema } },
    },
    async (req) => pairSeal(ctx, requestActor(req), req.principal!, req.body.sealId, req.body.obuId),
  );

  api.get(
    '/field/pending-confirmations',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: {
        tags,
        summary: 'Containers waiting for the sealing confirmation at my storage codes (responsible person; customs: all)',
        description: 'Live transport notes that require confirmation, not yet confirmed, from a facility whose storage code the person holds (customs: all).',
        response: { 200: Type.Array(PendingSchema) },
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
        summary: 'Confirm the sealing with a photo of the container door (multipart/form-data; responsible person of the origin, customs)',
        description:
          'Fields: cnNo, containerNo (optional), note (optional), photo (a JPEG, PNG, WebP or HEIC file; 8 MiB at most, else 413; not an ' +
          'image: 422). The photo’s SHA-256 is on the confirmation and in the audit trail; it is served at GET /photos/{id}. The same ' +
          'rules as POST /transport-notes/{cnNo}/confirmation apply (a responsible person holding a storage code of the origin).',
        consumes: ['multipart/form-data'],
        response: { 200: ConfirmedNoteSchema },
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
        summary: 'Passive seals to read: to apply at my origins, to check and remove at my destinations (yards, responsible persons, customs)',
        description:
          'Containers of live transport notes with passive seals (eseal, epaper_seal, other). side "origin": seals not yet applied at an ' +
          'origin the caller answers for (operator, or a storage code held); side "destination": seals applied (or the trip left) and not ' +
          'yet removed, at a destination the caller answers for. Each seal with whether it was applied, checked and removed. Customs: all.',
        response: { 200: Type.Array(PassiveTaskSchema) },
      },
    },
    async (req) => passiveTasks(ctx, req.principal!),
  );

  api.get<{ Querystring: Static<typeof SealsQuery> }>(
    '/field/seals',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: { tags, summary: 'Seals on transport notes in progress that I may unseal (responsible person, customs; q: part of a seal, container, plate or CN number)', querystring: SealsQuery, response: { 200: Type.Array(FieldSealSchema) } },
    },
    async (req) => fieldSeals(ctx, req.principal!, req.query.q),
  );

  api.get<{ Params: Static<typeof SealParams> }>(
    '/field/seals/:sealId',
    {
      config: { auth: { roles: CONFIRMERS } },
      schema: {
        tags,
        summary: 'A seal I may unseal: live state, trip, and the last unlock sent to it (responsible person, customs)',
        params: SealParams,
        response: { 200: FieldSealDetail },
      },
    },
    async (req) => {
      const s = await fieldSeal(ctx, req.principal!, req.params.sealId);
      if (!s) throw notFound(`Seal ${req.params.sealId}`, 'seal', req.params.sealId);
      return s;
    },
  );
}
