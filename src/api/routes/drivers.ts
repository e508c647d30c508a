// Drivers of the fleets, by national ID, with the RFID port pass they tap on the OBU and the
// vehicles they drive. Same rules as vehicles: customs reads all and a customs admin writes all; a
// fleet operator writes its own company's; a yard may fetch one driver by national ID (to check a
// transport note) but lists only its own company's; another company's driver is 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { normalizePlate } from '../../core/ids/index.ts';
import { FLEET_WRITERS, ownedScope, mayReadFleetRecord, mayReadOwned } from '../../access/policy.ts';
import { createDriver, removeDriver, replaceDriver } from '../../registry/driver-service.ts';
import { getDriver, listDrivers } from '../../registry/drivers.ts';
import { DriverSchema, type DriverBody } from '../../registry/validate-driver.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';

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

const Deleted = { description: 'Deleted', type: 'null' } as const;

const tags = ['registry'];
const writers = { auth: { roles: FLEET_WRITERS } };
const idOf = (raw: string) => raw.trim().toUpperCase();

export default async function driverRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: DriverBody }>(
    '/drivers',
    {
      config: writers,
      schema: { tags, summary: 'Register a driver (customs admin; a fleet operator for its own fleet)', body: DriverSchema, response: { 201: DriverSchema } },
    },
    async (req, reply) => {
      const saved = await createDriver(ctx, requestActor(req), req.principal!, req.body);
      reply.status(201);
      return saved;
    },
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/drivers',
    {
      schema: {
        tags,
        summary: "Drivers, by national ID (customs: all; others: their company's)",
        querystring: ListQuery,
        response: { 200: Type.Array(DriverSchema) },
      },
    },
    async (req) =>
      listDrivers(ctx.db, {
        ...req.query,
        ...page(req.query),
        plate: req.query.plate === undefined ? undefined : normalizePlate(req.query.plate),
        rfidCard: req.query.rfidCard?.toUpperCase(),
        scope: ownedScope(req.principal!),
      }),
  );

  api.get<{ Params: Params }>(
    '/drivers/:nationalId',
    { schema: { tags, summary: "One driver (a yard: any, to check a transport note, without their phone; others: their company's)", params: Params, response: { 200: DriverSchema } } },
    async (req) => {
      const id = idOf(req.params.nationalId);
      const d = await getDriver(ctx.db, id);
      if (!d || !mayReadFleetRecord(req.principal!, d.fleetUbn)) throw notFound(`Driver ${id}`, 'driver', id);
      // A yard checking another fleet's driver at the gate learns who they are, not how to reach them.
      return mayReadOwned(req.principal!, d.fleetUbn) ? d : { ...d, phone: undefined };
    },
  );

  api.put<{ Params: Params; Body: DriverBody }>(
    '/drivers/:nationalId',
    {
      config: writers,
      schema: { tags, summary: 'Replace a driver (customs admin; a fleet operator its own)', params: Params, body: DriverSchema, response: { 200: DriverSchema } },
    },
    async (req) => replaceDriver(ctx, requestActor(req), req.principal!, idOf(req.params.nationalId), req.body),
  );

  api.delete<{ Params: Params }>(
    '/drivers/:nationalId',
    { config: writers, schema: { tags, summary: 'Delete a driver (customs admin; a fleet operator its own)', params: Params, response: { 204: Deleted } } },
    async (req, reply) => {
      await removeDriver(ctx, requestActor(req), req.principal!, idOf(req.params.nationalId));
      reply.status(204);
    },
  );
}
