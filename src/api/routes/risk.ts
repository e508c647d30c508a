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
import { PARTY_KINDS, RISK_LEVELS, riskOfParties, riskOfTrip, WATCH_LEVELS } from '../../risk/parties.ts';
import {
  ASPECT_NAMES,
  byAspect,
  SCORE_BINS,
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
import { Limit, Nullable, Offset, Timestamp } from '../schemas.ts';

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

// ---- answers ----------------------------------------------------------------------------------

/**
 * A declaration as stored: the fields of DeclarationSchema without the input's limits, since the
 * bundled data set is imported from CSV too, where an empty number is stored as null.
 */
const StoredDeclaration = Type.Object(
  Object.fromEntries(
    Object.entries(Type.Omit(DeclarationSchema, ['containerNos']).properties).map(([key, field]) => {
      const description = (field as { description?: string }).description;
      return [key, field.type === 'number' ? Nullable(Type.Number({ description: description ?? 'null when the source left it empty' })) : Type.String({ description })];
    }),
  ),
  { description: 'The declaration as received, without its outcome' },
);
const Flag = Type.Union([Type.Literal(0), Type.Literal(1)]);
const Critical = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { description: '0 none, 1 fraud, 2 critical (a threat to public safety)' });
const Reason = Type.Object({
  factor: Type.String({ description: 'An aspect (importer, hs6, ...) or taxRate, mass, price, unitPrice' }),
  weight: Type.Number({ description: "Its share of the score's log-odds; positive raises the risk" }),
  en: Type.String(),
  zhTW: Type.String(),
});
const DeclarationView = Type.Object({
  declarationId: Type.String(),
  date: Type.String({ format: 'date' }),
  declaration: StoredDeclaration,
  containerNos: Type.Array(Type.String(), { description: 'Named with it, and found on transport notes naming it' }),
  score: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Null for a past declaration imported as history' })),
  reasons: Type.Array(Reason, { description: 'What raised the score most' }),
  modelId: Nullable(Type.Integer()),
  scoredAt: Nullable(Timestamp()),
  selected: Nullable(Type.String({ enum: ['top', 'explore'], description: 'Chosen for inspection by score (top) or at random (explore)' })),
  outcome: Nullable(
    Type.Object(
      { fraud: Flag, criticalFraud: Nullable(Critical), note: Nullable(Type.String()), by: Type.String(), at: Timestamp() },
      { description: 'The inspection’s outcome, once recorded' },
    ),
  ),
});
const ScoreResult = Type.Object({ results: Type.Array(DeclarationView, { description: 'In the order given' }) });
const ImportResult = Type.Object({ imported: Type.Integer({ description: 'Declarations new to the store; those already stored are left as they are' }) });
const Bins = Type.Array(Type.Integer(), { minItems: SCORE_BINS, maxItems: SCORE_BINS, description: `Declarations per score bin: ${SCORE_BINS} equal bins of [0, 1]` });
const Distribution = Type.Object({ bins: Bins, count: Type.Integer(), mean: Nullable(Type.Number({ description: 'Mean score; null when none' })) });
const AspectRow = Type.Object({
  value: Type.String({ description: 'The importer, declarant, seller, HS code, country or office' }),
  declarations: Type.Integer(),
  meanScore: Type.Number(),
  maxScore: Type.Number(),
  high: Type.Integer({ description: 'Declarations scoring 0.5 or more' }),
  outcomes: Type.Integer({ description: 'Outcomes recorded' }),
  frauds: Type.Integer(),
});
const Selection = Type.Object({
  top: Type.Array(Type.String(), { description: 'Declarations newly chosen by score' }),
  explore: Type.Array(Type.String(), { description: 'Declarations newly chosen at random' }),
});
const InspectionStats = Nullable(
  Type.Object({
    inspected: Type.Integer(),
    frauds: Type.Integer(),
    critical: Type.Integer(),
    precision: Nullable(Type.Number({ description: 'Frauds per inspection' })),
  }),
);
const DriftReport = Type.Object({
  month: Type.String({ description: 'YYYY-MM' }),
  declarations: Type.Integer(),
  meanScore: Nullable(Type.Number()),
  distribution: Bins,
  previousMonth: Type.Object({ month: Type.String({ description: 'YYYY-MM' }), declarations: Type.Integer(), meanScore: Nullable(Type.Number()), distribution: Bins }),
  psi: Nullable(Type.Number({ description: 'Population stability index against the month before; above 0.25, retrain. Null when either month has none' })),
  outcomes: Type.Object(
    { top: InspectionStats, explore: InspectionStats, unselected: InspectionStats },
    { description: 'Outcomes recorded this month, by how the declarations were chosen' },
  ),
  models: Type.Array(Type.Integer(), { description: "The models that scored the month's declarations" }),
});
const ModelView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Timestamp(),
  createdBy: Type.String(),
  trainedOn: Type.Object(
    { declarations: Type.Integer(), frauds: Type.Integer(), from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) },
    { description: 'The labelled declarations it learned from and the span of their dates' },
  ),
  metrics: Type.Object({
    holdout: Nullable(
      Type.Object(
        {
          judgedFrom: Type.String({ format: 'date' }),
          judgedTo: Type.String({ format: 'date' }),
          declarations: Type.Integer(),
          precisionTop5: Type.Number({ description: 'Share of frauds among the top 5 % by score' }),
          precisionTop10: Type.Number(),
          criticalRecallTop10: Type.Number({ description: 'Share of the critical frauds within the top 10 %' }),
          auc: Type.Number(),
        },
        { description: 'The same settings learned on the earliest 85 % by date, judged on the latest 15 %; null with too few declarations' },
      ),
    ),
    trainingS: Type.Number({ description: 'Seconds the training took' }),
    recordedOutcomes: Type.Integer(),
  }),
  inUse: Type.Boolean(),
});
const WatchEntry = Type.Object({
  id: Type.Integer(),
  kind: PartyKind,
  partyId: Type.String(),
  level: Type.String({ enum: [...WATCH_LEVELS] }),
  reason: Type.String(),
  until: Nullable(Timestamp({ description: 'Null: until taken off' })),
  createdBy: Type.String(),
  createdAt: Timestamp(),
});
const PartyEvent = Type.Object({
  id: Type.Integer(),
  kind: PartyKind,
  partyId: Type.String(),
  event: Type.String({ enum: ['seizure', 'finding'] }),
  note: Type.String(),
  tripId: Nullable(Type.String()),
  recordedBy: Type.String(),
  at: Timestamp(),
});
const RiskLevel = Type.String({ enum: [...RISK_LEVELS] });
const PartiesRisk = Type.Object({
  level: Type.String({ enum: [...RISK_LEVELS], description: 'The highest of the parties’' }),
  parties: Type.Array(
    Type.Object({
      kind: PartyKind,
      id: Type.String(),
      level: RiskLevel,
      score: Type.Number({ description: "Weighed alerts and officers' records of the last year (a company's per 20 trips)" }),
      factors: Type.Array(
        Type.Object({ code: Type.String({ description: 'alert:<type>, seizure, finding or watchlist' }), weight: Type.Number(), en: Type.String(), zhTW: Type.String() }),
        { description: 'Watchlist entries first, then the heaviest' },
      ),
      watchlist: Type.Array(WatchEntry),
    }),
  ),
});

