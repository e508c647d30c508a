// On-board units and e-seals. An OBU's plate installs it on that vehicle; a seal's obuId pairs it.
// Each device has its own credential for the telemetry gateways: shown once at registration (and
// at each rotation), stored only as a hash. A device belongs to an owner company whose fleet
// operators and suppliers manage it; customs reads all and a customs admin writes all; other roles
// have no access. Another company's device is 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../auth/roles.ts';
import { isCustoms } from '../../auth/roles.ts';
import { normalizePlate } from '../../core/ids/index.ts';
import { DEVICE_READERS, DEVICE_WRITERS, listScope, mayWriteFor, ownsRecord } from '../../registry/access.ts';
import { newDeviceSecret, rotateDeviceSecret } from '../../registry/device-credentials.ts';
import { devicesWithNumber } from '../../registry/jt808-terminals.ts';
import { deleteDevice, getDevice, getDevices, insertDevice, listDevices, updateDevice } from '../../registry/devices.ts';
import { requireSameId, validated } from '../../registry/validated.ts';
import { engineInput, writeAudited } from '../../registry/write.ts';
import { linkFromDevice, type Changed } from '../../registry/obu-link.ts';
import { StringEnum } from '../../registry/validate-common.ts';
import { DeviceSchema, checkDeviceRefs, normalizeDevice, type DeviceBody, type StoredDevice } from '../../registry/validate-device.ts';
import { getVehicle, getVehicles } from '../../registry/vehicles.ts';
import { DEVICE_KINDS } from '../../core/types.ts';
import type { Queryable } from '../../store/db.ts';
import type { AppContext, NewInput } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { conflict, forbidden, notFound } from '../problem.ts';

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

/**
 * The owner when the body names none: the caller's company; for customs, the stored owner on a
 * PUT, else the fleet of the vehicle the OBU is installed on.
 */
async function defaultOwner(q: Queryable, p: Principal, d: StoredDevice, keep?: string): Promise<string | undefined> {
  if (!isCustoms(p)) return p.companyUbn;
  if (keep) return keep;
  return d.plate ? (await getVehicle(q, d.plate))?.fleetUbn : undefined;
}

async function validDevice(q: Queryable, p: Principal, body: DeviceBody, keepOwner?: string): Promise<StoredDevice> {
  const d = await validated(
    q,
    (errs) => normalizeDevice(body, '/body', errs),
    (d, errs) => checkDeviceRefs(q, d, '/body', errs, listScope(p)),
  );
  d.ownerUbn ??= await defaultOwner(q, p, d, keepOwner);
  if (!isCustoms(p) && p.roles.includes('supplier')) d.supplierUbn ??= p.companyUbn;
  if (!mayWriteFor(p, DEVICE_WRITERS, d.ownerUbn)) throw forbidden('You may only register devices owned by your own company');
  return d;
}

/** The device just written and whatever the OBU link changed besides it, for the engine. */
async function inputsAfter(q: Queryable, id: string, changed: Changed): Promise<{ after: StoredDevice; inputs: NewInput[] }> {
  const after = (await getDevice(q, id)) as StoredDevice;
  const devices = await getDevices(q, changed.devices.filter((x) => x !== id));
  const vehicles = await getVehicles(q, changed.plates);
  return {
    after,
    inputs: [engineInput('device', after), ...devices.map((d) => engineInput('device', d)), ...vehicles.map((v) => engineInput('vehicle', v))],
  };
}

