// Vehicles of the fleets: tractors, trucks and trailers by plate (stored upper case without "-").
// Customs reads all and a customs admin writes all; a fleet operator writes its own company's.
// A yard may fetch any single vehicle by plate (to check a transport note) but lists only its
// own company's; everyone else sees only their own company's, another's is 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../auth/roles.ts';
import { isCustoms } from '../../auth/roles.ts';
import { normalizePlate } from '../../core/ids/index.ts';
import type { Vehicle } from '../../core/types.ts';
import { FLEET_WRITERS, listScope, mayReadFleetRecord, mayWriteFor, ownsRecord } from '../../registry/access.ts';
import { getDevices } from '../../registry/devices.ts';
import { getDrivers } from '../../registry/drivers.ts';
import { requireSameId, validated } from '../../registry/validated.ts';
import { engineInput, writeAudited } from '../../registry/write.ts';
import { linkFromVehicle, type Changed } from '../../registry/obu-link.ts';
import { StringEnum } from '../../registry/validate-common.ts';
import { VehicleSchema, checkVehicleRefs, normalizeVehicle, type VehicleBody } from '../../registry/validate-vehicle.ts';
import { deleteVehicle, getVehicle, getVehicles, insertVehicle, listVehicles, updateVehicle } from '../../registry/vehicles.ts';
import { VEHICLE_KINDS } from '../../core/types.ts';
import type { Queryable } from '../../store/db.ts';
import type { AppContext, NewInput } from '../../platform.ts';
import { PageQuery, QueryInt, page, queryInt } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { conflict, forbidden, notFound } from '../problem.ts';

const ListQuery = Type.Object(
  {
    fleetUbn: Type.Optional(Type.String({ maxLength: 8 })),
    kind: Type.Optional(StringEnum(VEHICLE_KINDS)),
    category: Type.Optional(QueryInt({ pattern: '^[1-7]$' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
const Params = Type.Object({ plate: Type.String({ maxLength: 12 }) });
type Params = Static<typeof Params>;

const tags = ['registry'];
const writers = { auth: { roles: FLEET_WRITERS } };

/**
 * Checks a body from this caller: a fleet operator's vehicle is its own company's (an omitted
 * fleetUbn means its own; another company's is 403). `keepFleet` is the stored fleet on a PUT by
 * customs, kept when the body leaves it out.
 */
async function validVehicle(q: Queryable, p: Principal, body: VehicleBody, keepFleet?: string): Promise<Vehicle> {
  return validated(
    q,
    (errs) => {
      const v = normalizeVehicle(body, '/body', errs);
      v.fleetUbn ??= isCustoms(p) ? keepFleet : p.companyUbn;
      if (!mayWriteFor(p, FLEET_WRITERS, v.fleetUbn)) throw forbidden('A fleet operator may only register vehicles of its own company');
      return v;
    },
    (v, errs) => checkVehicleRefs(q, v, '/body', errs, listScope(p)),
  );
}

/** The vehicle just written and whatever the OBU link changed besides it, for the engine. */
async function inputsAfter(q: Queryable, plate: string, changed: Changed): Promise<{ after: Vehicle; inputs: NewInput[] }> {
  const after = (await getVehicle(q, plate)) as Vehicle;
  const others = await getVehicles(q, changed.plates.filter((x) => x !== plate));
  const devices = await getDevices(q, changed.devices);
  return {
    after,
    inputs: [engineInput('vehicle', after), ...others.map((v) => engineInput('vehicle', v)), ...devices.map((d) => engineInput('device', d))],
  };
}

export default async function vehicleRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: VehicleBody }>('/vehicles', { config: writers, schema: { tags, body: VehicleSchema } }, async (req, reply) => {
    const v = await validVehicle(ctx.db, req.principal!, req.body);
    if (await getVehicle(ctx.db, v.plate)) throw conflict(`Vehicle ${v.plate} exists`);
    const saved = await writeAudited(ctx, requestActor(req), async (tx) => {
      await insertVehicle(tx, v);
      const { after, inputs } = await inputsAfter(tx, v.plate, await linkFromVehicle(tx, v.plate, v.obuId ?? null));
      return { result: after, audit: { action: 'create', resource: 'vehicle', resourceId: v.plate, after }, inputs };
    });
    reply.status(201);
    return saved;
  });

  api.get<{ Querystring: Static<typeof ListQuery> }>('/vehicles', { schema: { tags, querystring: ListQuery } }, async (req) =>
    listVehicles(ctx.db, {
      ...page(req.query),
      fleetUbn: req.query.fleetUbn,
      kind: req.query.kind,
      category: queryInt(req.query.category),
      scope: listScope(req.principal!),
    }),
  );

  api.get<{ Params: Params }>('/vehicles/:plate', { schema: { tags, params: Params } }, async (req) => {
    const plate = normalizePlate(req.params.plate);
    const v = await getVehicle(ctx.db, plate);
    if (!v || !mayReadFleetRecord(req.principal!, v.fleetUbn)) throw notFound(`Vehicle ${plate}`);
    return v;
  });

  api.put<{ Params: Params; Body: VehicleBody }>(
    '/vehicles/:plate',
    { config: writers, schema: { tags, params: Params, body: VehicleSchema } },
    async (req) => {
      const p = req.principal!;
      const plate = normalizePlate(req.params.plate);
      const before = await getVehicle(ctx.db, plate);
      if (!before || !ownsRecord(p, before.fleetUbn)) throw notFound(`Vehicle ${plate}`);
      const v = await validVehicle(ctx.db, p, req.body, before.fleetUbn);
      requireSameId(plate, v.plate, 'plate');
      return writeAudited(ctx, requestActor(req), async (tx) => {
        await updateVehicle(tx, v);
        const { after, inputs } = await inputsAfter(tx, plate, await linkFromVehicle(tx, plate, v.obuId ?? null));
        return { result: after, audit: { action: 'update', resource: 'vehicle', resourceId: plate, before, after }, inputs };
      });
    },
  );

  api.delete<{ Params: Params }>('/vehicles/:plate', { config: writers, schema: { tags, params: Params } }, async (req, reply) => {
    const p = req.principal!;
    const plate = normalizePlate(req.params.plate);
    const before = await getVehicle(ctx.db, plate);
    if (!before || !ownsRecord(p, before.fleetUbn)) throw notFound(`Vehicle ${plate}`);
    await writeAudited(ctx, requestActor(req), async (tx) => {
      const changed = await deleteVehicle(tx, plate);
      // The engine forgets the vehicle; the OBU and drivers that lost it are updated.
      const inputs = [
        engineInput('referenceDeleted', { kind: 'vehicle', code: plate }),
        ...(await getDevices(tx, changed.devices)).map((d) => engineInput('device', d)),
        ...(await getDrivers(tx, changed.drivers)).map((d) => engineInput('driver', d)),
      ];
      return { result: null, audit: { action: 'delete', resource: 'vehicle', resourceId: plate, before }, inputs };
    });
    reply.status(204);
  });
}
