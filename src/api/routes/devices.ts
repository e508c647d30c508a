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

const tags = ['registry'];
const readers = { auth: { roles: DEVICE_READERS } };
const writers = { auth: { roles: DEVICE_WRITERS } };

export default async function deviceRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: DeviceBody }>('/devices', { config: writers, schema: { tags, body: DeviceSchema } }, async (req, reply) => {
    const saved = await createDevice(ctx, requestActor(req), req.principal!, req.body);
    reply.status(201);
    // The only time the secret is shown, with rotation as the way to get a new one.
    return saved;
  });

  api.get<{ Querystring: Static<typeof ListQuery> }>('/devices', { config: readers, schema: { tags, querystring: ListQuery } }, async (req) =>
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
      },
    },
    async (req) => deviceHealth(ctx, req.principal!),
  );

  api.get<{ Params: Params }>('/devices/:id', { config: readers, schema: { tags, params: Params } }, async (req) => {
    const d = await getDevice(ctx.db, req.params.id);
    if (!d || !mayReadOwned(req.principal!, d.ownerUbn)) throw notFound(`Device ${req.params.id}`);
    return d;
  });

  api.put<{ Params: Params; Body: DeviceBody }>(
    '/devices/:id',
    { config: writers, schema: { tags, params: Params, body: DeviceSchema } },
    async (req) => replaceDevice(ctx, requestActor(req), req.principal!, req.params.id, req.body),
  );

  api.post<{ Params: Params }>('/devices/:id/secret', { config: writers, schema: { tags, params: Params } }, async (req) => {
    const id = req.params.id;
    return { id, secret: await rotateSecret(ctx, requestActor(req), req.principal!, id) };
  });

  api.delete<{ Params: Params }>('/devices/:id', { config: writers, schema: { tags, params: Params } }, async (req, reply) => {
    await removeDevice(ctx, requestActor(req), req.principal!, req.params.id);
    reply.status(204);
  });
}
