// Vehicles of the fleets: tractors, trucks and trailers by plate (stored upper case without "-").
// Customs reads all and a customs admin writes all; a fleet operator writes its own company's.
// A yard may fetch any single vehicle by plate (to check a transport note) but lists only its
// own company's; everyone else sees only their own company's, another's is 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { normalizePlate } from '../../core/ids/index.ts';
import { FLEET_WRITERS, ownedScope, mayReadFleetRecord } from '../../access/policy.ts';
import { StringEnum } from '../../registry/validate-common.ts';
import { VehicleSchema, type VehicleBody } from '../../registry/validate-vehicle.ts';
import { createVehicle, removeVehicle, replaceVehicle } from '../../registry/vehicle-service.ts';
import { getVehicle, listVehicles } from '../../registry/vehicles.ts';
import { VEHICLE_KINDS } from '../../core/types.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, QueryInt, page, queryInt } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';

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

const Deleted = { description: 'Deleted', type: 'null' } as const;

const tags = ['registry'];
const writers = { auth: { roles: FLEET_WRITERS } };

export default async function vehicleRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: VehicleBody }>(
    '/vehicles',
    {
      config: writers,
      schema: { tags, summary: "Register a vehicle (customs admin; a fleet operator for its own fleet)", body: VehicleSchema, response: { 201: VehicleSchema } },
    },
    async (req, reply) => {
      const saved = await createVehicle(ctx, requestActor(req), req.principal!, req.body);
      reply.status(201);
      return saved;
    },
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/vehicles',
    {
      schema: {
        tags,
        summary: "Vehicles, by plate (customs: all; others: their company's)",
        querystring: ListQuery,
        response: { 200: Type.Array(VehicleSchema) },
      },
    },
    async (req) =>
      listVehicles(ctx.db, {
        ...page(req.query),
        fleetUbn: req.query.fleetUbn,
        kind: req.query.kind,
        category: queryInt(req.query.category),
        scope: ownedScope(req.principal!),
      }),
  );

  api.get<{ Params: Params }>(
    '/vehicles/:plate',
    { schema: { tags, summary: "One vehicle (a yard: any, to check a transport note; others: their company's)", params: Params, response: { 200: VehicleSchema } } },
    async (req) => {
      const plate = normalizePlate(req.params.plate);
      const v = await getVehicle(ctx.db, plate);
      if (!v || !mayReadFleetRecord(req.principal!, v.fleetUbn)) throw notFound(`Vehicle ${plate}`, 'vehicle', plate);
      return v;
    },
  );

  api.put<{ Params: Params; Body: VehicleBody }>(
    '/vehicles/:plate',
    {
      config: writers,
      schema: { tags, summary: 'Replace a vehicle (customs admin; a fleet operator its own)', params: Params, body: VehicleSchema, response: { 200: VehicleSchema } },
    },
    async (req) => replaceVehicle(ctx, requestActor(req), req.principal!, normalizePlate(req.params.plate), req.body),
  );

  api.delete<{ Params: Params }>(
    '/vehicles/:plate',
    {
      config: writers,
      schema: { tags, summary: 'Delete a vehicle; its OBU is uninstalled (customs admin; a fleet operator its own)', params: Params, response: { 204: Deleted } },
    },
    async (req, reply) => {
      await removeVehicle(ctx, requestActor(req), req.principal!, normalizePlate(req.params.plate));
      reply.status(204);
    },
  );
}
