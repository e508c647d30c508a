// POST /gate-events: a yard gate or automated lane reports a vehicle passing (plate and container
// numbers read by OCR or a person). The engine compares it with the vehicle's trip and raises
// gate_mismatch when they disagree. A yard operator reports for the facilities its company
// operates; customs for any. Stored with its audit entry in one transaction, then applied.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.ts';
import { mayOperate } from '../../access/policy.ts';
import { validateContainerNo, validatePlate } from '../../core/ids/index.ts';
import type { GateEvent } from '../../core/types.ts';
import { audit } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { FieldErrors, forbidden } from '../problem.ts';

const GateEventBody = Type.Object(
  {
    facility: Type.String({ minLength: 1, maxLength: 20 }),
    lane: Type.String({ minLength: 1, maxLength: 20 }),
    direction: Type.String({ enum: ['in', 'out'] }),
    plate: Type.String({ minLength: 1, maxLength: 12 }),
    containerNos: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 }),
    sealNos: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 })),
    source: Type.String({ enum: ['ocr', 'manual'] }),
  },
  { additionalProperties: false },
);
type GateEventBody = Static<typeof GateEventBody>;

const REPORTERS: readonly Role[] = ['yard_operator', 'customs_admin', 'customs_officer'];

export default async function gateEventRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: GateEventBody }>(
    '/gate-events',
    {
      config: { auth: { roles: REPORTERS } },
      schema: { tags: ['monitoring'], summary: 'A vehicle passing a gate or lane (yard operator, customs)', body: GateEventBody },
    },
    async (req, reply) => {
      const b = req.body;
      const errs = new FieldErrors();
      const plate = validatePlate(b.plate);
      if (!plate.ok) errs.add('/body/plate', plate.message);
      const containerNos = b.containerNos.map((c, i) => {
        const v = validateContainerNo(c);
        if (!v.ok) errs.add(`/body/containerNos/${i}`, v.message);
        return v.ok ? v.value : c;
      });
      const [facility] = await ctx.db.query('select code, operator_ubn from facilities where code = $1', [b.facility]);
      if (!facility) errs.add('/body/facility', `no facility ${b.facility}`);
      errs.throwIfAny();
      const p = req.principal!;
      if (!mayOperate(p, { operator_ubn: facility.operator_ubn })) {
        throw forbidden(`Only the operator of ${b.facility} or customs may report its gate events`);
      }
      const event: GateEvent = {
        facility: b.facility,
        lane: b.lane,
        direction: b.direction as GateEvent['direction'],
        plate: plate.ok ? plate.value : b.plate,
        containerNos,
        ...(b.sealNos ? { sealNos: b.sealNos } : {}),
        source: b.source as GateEvent['source'],
      };
      const entry = { action: 'report', resource: 'gate_event', resourceId: `${event.facility}/${event.lane}`, after: event };
      await ctx.inputs.transact(async (tx) => {
        await audit(tx, req, entry);
        return { result: undefined, inputs: [{ type: 'gateEvent' as const, data: event }] };
      });
      reply.status(202);
      return { accepted: true, gateEvent: event };
    },
  );
}
