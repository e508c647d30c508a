// Facilities: terminals, yards, warehouses, inspection stations, checkpoints, factories, rest areas,
// each with the area that is its geofence. Every authenticated caller reads them (station codes are
// everyone's vocabulary); only a customs admin writes them.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { validateStationCode } from '../../core/ids/index.ts';
import { REFERENCE_WRITERS } from '../../access/policy.ts';
import { getFacility, listFacilities } from '../../registry/facilities.ts';
import { createFacility, removeFacility, replaceFacility } from '../../registry/facility-service.ts';
import { StringEnum } from '../../registry/validate-common.ts';
import { FacilitySchema, type FacilityBody } from '../../registry/validate-facility.ts';
import { FACILITY_KINDS } from '../../core/types.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';

const ListQuery = Type.Object(
  { kind: Type.Optional(StringEnum(FACILITY_KINDS)), operatorUbn: Type.Optional(Type.String({ maxLength: 8 })), ...PageQuery },
  { additionalProperties: false },
);
const Params = Type.Object({ code: Type.String({ maxLength: 20 }) });
type Params = Static<typeof Params>;

const Deleted = { description: 'Deleted', type: 'null' } as const;

const tags = ['registry'];
const writers = { auth: { roles: REFERENCE_WRITERS } };

/** Path codes are matched the way body codes are stored: trimmed, upper case. */
const codeOf = (raw: string) => {
  const r = validateStationCode(raw);
  return r.ok ? r.value : raw;
};

export default async function facilityRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: FacilityBody }>(
    '/facilities',
    {
      config: writers,
      schema: { tags, summary: 'Register a facility and its geofence (customs admin)', body: FacilitySchema, response: { 201: FacilitySchema } },
    },
    async (req, reply) => {
      const saved = await createFacility(ctx, requestActor(req), req.body);
      reply.status(201);
      return saved;
    },
  );

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    '/facilities',
    { schema: { tags, summary: 'Facilities, by station code', querystring: ListQuery, response: { 200: Type.Array(FacilitySchema) } } },
    async (req) => listFacilities(ctx.db, { ...req.query, ...page(req.query) }),
  );

  api.get<{ Params: Params }>(
    '/facilities/:code',
    { schema: { tags, summary: 'One facility and its geofence', params: Params, response: { 200: FacilitySchema } } },
    async (req) => {
      const f = await getFacility(ctx.db, codeOf(req.params.code));
      if (!f) throw notFound(`Facility ${req.params.code}`, 'facility', req.params.code);
      return f;
    },
  );

  api.put<{ Params: Params; Body: FacilityBody }>(
    '/facilities/:code',
    {
      config: writers,
      schema: { tags, summary: 'Replace a facility (customs admin)', params: Params, body: FacilitySchema, response: { 200: FacilitySchema } },
    },
    async (req) => replaceFacility(ctx, requestActor(req), codeOf(req.params.code), req.body),
  );

  api.delete<{ Params: Params }>(
    '/facilities/:code',
    { config: writers, schema: { tags, summary: 'Delete a facility that no route names (customs admin)', params: Params, response: { 204: Deleted } } },
    async (req, reply) => {
      await removeFacility(ctx, requestActor(req), codeOf(req.params.code));
      reply.status(204);
    },
  );
}
