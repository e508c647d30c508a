// Facilities: terminals, yards, warehouses, inspection stations, checkpoints, factories, rest areas,
// each with the area that is its geofence. Every authenticated caller reads them (station codes are
// everyone's vocabulary); only a customs admin writes them.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { validateStationCode } from '../../core/ids/index.ts';
import type { Facility } from '../../core/types.ts';
import { REFERENCE_WRITERS } from '../../registry/access.ts';
import {
  deleteFacility,
  getFacility,
  insertFacility,
  listFacilities,
  routesUsingFacility,
  updateFacility,
} from '../../registry/facilities.ts';
import { requireSameId, validated } from '../../registry/validated.ts';
import { engineInput, writeAudited } from '../../registry/write.ts';
import { StringEnum } from '../../registry/validate-common.ts';
import { FacilitySchema, checkFacilityRefs, normalizeFacility, type FacilityBody } from '../../registry/validate-facility.ts';
import { FACILITY_KINDS } from '../../core/types.ts';
import type { Queryable } from '../../store/db.ts';
import type { AppContext } from '../../platform.ts';
import { PageQuery, page } from '../paging.ts';
import { requestActor } from '../audit.ts';
import { conflict, notFound } from '../problem.ts';

const ListQuery = Type.Object(
  { kind: Type.Optional(StringEnum(FACILITY_KINDS)), operatorUbn: Type.Optional(Type.String({ maxLength: 8 })), ...PageQuery },
  { additionalProperties: false },
);
const Params = Type.Object({ code: Type.String({ maxLength: 20 }) });
type Params = Static<typeof Params>;

const tags = ['registry'];
const writers = { auth: { roles: REFERENCE_WRITERS } };

/** Path codes are matched the way body codes are stored: trimmed, upper case. */
const codeOf = (raw: string) => {
  const r = validateStationCode(raw);
  return r.ok ? r.value : raw;
};

const validFacility = (q: Queryable, body: FacilityBody) =>
  validated(
    q,
    (errs) => normalizeFacility(body, '/body', errs),
    (f, errs) => checkFacilityRefs(q, f, '/body', errs),
  );

export default async function facilityRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: FacilityBody }>('/facilities', { config: writers, schema: { tags, body: FacilitySchema } }, async (req, reply) => {
    const f = await validFacility(ctx.db, req.body);
    if (await getFacility(ctx.db, f.code)) throw conflict(`Facility ${f.code} exists`);
    const saved = await writeAudited(ctx, requestActor(req), async (tx) => {
      const after = await insertFacility(tx, f);
      return { result: after, audit: { action: 'create', resource: 'facility', resourceId: f.code, after }, inputs: [engineInput('facility', after)] };
    });
    reply.status(201);
    return saved;
  });

  api.get<{ Querystring: Static<typeof ListQuery> }>('/facilities', { schema: { tags, querystring: ListQuery } }, async (req) =>
    listFacilities(ctx.db, { ...req.query, ...page(req.query) }),
  );

  api.get<{ Params: Params }>('/facilities/:code', { schema: { tags, params: Params } }, async (req) => {
    const f = await getFacility(ctx.db, codeOf(req.params.code));
    if (!f) throw notFound(`Facility ${req.params.code}`);
    return f;
  });

  api.put<{ Params: Params; Body: FacilityBody }>(
    '/facilities/:code',
    { config: writers, schema: { tags, params: Params, body: FacilitySchema } },
    async (req) => {
      const code = codeOf(req.params.code);
      const f = await validFacility(ctx.db, req.body);
      requireSameId(code, f.code, 'code');
      const before = await getFacility(ctx.db, code);
      if (!before) throw notFound(`Facility ${code}`);
      return writeAudited(ctx, requestActor(req), async (tx) => {
        const after = (await updateFacility(tx, f)) as Facility;
        return { result: after, audit: { action: 'update', resource: 'facility', resourceId: code, before, after }, inputs: [engineInput('facility', after)] };
      });
    },
  );

  api.delete<{ Params: Params }>('/facilities/:code', { config: writers, schema: { tags, params: Params } }, async (req, reply) => {
    const code = codeOf(req.params.code);
    const before = await getFacility(ctx.db, code);
    if (!before) throw notFound(`Facility ${code}`);
    const users = await routesUsingFacility(ctx.db, code);
    if (users.length) throw conflict(`Facility ${code} is used by routes ${users.join(', ')}; change or delete them first`);
    await writeAudited(ctx, requestActor(req), async (tx) => {
      await deleteFacility(tx, code);
      return { result: null, audit: { action: 'delete', resource: 'facility', resourceId: code, before }, inputs: [engineInput('referenceDeleted', { kind: 'facility', code })] };
    });
    reply.status(204);
  });
}
