// POST /gate-events: a yard gate or automated lane reports a vehicle passing (plate, container and
// seal numbers read by OCR or a person, the lane's capture time, OCR confidence per field, stored
// photos). The passage is stored and answered at once with the engine's decision (CONTRACT section
// 9): pass, or hold with the alerts it raised (gate_mismatch, gate_out_unreleased, ...). A yard
// operator reports for the facilities its company operates; customs for any.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../auth/roles.ts';
import { lanePartyRisk, mayOperate } from '../../access/policy.ts';
import { validateContainerNo, validatePlate } from '../../core/ids/index.ts';
import type { GateEvent } from '../../core/types.ts';
import { parseIsoMs } from '../../engine/index.ts';
import { reportPassage } from '../../movements/lanes.ts';
import { requestActor } from '../audit.ts';
import type { AppContext } from '../../platform.ts';
import { FieldErrors, forbidden } from '../problem.ts';
import { RISK_LEVELS } from '../../risk/parties.ts';

const Confidence = Type.Number({ minimum: 0, maximum: 1 });

const GateEventBody = Type.Object(
  {
    facility: Type.String({ minLength: 1, maxLength: 20 }),
    lane: Type.String({ minLength: 1, maxLength: 20 }),
    direction: Type.String({ enum: ['in', 'out'] }),
    plate: Type.String({ minLength: 1, maxLength: 12 }),
    containerNos: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 }),
    sealNos: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 })),
    source: Type.String({ enum: ['ocr', 'manual'] }),
    capturedAt: Type.Optional(Type.String({ format: 'date-time', description: "The lane's own clock when it captured the passage" })),
    confidence: Type.Optional(
      Type.Object(
        { plate: Type.Optional(Confidence), containers: Type.Optional(Type.Array(Confidence, { maxItems: 10, description: 'In the order of containerNos' })) },
        { additionalProperties: false },
      ),
    ),
    images: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 10, description: 'Ids of photos stored with POST /gate-events/images' })),
  },
  { additionalProperties: false },
);
type GateEventBody = Static<typeof GateEventBody>;

/** Why a passage was held: the type of the alert it raised, or no_decision when the engine did not answer in time. */
export const GateReasonSchema = Type.Object({
  code: Type.String({ description: 'The alert type (gate_mismatch, gate_out_unreleased, …) or no_decision' }),
  alertId: Type.Optional(Type.String()),
  severity: Type.Optional(Type.String()),
  containerNo: Type.Optional(Type.String()),
});

/** What makes a party risky, and how much (customs only). */
export const RiskFactorSchema = Type.Object({ code: Type.String(), weight: Type.Number(), en: Type.String(), zhTW: Type.String() });

/** The parties' risk as a lane hears it: customs every party with its factors, an operator only those watched. */
const LanePartyRiskSchema = Type.Object({
  level: Type.String({ enum: [...RISK_LEVELS] }),
  parties: Type.Array(
    Type.Object({
      kind: Type.String({ enum: ['driver', 'vehicle', 'company'] }),
      id: Type.String(),
      level: Type.String({ enum: [...RISK_LEVELS] }),
      factors: Type.Optional(Type.Array(RiskFactorSchema, { description: 'Customs only' })),
    }),
  ),
});
/** The gate event as stored: the request with its plate and container numbers in their stored form. */
const StoredGateEvent = Type.Object(GateEventBody.properties);
const PassageAnswer = Type.Object({
  passageId: Type.String(),
  decision: Type.String({ enum: ['pass', 'hold'] }),
  reasons: Type.Array(GateReasonSchema),
  tripId: Type.Optional(Type.String({ description: 'The trip the passage belongs to, when the engine found one' })),
  laneConfirmed: Type.Array(Type.String(), { description: 'CNs whose sealing this passage confirmed' }),
  partyRisk: Type.Union([LanePartyRiskSchema, Type.Null()], { description: 'Null when it could not be looked up' }),
  accepted: Type.Literal(true),
  gateEvent: StoredGateEvent,
});

export const GATE_REPORTERS: readonly Role[] = ['yard_operator', 'customs_admin', 'customs_officer'];

/**
 * Lanes report hundreds of passages a minute at a few facilities: their operators are read once
 * and kept for a short while rather than asked of the database for every truck.
 */
const FACILITY_TTL_MS = 30_000;
const facilityCache = new WeakMap<object, Map<string, { row: { operator_ubn: string | null } | null; atMs: number }>>();

