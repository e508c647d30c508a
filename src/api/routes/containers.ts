// GET /containers/{containerNo}: a container's latest status: the trip carrying it (or the last
// one that did), its state, the last position and the seals. Scoped like trips, and a trader sees
// the containers carried under its own transport notes (src/access/monitoring.ts).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { canSeeContainer } from '../../access/policy.ts';
import { presentTrip } from '../../monitor/present.ts';
import type { AppContext } from '../../platform.ts';
import { notFound } from '../problem.ts';
import { TripSchema } from './trips.ts';

const Params = Type.Object({ containerNo: Type.String({ maxLength: 20 }) });
type Params = Static<typeof Params>;

const t = TripSchema.properties;
/** A container's latest status: the trip carrying it (or the last that did) and the seals on this container. */
const ContainerStatus = Type.Object({
  containerNo: Type.String(),
  tripId: t.tripId,
  state: t.state,
  plate: t.plate,
  cnNos: t.cnNos,
  origin: t.origin,
  destination: t.destination,
  lastPosition: t.lastPosition,
  seals: t.seals,
  departedAt: t.departedAt,
  arrivedAt: t.arrivedAt,
  openAlerts: t.openAlerts,
  updatedAt: t.updatedAt,
});

export default async function containerRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Params: Params }>(
    '/containers/:containerNo',
    { schema: { tags: ['monitoring'], summary: 'Latest status of a container: trip state, last position, seals', params: Params, response: { 200: ContainerStatus } } },
    async (req) => {
      const no = req.params.containerNo.replace(/\s+/g, '').toUpperCase();
      const monitor = ctx.services.monitor;
      const current = monitor?.engine.tripForContainer(no) ?? null;
      // The trip carrying it now, else the newest one that did.
      const [row] = current
        ? await ctx.db.query('select * from trips where trip_id = $1', [current.tripId])
        : await ctx.db.query('select * from trips where $1 = any(container_nos) order by created_at desc limit 1', [no]);
      if (!row || !(await canSeeContainer(ctx.db, req.principal!, row, no))) throw notFound(`Container ${no}`, 'container', no);
      const trip = presentTrip(row, current ?? monitor?.engine.getTrip(row.trip_id) ?? null);
      // The seals on this container (a trip may carry several containers).
      const own = await ctx.db.query('select seal_no from transport_note_seals where container_no = $1 and cn_no = any($2)', [no, trip.cnNos]);
      const ids = new Set(own.map((r) => r.seal_no as string));
      const seals = ids.size ? trip.seals.filter((s) => ids.has(s.id)) : trip.seals;
      return {
        containerNo: no,
        tripId: trip.tripId,
        state: trip.state,
        plate: trip.plate,
        cnNos: trip.cnNos,
        origin: trip.origin,
        destination: trip.destination,
        lastPosition: trip.lastPosition,
        seals,
        departedAt: trip.departedAt,
        arrivedAt: trip.arrivedAt,
        openAlerts: trip.openAlerts,
        updatedAt: trip.updatedAt,
      };
    },
  );
}
