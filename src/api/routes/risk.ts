// Risk analysis (CONTRACT section 10): live import declarations scored with reasons, inspection
// outcomes, the selection of declarations to inspect, the score distribution and drift report,
// the stored models (a customs admin trains them and chooses the one in use), and the risk of
// drivers, vehicles and companies with the customs watchlist. Customs only (src/access/risk.ts);
// every write audited.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { RISK_MODEL_ADMINS, RISK_OFFICERS } from '../../access/risk.ts';
import type { AppContext } from '../../platform.ts';
import type { Declaration } from '../../risk/declarations.ts';
import { PARTY_KINDS, riskOfParties, riskOfTrip, WATCH_LEVELS } from '../../risk/parties.ts';
import {
  ASPECT_NAMES,
  byAspect,
  distribution,
  driftReport,
  getDeclaration,
  importHistory,
  listDeclarations,
  listModels,
  recordOutcome,
  scoreLive,
  selectForInspection,
  trainAndStore,
  useModel,
  type AspectName,
  type DeclarationInput,
} from '../../risk/service.ts';
import { addToWatchlist, listWatchlist, recordPartyEvent, removeFromWatchlist } from '../../risk/watchlist.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';
import { Limit, Offset } from '../schemas.ts';

const tags = ['risk'];
const officers = { auth: { roles: RISK_OFFICERS } };
const admins = { auth: { roles: RISK_MODEL_ADMINS } };

const Id = (max = 40) => Type.String({ minLength: 1, maxLength: max, pattern: '^[^\\s]' });
const Code = (max = 20) => Type.String({ maxLength: max, default: '' });
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const DeclarationSchema = Type.Object(
  {
    declarationId: Id(),
    date: Type.String({ format: 'date', description: 'YYYY-MM-DD' }),
    officeId: Code(),
    processType: Code(),
    importType: Code(),
    importUse: Code(),
    paymentType: Code(),
    transportMode: Code(),
    declarantId: Code(40),
    importerId: Id(),
    sellerId: Code(40),
    courierId: Code(40),
    hs6: Type.String({ pattern: '^[0-9]{6}$', description: 'HS code, 6 digits' }),
    departureCountry: Code(3),
    originCountry: Code(3),
    taxRate: Type.Number({ minimum: 0, maximum: 1000 }),
    taxType: Code(),
    originIndicator: Code(),
    netMass: Type.Number({ minimum: 0, maximum: 1e12, description: 'kg' }),
    itemPrice: Type.Number({ minimum: 0, maximum: 1e18 }),
    containerNos: Type.Optional(Type.Array(Type.String({ minLength: 4, maxLength: 15 }), { maxItems: 100, description: 'Containers carrying the goods, when known' })),
  },
  { additionalProperties: false },
);