async function facilityOf(ctx: AppContext, code: string): Promise<{ operator_ubn: string | null } | null> {
  let cache = facilityCache.get(ctx.db);
  if (!cache) facilityCache.set(ctx.db, (cache = new Map()));
  const hit = cache.get(code);
  if (hit && hit.row && Date.now() - hit.atMs < FACILITY_TTL_MS) return hit.row;
  const [row] = await ctx.db.query('select code, operator_ubn from facilities where code = $1', [code]);
  const found = row ? { operator_ubn: (row.operator_ubn as string | null) ?? null } : null;
  cache.set(code, { row: found, atMs: Date.now() });
  return found;
}

export default async function gateEventRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: GateEventBody }>(
    '/gate-events',
    {
      config: { auth: { roles: GATE_REPORTERS } },
      schema: {
        tags: ['monitoring'],
        summary: 'A vehicle passing a gate or lane, answered with pass or hold (yard operator, customs)',
        description:
          'Answers 202 with {passageId, decision: "pass" | "hold", reasons: [{code, alertId?, severity?, containerNo?}], tripId?, laneConfirmed, partyRisk}: ' +
          'hold when the passage raised an alert (code = its type), or `no_decision` when the engine did not answer in time. ' +
          'partyRisk = {level, parties: [{kind: driver | vehicle | company, id, level, factors?}]} is the risk of the vehicle, its fleet and the drivers ' +
          "of its trip's CNs (level none, low, medium or high): customs hears every party with its factors; a yard operator only the parties at " +
          'medium or high risk, without factors (level none when there are none). Null when it could not be looked up; it does not change the decision. A gate-out at the ' +
          "origin read by OCR whose plate, containers and seals match the trip's CN, every field at least LANE_CONFIRM_MIN_CONFIDENCE, " +
          'confirms the sealing (laneConfirmed lists the CNs).',
        body: GateEventBody,
        response: { 202: PassageAnswer },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const errs = new FieldErrors();
      const plate = validatePlate(b.plate);
      if (!plate.ok) errs.add('/body/plate', plate.message, plate.code, plate.params);
      const containerNos = b.containerNos.map((c, i) => {
        const v = validateContainerNo(c);
        if (!v.ok) errs.add(`/body/containerNos/${i}`, `not an ISO 6346 container number: ${v.message}`, v.code, v.params);
        return v.ok ? v.value : c;
      });
      if (b.capturedAt !== undefined && Number.isNaN(parseIsoMs(b.capturedAt))) errs.add('/body/capturedAt', 'must be an ISO 8601 time with an offset', 'string.format', { format: 'date-time' });
      if (b.confidence?.containers && b.confidence.containers.length !== b.containerNos.length) {
        errs.add('/body/confidence/containers', `must hold one confidence per container number (${b.containerNos.length})`, 'gate.confidence_count', { expected: b.containerNos.length });
      }
      const facility = await facilityOf(ctx, b.facility);
      if (!facility) errs.add('/body/facility', `no facility ${b.facility}`, 'facility.unknown', { code: b.facility });
      if (b.images?.length) {
        const found = new Set((await ctx.db.query('select id from photos where id = any($1)', [b.images])).map((r) => r.id as string));
        b.images.forEach((id, i) => {
          if (!found.has(id)) errs.add(`/body/images/${i}`, `no stored photo ${id}`, 'photo.unknown', { id });
        });
      }
      errs.throwIfAny();
      const p = req.principal!;
      if (!mayOperate(p, { operator_ubn: facility!.operator_ubn })) {
        throw forbidden(`Only the operator of ${b.facility} or customs may report its gate events`, 'facility.operator_only', { code: b.facility });
      }
      const event: GateEvent = {
        facility: b.facility,
        lane: b.lane,
        direction: b.direction as GateEvent['direction'],
        plate: plate.ok ? plate.value : b.plate,
        containerNos,
        ...(b.sealNos ? { sealNos: b.sealNos } : {}),
        source: b.source as GateEvent['source'],
        ...(b.capturedAt ? { capturedAt: b.capturedAt } : {}),
        ...(b.confidence ? { confidence: b.confidence } : {}),
        ...(b.images?.length ? { images: b.images } : {}),
      };
      const { partyRisk, ...answer } = await reportPassage(ctx, requestActor(req), event);
      reply.status(202);
      return { ...answer, partyRisk: partyRisk && lanePartyRisk(p, partyRisk), accepted: true, gateEvent: event };
    },
  );
}
