// On-board units and e-seals. An OBU's plate installs it on that vehicle; a seal's obuId pairs it.
// Each device has its own credential for the telemetry gateways: shown once at registration (and
// at each rotation), stored only as a hash. A device belongs to an owner company whose fleet
// operators and suppliers manage it; customs reads all and a customs admin writes all; other roles
// have no access. Another company's device is 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { normalizePlate } from '../../core/ids/index.ts';
import { DEVICE_READERS, DEVICE_WRITERS, ownedScope, mayReadOwned } from '../../access/policy.ts';
import { createDevice, removeDevice, replaceDevice, rotateSecret } from '../../registry/device-service.ts';
import { getDevice, listDevices } from '../../registry/devices.ts';
import { StringEnum } from '../../registry/validate-common.ts';
import { DeviceSchema, type DeviceBody } from '../../registry/validate-device.ts';
import { DEVICE_KINDS } from '../../core/types.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';
import { deviceHealth } from '../../portal/fleet.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const ListQuery = Type.Object(
  {
    kind: Type.Optional(StringEnum(DEVICE_KINDS)),
    plate: Type.Optional(Type.String({ maxLength: 12 })),
    obuId: Type.Optional(Type.String({ maxLength: 64 })),
    ownerUbn: Type.Optional(Type.String({ maxLength: 8 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
type Params = Static<typeof Params>;

/** A device as stored (deviceFromRow): the registered body and its owner. */
const DeviceView = Type.Object({
  id: Type.String(),
  kind: StringEnum(DEVICE_KINDS),
  model: Type.Optional(Type.String()),
  plate: Type.Optional(Type.String({ description: 'OBU only: the vehicle it is installed on' })),
  obuId: Type.Optional(Type.String({ description: 'Seal only: the OBU it is paired to' })),
  supplierUbn: Type.Optional(Type.String()),
  ownerUbn: Type.Optional(Type.String({ description: 'The company that owns and manages it' })),
});
const Secret = Type.String({ description: 'The telemetry credential, shown this once: only its hash is kept' });
const CreatedDevice = Type.Composite([DeviceView, Type.Object({ secret: Secret })]);
const RotatedSecret = Type.Object({ id: Type.String(), secret: Nullable(Secret) });
const DeviceHealthSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(DEVICE_KINDS),
  plate: Nullable(Type.String()),
  obuId: Nullable(Type.String()),
  battery: Nullable(Type.Number({ description: 'Percent, as last reported' })),
  sealState: Nullable(Type.String({ description: 'A seal’s last reported state (free, inserted, locked, unlocked, tampered)' })),
  link: Nullable(Type.String({ description: 'ok or lost' })),
  ownerUbn: Nullable(Type.String()),
  lastReportAt: Nullable(Timestamp({ description: 'Its newest report, else (an OBU) its vehicle’s newest stored position' })),
  tripId: Nullable(Type.String({ description: 'The trip it is on now' })),
});

const tags = ['registry'];
const readers = { auth: { roles: DEVICE_READERS } };
const writers = { auth: { roles: DEVICE_WRITERS } };

export default async function deviceRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: DeviceBody }>(
    '/devices',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Register an OBU or a seal; its telemetry credential is shown this once (fleet operators, suppliers, customs admin)',
        body: DeviceSchema,
        response: { 201: CreatedDevice },
      },
    },
    async (req, reply) => {
      const saved = await createDevice(ctx, requestActor(req), req.principal!, req.body);
      reply.status(201);
      // The only time the secret is shown, with rotation as the way to get a new one.
      return saved;
    },
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/devices',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Devices by id, by kind, vehicle, OBU or owner (my company’s; customs: all)',
        querystring: ListQuery,
        response: { 200: Type.Array(DeviceView) },
      },
    },
    async (req) =>
      listDevices(ctx.db, {
        ...req.query,
        ...page(req.query),
        plate: req.query.plate === undefined ? undefined : normalizePlate(req.query.plate),
        scope: ownedScope(req.principal!),
      }),
  );

  api.get(
    '/devices/health',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Each device with its battery, seal state, link, newest report and current trip',
        description: 'From the live monitoring engine; an OBU it has not heard from since it started shows its vehicle’s newest stored position time.',
        response: { 200: Type.Array(DeviceHealthSchema) },
      },
    },
    async (req) => deviceHealth(ctx, req.principal!),
  );

  api.get<{ Params: Params }>(
    '/devices/:id',
    { config: readers, schema: { tags, summary: 'One device (my company’s; customs: any)', params: Params, response: { 200: DeviceView } } },
    async (req) => {
      const d = await getDevice(ctx.db, req.params.id);
      if (!d || !mayReadOwned(req.principal!, d.ownerUbn)) throw notFound(`Device ${req.params.id}`, 'device', req.params.id);
      return d;
    },
  );

  api.put<{ Params: Params; Body: DeviceBody }>(
    '/devices/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Replace a device’s record; its credential stays (fleet operators, suppliers, customs admin)',
        params: Params,
        body: DeviceSchema,
        response: { 200: DeviceView },
      },
    },
    async (req) => replaceDevice(ctx, requestActor(req), req.principal!, req.params.id, req.body),
  );

  api.post<{ Params: Params }>(
    '/devices/:id/secret',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Rotate a device’s telemetry credential: the new secret is shown this once, the old one stops working',
        params: Params,
        response: { 200: RotatedSecret },
      },
    },
    async (req) => {
      const id = req.params.id;
      return { id, secret: await rotateSecret(ctx, requestActor(req), req.principal!, id) };
    },
  );

  api.delete<{ Params: Params }>(
    '/devices/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Remove a device: its vehicle loses it, seals paired to it are unpaired (fleet operators, suppliers, customs admin)',
        params: Params,
        response: { 204: { description: 'Removed', type: 'null' } },
      },
    },
    async (req, reply) => {
      await removeDevice(ctx, requestActor(req), req.principal!, req.params.id);
      reply.status(204);
    },
  );
}
