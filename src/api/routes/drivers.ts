// Drivers of the fleets, by national ID, with the RFID port pass they tap on the OBU and the
// vehicles they drive. Same rules as vehicles: customs reads all and a customs admin writes all; a
// fleet operator writes its own company's; a yard may fetch one driver by national ID (to check a
// transport note) but lists only its own company's; another company's driver is 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../auth/roles.ts';
import { isCustoms } from '../../auth/roles.ts';
import { normalizePlate } from '../../core/ids/index.ts';
import type { Driver } from '../../core/types.ts';
import { FLEET_WRITERS, listScope, mayReadFleetRecord, mayWriteFor, ownsRecord } from '../../registry/access.ts';
import { deleteDriver, getDriver, insertDriver, listDrivers, rfidCardHolder, updateDriver } from '../../registry/drivers.ts';
import { requireSameId, validated } from '../../registry/validated.ts';
import { engineInput, writeAudited } from '../../registry/write.ts';
import { DriverSchema, checkDriverRefs, normalizeDriver, type DriverBody } from '../../registry/validate-driver.ts';
import type { Queryable } from '../../store/db.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { conflict, forbidden, notFound } from '../problem.ts';

const ListQuery = Type.Object(
  {
    fleetUbn: Type.Optional(Type.String({ maxLength: 8 })),
    plate: Type.Optional(Type.String({ maxLength: 12 })),
    rfidCard: Type.Optional(Type.String({ maxLength: 64 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
const Params = Type.Object({ nationalId: Type.String({ maxLength: 10 }) });
type Params = Static<typeof Params>;

const tags = ['registry'];
const writers = { auth: { roles: FLEET_WRITERS } };
const idOf = (raw: string) => raw.trim().toUpperCase();

/** As for vehicles: a fleet operator's driver is its own company's; customs keeps the stored fleet if omitted. */
async function validDriver(q: Queryable, p: Principal, body: DriverBody, keepFleet?: string): Promise<Driver> {
  const d = await validated(
    q,
    (errs) => {
      const d = normalizeDriver(body, '/body', errs);
      d.fleetUbn ??= isCustoms(p) ? keepFleet : p.companyUbn;
      if (!mayWriteFor(p, FLEET_WRITERS, d.fleetUbn)) throw forbidden('A fleet operator may only register drivers of its own company');
      return d;
    },
    (d, errs) => checkDriverRefs(q, d, '/body', errs, listScope(p)),
  );
  if (d.rfidCard) {
    const holder = await rfidCardHolder(q, d.rfidCard);
    if (holder && holder !== d.nationalId) throw conflict(`RFID card ${d.rfidCard} is registered to another driver`);
  }
  return d;
}

export default async function driverRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: DriverBody }>('/drivers', { config: writers, schema: { tags, body: DriverSchema } }, async (req, reply) => {
    const d = await validDriver(ctx.db, req.principal!, req.body);
    if (await getDriver(ctx.db, d.nationalId)) throw conflict(`Driver ${d.nationalId} exists`);
    const saved = await writeAudited(ctx, requestActor(req), async (tx) => {
      await insertDriver(tx, d);
      const after = (await getDriver(tx, d.nationalId)) as Driver;
      return { result: after, audit: { action: 'create', resource: 'driver', resourceId: d.nationalId, after }, inputs: [engineInput('driver', after)] };
    });
    reply.status(201);
    return saved;
  });

  api.get<{ Querystring: Static<typeof ListQuery> }>('/drivers', { schema: { tags, querystring: ListQuery } }, async (req) =>
    listDrivers(ctx.db, {
      ...req.query,
      ...page(req.query),
      plate: req.query.plate === undefined ? undefined : normalizePlate(req.query.plate),
      rfidCard: req.query.rfidCard?.toUpperCase(),
      scope: listScope(req.principal!),
    }),
  );

  api.get<{ Params: Params }>('/drivers/:nationalId', { schema: { tags, params: Params } }, async (req) => {
    const id = idOf(req.params.nationalId);
    const d = await getDriver(ctx.db, id);
    if (!d || !mayReadFleetRecord(req.principal!, d.fleetUbn)) throw notFound(`Driver ${id}`);
    return d;
  });

  api.put<{ Params: Params; Body: DriverBody }>(
    '/drivers/:nationalId',
    { config: writers, schema: { tags, params: Params, body: DriverSchema } },
    async (req) => {
      const p = req.principal!;
      const id = idOf(req.params.nationalId);
      const before = await getDriver(ctx.db, id);
      if (!before || !ownsRecord(p, before.fleetUbn)) throw notFound(`Driver ${id}`);
      const d = await validDriver(ctx.db, p, req.body, before.fleetUbn);
      requireSameId(id, d.nationalId, 'nationalId');
      return writeAudited(ctx, requestActor(req), async (tx) => {
        await updateDriver(tx, d);
        const after = (await getDriver(tx, id)) as Driver;
        return { result: after, audit: { action: 'update', resource: 'driver', resourceId: id, before, after }, inputs: [engineInput('driver', after)] };
      });
    },
  );

  api.delete<{ Params: Params }>('/drivers/:nationalId', { config: writers, schema: { tags, params: Params } }, async (req, reply) => {
    const p = req.principal!;
    const id = idOf(req.params.nationalId);
    const before = await getDriver(ctx.db, id);
    if (!before || !ownsRecord(p, before.fleetUbn)) throw notFound(`Driver ${id}`);
    await writeAudited(ctx, requestActor(req), async (tx) => {
      await deleteDriver(tx, id);
      return { result: null, audit: { action: 'delete', resource: 'driver', resourceId: id, before }, inputs: [engineInput('referenceDeleted', { kind: 'driver', code: id })] };
    });
    reply.status(204);
  });
}