const HistoryDeclaration = Type.Composite([
  Type.Omit(DeclarationSchema, ['containerNos']),
  Type.Object({
    fraud: Type.Union([Type.Literal(0), Type.Literal(1)]),
    criticalFraud: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)])),
  }),
], { additionalProperties: false });
const HistoryBody = Type.Object({ declarations: Type.Array(HistoryDeclaration, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
const ScoreBody = Type.Object({ declarations: Type.Array(DeclarationSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
const ListQuery = Type.Object(
  {
    month: Type.Optional(Month),
    aspect: Type.Optional(Type.String({ enum: ASPECT_NAMES })),
    value: Type.Optional(Type.String({ maxLength: 60 })),
    selected: Type.Optional(Type.String({ enum: ['top', 'explore', 'any'] })),
    outcome: Type.Optional(Type.String({ enum: ['recorded', 'none'] })),
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    limit: Type.Optional(Limit(500, 50)),
    offset: Type.Optional(Offset()),
  },
  { additionalProperties: false },
);
type ListQuery = Static<typeof ListQuery>;
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const NumParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
const OutcomeBody = Type.Object(
  {
    fraud: Type.Union([Type.Literal(0), Type.Literal(1)]),
    criticalFraud: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { description: '0 none, 1 fraud, 2 critical (a threat to public safety)' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const AspectParams = Type.Object({ aspect: Type.String({ enum: ASPECT_NAMES }) });
const AspectQuery = Type.Object({ month: Type.Optional(Month), limit: Type.Optional(Limit(200, 20)) }, { additionalProperties: false });
const DistributionQuery = Type.Object(
  { month: Type.Optional(Month), aspect: Type.Optional(Type.String({ enum: ASPECT_NAMES })), value: Type.Optional(Type.String({ maxLength: 60 })) },
  { additionalProperties: false },
);
const SelectionBody = Type.Object(
  {
    month: Month,
    topPercent: Type.Number({ minimum: 0, maximum: 100 }),
    explorePercent: Type.Number({ minimum: 0, maximum: 20, default: 1 }),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  },
  { additionalProperties: false },
);
const DriftQuery = Type.Object({ month: Month }, { additionalProperties: false });
const TrainBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    use: Type.Optional(Type.Boolean({ description: 'Put the model in use at once (default: when none is in use)' })),
  },
  { additionalProperties: false },
);
const PartyKind = Type.String({ enum: [...PARTY_KINDS] });
const WatchBody = Type.Object(
  {
    kind: PartyKind,
    partyId: Type.String({ minLength: 1, maxLength: 40 }),
    level: Type.String({ enum: [...WATCH_LEVELS] }),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
    until: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
const WatchQuery = Type.Object(
  { kind: Type.Optional(PartyKind), partyId: Type.Optional(Type.String({ maxLength: 40 })), all: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const EventBody = Type.Object(
  {
    kind: PartyKind,
    partyId: Type.String({ minLength: 1, maxLength: 40 }),
    event: Type.String({ enum: ['seizure', 'finding'] }),
    note: Type.String({ minLength: 1, maxLength: 2000 }),
    tripId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const PartiesQuery = Type.Object(
  {
    driverId: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    plate: Type.Optional(Type.String({ minLength: 1, maxLength: 12 })),
    companyUbn: Type.Optional(Type.String({ pattern: '^[0-9]{8}$' })),
  },
  { additionalProperties: false },
);
const TripParams = Type.Object({ tripId: Type.String({ minLength: 1, maxLength: 100 }) });

export default async function riskRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: { declarations: DeclarationInput[] } }>(
    '/risk/declarations',
    { config: officers, schema: { tags, summary: 'Score live declarations with the model in use (stored, with their reasons)', body: ScoreBody } },
    async (req) => ({ results: await scoreLive(ctx, requestActor(req), req.body.declarations) }),
  );

  api.post<{ Body: { declarations: Declaration[] } }>(
    '/risk/history',
    {
      config: admins,
      schema: { tags, summary: 'Import past declarations with their inspection outcomes, for the next training (already stored ones are left as they are)', body: HistoryBody },
    },
    async (req) => importHistory(ctx, requestActor(req), req.body.declarations),
  );

  api.get<{ Querystring: ListQuery }>(
    '/risk/declarations',
    { config: officers, schema: { tags, summary: 'Scored declarations, riskiest first', querystring: ListQuery } },
    async (req) => listDeclarations(ctx.db, { ...req.query, aspect: req.query.aspect as AspectName | undefined, selected: req.query.selected as 'top' | 'explore' | 'any' | undefined, outcome: req.query.outcome as 'recorded' | 'none' | undefined }),
  );

  api.get<{ Params: Static<typeof IdParams> }>(
    '/risk/declarations/:id',
    { config: officers, schema: { tags, summary: 'A scored declaration with its reasons, containers and outcome', params: IdParams } },
    async (req) => getDeclaration(ctx.db, req.params.id),
  );

  api.post<{ Params: Static<typeof IdParams>; Body: Static<typeof OutcomeBody> }>(
    '/risk/declarations/:id/outcome',
    { config: officers, schema: { tags, summary: "Record an inspection's outcome (it feeds the next training)", params: IdParams, body: OutcomeBody } },
    async (req) => recordOutcome(ctx, requestActor(req), req.params.id, req.body as any),
  );

  api.get<{ Querystring: Static<typeof DistributionQuery> }>(
    '/risk/distribution',
    { config: officers, schema: { tags, summary: 'Scored declarations counted in 20 score bins', querystring: DistributionQuery } },
    async (req) => distribution(ctx.db, { ...req.query, aspect: req.query.aspect as AspectName | undefined }),
  );

  api.get<{ Params: Static<typeof AspectParams>; Querystring: Static<typeof AspectQuery> }>(
    '/risk/aspects/:aspect',
    { config: officers, schema: { tags, summary: 'Declarations by importer, declarant, seller, HS code, country or office: riskiest first', params: AspectParams, querystring: AspectQuery } },
    async (req) => byAspect(ctx.db, req.params.aspect as AspectName, req.query),
  );

  api.post<{ Body: Static<typeof SelectionBody> }>(
    '/risk/selection',
    {
      config: officers,
      schema: { tags, summary: "Choose a month's declarations to inspect: the top n % by score plus a random exploration share", body: SelectionBody },
    },
    async (req) => selectForInspection(ctx, requestActor(req), { ...req.body, explorePercent: req.body.explorePercent ?? 1 }),
  );

  api.get<{ Querystring: Static<typeof DriftQuery> }>(
    '/risk/drift',
    { config: officers, schema: { tags, summary: "A month's drift report: score distribution against the month before, precision on recorded outcomes", querystring: DriftQuery } },
    async (req) => driftReport(ctx.db, req.query.month),
  );

  api.get('/risk/models', { config: officers, schema: { tags, summary: 'Stored risk models with their metrics; one is in use' } }, async () => listModels(ctx.db));

  api.post<{ Body: Static<typeof TrainBody> }>(
    '/risk/models',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Train a model on the recorded outcomes, measure it on the latest 15 % by date, store it',
        body: TrainBody,
      },
    },
    async (req, reply) => {
      const m = await trainAndStore(ctx, requestActor(req), req.body ?? {});
      reply.status(201);
      return m;
    },
  );

  api.post<{ Params: Static<typeof NumParams> }>(
    '/risk/models/:id/use',
    { config: admins, schema: { tags, summary: 'Put a stored model in use', params: NumParams } },
    async (req) => useModel(ctx, requestActor(req), req.params.id),
  );

  api.get<{ Querystring: Static<typeof WatchQuery> }>(
    '/risk/watchlist',
    { config: officers, schema: { tags, summary: 'The customs watchlist of drivers, vehicles and companies', querystring: WatchQuery } },
    async (req) => listWatchlist(ctx.db, req.query as any),
  );

  api.post<{ Body: Static<typeof WatchBody> }>(
    '/risk/watchlist',
    { config: officers, schema: { tags, summary: 'Put a driver, vehicle or company on the watchlist', body: WatchBody } },
    async (req, reply) => {
      const e = await addToWatchlist(ctx, requestActor(req), req.body as any);
      reply.status(201);
      return e;
    },
  );

  api.delete<{ Params: Static<typeof NumParams> }>(
    '/risk/watchlist/:id',
    { config: officers, schema: { tags, summary: 'Take an entry off the watchlist', params: NumParams } },
    async (req, reply) => {
      await removeFromWatchlist(ctx, requestActor(req), req.params.id);
      reply.status(204);
    },
  );

  api.post<{ Body: Static<typeof EventBody> }>(
    '/risk/party-events',
    { config: officers, schema: { tags, summary: 'Record a seizure or an inspection finding against a driver, vehicle or company', body: EventBody } },
    async (req, reply) => {
      const e = await recordPartyEvent(ctx, requestActor(req), req.body as any);
      reply.status(201);
      return e;
    },
  );

  api.get<{ Querystring: Static<typeof PartiesQuery> }>(
    '/risk/parties',
    { config: officers, schema: { tags, summary: 'The risk level of a driver, a vehicle (and its fleet) and a company, with the factors', querystring: PartiesQuery } },
    async (req) => riskOfParties(ctx.db, { driverId: req.query.driverId, plate: req.query.plate, companyUbns: req.query.companyUbn ? [req.query.companyUbn] : undefined }),
  );

  api.get<{ Params: Static<typeof TripParams> }>(
    '/risk/trips/:tripId',
    { config: officers, schema: { tags, summary: "The risk of a trip's parties: its vehicle, drivers and fleet", params: TripParams } },
    async (req) => {
      const r = await riskOfTrip(ctx.db, req.params.tripId);
      if (!r) throw notFound(`Trip ${req.params.tripId}`);
      return r;
    },
  );
}
