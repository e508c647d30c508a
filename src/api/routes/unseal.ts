// POST /seals/{sealId}/unseal: an authorised manual unseal (the seal could not unlock by itself,
// or an inspection). Customs may unseal any seal on a trip; a responsible person one on a trip
// from or to a facility of theirs (operated by their company, or under one of their storage
// codes that counts: mayUnsealAt in src/access/facilities.ts). The engine then treats the seal's opening as authorised, not as tampering.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isCustoms } from '../../auth/roles.ts';
import { canSeeMonitored, codedFacilities, mayUnsealAt } from '../../access/policy.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { conflict, forbidden, notFound } from '../problem.ts';

const Params = Type.Object({ sealId: Type.String({ minLength: 1, maxLength: 64 }) });
type Params = Static<typeof Params>;
const Body = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false });
type Body = Static<typeof Body>;
const Accepted = Type.Object({
  accepted: Type.Literal(true, { description: 'The unseal is recorded and handed to the engine; the seal’s opening then counts as authorised' }),
  sealId: Type.String(),
  tripId: Type.String({ description: 'The trip in progress the seal is on' }),
});

export default async function unsealRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Params: Params; Body: Body }>(
    '/seals/:sealId/unseal',
    {
      config: { auth: { roles: ['customs_admin', 'customs_officer', 'responsible_person'] } },
      schema: {
        tags: ['monitoring'],
        summary: 'Authorised manual unseal of a seal on a trip in progress (customs; a responsible person of its origin or destination)',
        params: Params,
        body: Body,
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const sealId = req.params.sealId;
      const monitor = ctx.services.monitor;
      const liveTripId = monitor?.engine.tripIdForDevice(sealId) ?? null;
      const [trip] = liveTripId
        ? await ctx.db.query('select * from trips where trip_id = $1', [liveTripId])
        : await ctx.db.query(
            `select * from trips where $1 = any(seal_ids) and state not in ('closed', 'cancelled') order by created_at desc limit 1`,
            [sealId],
          );
      const allowed = trip && (isCustoms(p) || mayUnsealAt(p, await codedFacilities(ctx.db, [trip.origin, trip.destination])));
      if (!trip) {
        if (!isCustoms(p)) throw notFound(`Seal ${sealId}`, 'seal', sealId);
        throw conflict(`Seal ${sealId} is not on a trip in progress`, 'seal.no_trip', { sealId });
      }
      if (!allowed) {
        if (!(await canSeeMonitored(ctx.db, p, trip))) throw notFound(`Seal ${sealId}`, 'seal', sealId);
        throw forbidden('Only customs or a responsible person of the origin or destination may unseal', 'unseal.party_only');
      }
      if (trip.state === 'closed') throw conflict(`The trip of seal ${sealId} is closed`, 'trip.closed', { sealId });
      if (trip.state === 'cancelled') throw conflict(`The trip of seal ${sealId} is cancelled`, 'trip.cancelled', { sealId });
      const data = { sealId, by: `${p.name} (${p.kind}:${p.id})`, reason: req.body.reason };
      const entry = { action: 'unseal', resource: 'seal', resourceId: sealId, after: { ...data, tripId: trip.trip_id } };
      await ctx.inputs.transact(async (tx) => {
        await audit(tx, req, entry);
        return { result: undefined, inputs: [{ type: 'unseal' as const, data }] };
      });
      reply.status(202);
      return { accepted: true, sealId, tripId: trip.trip_id };
    },
  );
}