export default async function riskRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: { declarations: DeclarationInput[] } }>(
    '/risk/declarations',
    {
      config: officers,
      schema: { tags, summary: 'Score live declarations with the model in use, stored with their reasons (customs)', body: ScoreBody, response: { 200: ScoreResult } },
    },
    async (req) => ({ results: await scoreLive(ctx, requestActor(req), req.body.declarations) }),
  );

  api.post<{ Body: { declarations: Declaration[] } }>(
    '/risk/history',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Import past declarations with their inspection outcomes, for the next training (customs admin; stored ones stay as they are)',
        body: HistoryBody,
        response: { 200: ImportResult },
      },
    },
    async (req) => importHistory(ctx, requestActor(req), req.body.declarations),
  );

  api.get<{ Querystring: ListQuery }>(
    '/risk/declarations',
    { config: officers, schema: { tags, summary: 'Scored declarations, riskiest first (customs)', querystring: ListQuery, response: { 200: Type.Array(DeclarationView) } } },
    async (req) => listDeclarations(ctx.db, { ...req.query, aspect: req.query.aspect as AspectName | undefined, selected: req.query.selected as 'top' | 'explore' | 'any' | undefined, outcome: req.query.outcome as 'recorded' | 'none' | undefined }),
  );

  api.get<{ Params: Static<typeof IdParams> }>(
    '/risk/declarations/:id',
    { config: officers, schema: { tags, summary: 'A declaration with its score, reasons, containers and outcome (customs)', params: IdParams, response: { 200: DeclarationView } } },
    async (req) => getDeclaration(ctx.db, req.params.id),
  );

  api.post<{ Params: Static<typeof IdParams>; Body: Static<typeof OutcomeBody> }>(
    '/risk/declarations/:id/outcome',
    {
      config: officers,
      schema: { tags, summary: "Record an inspection's outcome, which feeds the next training (customs)", params: IdParams, body: OutcomeBody, response: { 200: DeclarationView } },
    },
    async (req) => recordOutcome(ctx, requestActor(req), req.params.id, req.body as any),
  );

  api.get<{ Querystring: Static<typeof DistributionQuery> }>(
    '/risk/distribution',
    { config: officers, schema: { tags, summary: 'Scored declarations counted in 20 score bins (customs)', querystring: DistributionQuery, response: { 200: Distribution } } },
    async (req) => distribution(ctx.db, { ...req.query, aspect: req.query.aspect as AspectName | undefined }),
  );

  api.get<{ Params: Static<typeof AspectParams>; Querystring: Static<typeof AspectQuery> }>(
    '/risk/aspects/:aspect',
    {
      config: officers,
      schema: {
        tags,
        summary: 'Declarations by importer, declarant, seller, HS code, country or office: riskiest first (customs)',
        params: AspectParams,
        querystring: AspectQuery,
        response: { 200: Type.Array(AspectRow) },
      },
    },
    async (req) => byAspect(ctx.db, req.params.aspect as AspectName, req.query),
  );

  api.post<{ Body: Static<typeof SelectionBody> }>(
    '/risk/selection',
    {
      config: officers,
      schema: {
        tags,
        summary: "Choose a month's declarations to inspect: the top n % by score plus a random exploration share (customs)",
        body: SelectionBody,
        response: { 200: Selection },
      },
    },
    async (req) => selectForInspection(ctx, requestActor(req), { ...req.body, explorePercent: req.body.explorePercent ?? 1 }),
  );

  api.get<{ Querystring: Static<typeof DriftQuery> }>(
    '/risk/drift',
    { config: officers, schema: {
        tags,
        summary: "A month's drift report: score distribution against the month before, precision on recorded outcomes (customs)",
        querystring: DriftQuery,
        response: { 200: DriftReport },
      },
    },
    async (req) => driftReport(ctx.db, req.query.month),
  );

  api.get(
    '/risk/models',
    { config: officers, schema: { tags, summary: 'Stored risk models with their metrics, newest first; one is in use (customs)', response: { 200: Type.Array(ModelView) } } },
    async () => listModels(ctx.db),
  );

  api.post<{ Body: Static<typeof TrainBody> }>(
    '/risk/models',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Train a model on the recorded outcomes, measure it on the latest 15 % by date, store it (customs admin)',
        body: TrainBody,
        response: { 201: ModelView },
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
    { config: admins, schema: { tags, summary: 'Put a stored model in use (customs admin)', params: NumParams, response: { 200: ModelView } } },
    async (req) => useModel(ctx, requestActor(req), req.params.id),
  );

  api.get<{ Querystring: Static<typeof WatchQuery> }>(
    '/risk/watchlist',
    { config: officers, schema: {
        tags,
        summary: 'The watchlist of drivers, vehicles and companies, newest first; all=true adds entries ended or taken off (customs)',
        querystring: WatchQuery,
        response: { 200: Type.Array(WatchEntry) },
      },
    },
    async (req) => listWatchlist(ctx.db, req.query as any),
  );

  api.post<{ Body: Static<typeof WatchBody> }>(
    '/risk/watchlist',
    { config: officers, schema: { tags, summary: 'Put a driver, vehicle or company on the watchlist (customs)', body: WatchBody, response: { 201: WatchEntry } } },
    async (req, reply) => {
      const e = await addToWatchlist(ctx, requestActor(req), req.body as any);
      reply.status(201);
      return e;
    },
  );

  api.delete<{ Params: Static<typeof NumParams> }>(
    '/risk/watchlist/:id',
    { config: officers, schema: { tags, summary: 'Take an entry off the watchlist (customs)', params: NumParams, response: { 204: { description: 'Taken off', type: 'null' } } } },
    async (req, reply) => {
      await removeFromWatchlist(ctx, requestActor(req), req.params.id);
      reply.status(204);
    },
  );

  api.post<{ Body: Static<typeof EventBody> }>(
    '/risk/party-events',
    {
      config: officers,
      schema: { tags, summary: 'Record a seizure or an inspection finding against a driver, vehicle or company (customs)', body: EventBody, response: { 201: PartyEvent } },
    },
    async (req, reply) => {
      const e = await recordPartyEvent(ctx, requestActor(req), req.body as any);
      reply.status(201);
      return e;
    },
  );

  api.get<{ Querystring: Static<typeof PartiesQuery> }>(
    '/risk/parties',
    { config: officers, schema: {
        tags,
        summary: 'The risk level of a driver, a vehicle (and its fleet) and a company, with the factors (customs)',
        querystring: PartiesQuery,
        response: { 200: PartiesRisk },
      },
    },
    async (req) => riskOfParties(ctx.db, { driverId: req.query.driverId, plate: req.query.plate, companyUbns: req.query.companyUbn ? [req.query.companyUbn] : undefined }),
  );

  api.get<{ Params: Static<typeof TripParams> }>(
    '/risk/trips/:tripId',
    { config: officers, schema: { tags, summary: "The risk of a trip's parties: its vehicle, drivers and fleet (customs)", params: TripParams, response: { 200: PartiesRisk } } },
    async (req) => {
      const r = await riskOfTrip(ctx.db, req.params.tripId);
      if (!r) throw notFound(`Trip ${req.params.tripId}`, 'trip', req.params.tripId);
      return r;
    },
  );
}