export default async function deviceRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: DeviceBody }>('/devices', { config: writers, schema: { tags, body: DeviceSchema } }, async (req, reply) => {
    const d = await validDevice(ctx.db, req.principal!, req.body);
    if (await getDevice(ctx.db, d.id)) throw conflict(`Device ${d.id} exists`);
    const [twin] = await devicesWithNumber(ctx.db, d.id);
    if (twin) throw conflict(`Device ${twin} has the same JT/T 808 terminal number as ${d.id}: ids that differ only in leading zeros name one terminal`);
    const { secret, hash } = newDeviceSecret();
    const saved = await writeAudited(ctx, requestActor(req), async (tx) => {
      await insertDevice(tx, d, hash);
      const changed = d.kind === 'obu' ? await linkFromDevice(tx, d.id, d.plate ?? null) : { plates: [], devices: [] };
      const { after, inputs } = await inputsAfter(tx, d.id, changed);
      return { result: after, audit: { action: 'create', resource: 'device', resourceId: d.id, after }, inputs };
    });
    reply.status(201);
    // The only time the secret is shown, with rotation as the way to get a new one.
    return { ...saved, secret };
  });

  api.get<{ Querystring: Static<typeof ListQuery> }>('/devices', { config: readers, schema: { tags, querystring: ListQuery } }, async (req) =>
    listDevices(ctx.db, {
      ...req.query,
      ...page(req.query),
      plate: req.query.plate === undefined ? undefined : normalizePlate(req.query.plate),
      scope: listScope(req.principal!),
    }),
  );

  api.get<{ Params: Params }>('/devices/:id', { config: readers, schema: { tags, params: Params } }, async (req) => {
    const d = await getDevice(ctx.db, req.params.id);
    if (!d || !ownsRecord(req.principal!, d.ownerUbn)) throw notFound(`Device ${req.params.id}`);
    return d;
  });

  api.put<{ Params: Params; Body: DeviceBody }>(
    '/devices/:id',
    { config: writers, schema: { tags, params: Params, body: DeviceSchema } },
    async (req) => {
      const p = req.principal!;
      const id = req.params.id;
      const before = await getDevice(ctx.db, id);
      if (!before || !ownsRecord(p, before.ownerUbn)) throw notFound(`Device ${id}`);
      const d = await validDevice(ctx.db, p, req.body, before.ownerUbn);
      requireSameId(id, d.id, 'id');
      // An OBU turning into a seal would strand its vehicle and seals: register it anew instead.
      if (d.kind !== before.kind) throw conflict(`Device ${id} is a ${before.kind}; delete it and register it again to change its kind`);
      return writeAudited(ctx, requestActor(req), async (tx) => {
        await updateDevice(tx, d);
        const changed = d.kind === 'obu' ? await linkFromDevice(tx, id, d.plate ?? null) : { plates: [], devices: [] };
        const { after, inputs } = await inputsAfter(tx, id, changed);
        return { result: after, audit: { action: 'update', resource: 'device', resourceId: id, before, after }, inputs };
      });
    },
  );

  api.post<{ Params: Params }>('/devices/:id/secret', { config: writers, schema: { tags, params: Params } }, async (req) => {
    const id = req.params.id;
    const before = await getDevice(ctx.db, id);
    if (!before || !ownsRecord(req.principal!, before.ownerUbn)) throw notFound(`Device ${id}`);
    const secret = await writeAudited(ctx, requestActor(req), async (tx) => ({
      result: await rotateDeviceSecret(tx, id),
      // The secret itself never enters the audit trail.
      audit: { action: 'rotate_secret', resource: 'device', resourceId: id },
      inputs: [],
    }));
    return { id, secret };
  });

  api.delete<{ Params: Params }>('/devices/:id', { config: writers, schema: { tags, params: Params } }, async (req, reply) => {
    const id = req.params.id;
    const before = await getDevice(ctx.db, id);
    if (!before || !ownsRecord(req.principal!, before.ownerUbn)) throw notFound(`Device ${id}`);
    await writeAudited(ctx, requestActor(req), async (tx) => {
      const changed = await deleteDevice(tx, id);
      const inputs = [
        engineInput('referenceDeleted', { kind: 'device', code: id }),
        ...(await getVehicles(tx, changed.plates)).map((v) => engineInput('vehicle', v)),
        ...(await getDevices(tx, changed.devices)).map((d) => engineInput('device', d)),
      ];
      return { result: null, audit: { action: 'delete', resource: 'device', resourceId: id, before }, inputs };
    });
    reply.status(204);
  });
}
