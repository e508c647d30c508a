// Trips as the monitor sees them: GET /trips (filters), /trips/{id} (the live view, its CNs and a
// timeline of states and alerts, its gate passages), /trips/{id}/track (stored positions, GeoJSON or a list).
// Customs sees all trips; a company the trips of its vehicles, of the CNs it sent and to its
// facilities. A trip the caller may not see is 404.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { SEAL_STATES, TRIP_STATES } from '../../core/types.ts';
import { normalizePlate } from '../../core/ids/index.ts';
import { canSeeMonitored, tripsWhere } from '../../access/policy.ts';
import { presentCommand } from '../../monitor/command-view.ts';
import { presentAlert, presentTrip } from '../../monitor/present.ts';
import { presentNote } from '../../transport-notes/present.ts';
import { tripSealReads } from '../../seal-reads/service.ts';
import { pointToPointView } from '../../seal-reads/trip-view.ts';
import type { AppContext } from '../../platform.ts';
import { readFixes } from '../../monitor/fix-history.ts';
import { notFound } from '../problem.ts';
import { Limit, Nullable, Offset, Timestamp } from '../schemas.ts';
import { AlertSchema } from './alerts.ts';
import { NoteSchema } from './transport-notes.ts';
import { SealReadViewSchema } from './seal-reads.ts';
import { FixSchema } from './vehicle-history.ts';

const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ enum: [...TRIP_STATES] })),
    plate: Type.Optional(Type.String({ maxLength: 12 })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Trips changed at or after this time' })),
    limit: Type.Optional(Limit(1000, 100)),
    offset: Type.Optional(Offset()),
  },
  { additionalProperties: false },
);
type ListQuery = Static<typeof ListQuery>;
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
type Params = Static<typeof Params>;
const TrackQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    format: Type.Optional(Type.String({ enum: ['geojson', 'list'], default: 'geojson' })),
  },
  { additionalProperties: false },
);
type TrackQuery = Static<typeof TrackQuery>;

/** A seal of a trip as the engine last heard of it (null until the seal has reported). */
const SealViewSchema = Type.Object({
  id: Type.String(),
  state: Nullable(Type.String({ enum: [...SEAL_STATES] })),
  link: Nullable(Type.String({ enum: ['ok', 'lost'] })),
  battery: Nullable(Type.Number({ description: 'Percent' })),
  lastTs: Nullable(Timestamp({ description: 'Time of the last report about this seal' })),
});

/** A trip as the API answers it (presentTrip): the engine's live view, else the stored one. */
export const TripSchema = Type.Object({
  tripId: Type.String(),
  cnNos: Type.Array(Type.String(), { description: 'Its transport notes (cancelled ones left out)' }),
  plate: Type.String(),
  state: Type.String({ enum: [...TRIP_STATES] }),
  origin: Type.String({ description: 'Facility code' }),
  destination: Type.String({ description: 'Facility code' }),
  routeCode: Nullable(Type.String()),
  containerNos: Type.Array(Type.String()),
  seals: Type.Array(SealViewSchema),
  lastPosition: Nullable(
    Type.Object({ lat: Type.Number(), lon: Type.Number(), ts: Timestamp(), speedKmh: Nullable(Type.Number()) }),
  ),
  departedAt: Nullable(Timestamp()),
  arrivedAt: Nullable(Timestamp()),
  openAlerts: Type.Array(Type.String(), { description: 'Ids of the alerts open on this trip and not cleared by the engine, oldest first' }),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

const CommandSchema = Type.Object({
  commandId: Type.String(),
  deviceId: Type.String(),
  command: Type.String({ description: 'e.g. unlock' }),
  status: Type.String({ enum: ['pending', 'sent', 'failed', 'expired', 'acknowledged'] }),
  channel: Nullable(Type.String({ description: 'How it went to the device (MQTT, JT/T 808, …)' })),
  attempts: Type.Integer(),
  at: Timestamp(),
  sentAt: Nullable(Timestamp()),
  acknowledgedAt: Nullable(Timestamp()),
  error: Nullable(Type.String()),
});

/** The timeline of a trip: its state changes, each handling step of its alerts, and its seal reads. */
const TimelineEntrySchema = Type.Union([
  Type.Object({ at: Timestamp(), kind: Type.Literal('state'), state: Type.String({ enum: [...TRIP_STATES] }), previousState: Nullable(Type.String({ enum: [...TRIP_STATES] })) }),
  Type.Object({
    at: Timestamp(),
    kind: Type.String({ pattern: '^alert_', description: 'alert_ and the event: alert_opened, alert_acknowledged, alert_resolved, …' }),
    alertId: Type.String(),
    alertType: Type.String(),
    severity: Type.String(),
    actor: Type.Optional(Type.String()),
    data: Type.Optional(Type.Unknown()),
  }),
  Type.Object({
    at: Timestamp(),
    kind: Type.Literal('seal_read'),
    readId: Type.String(),
    sealNo: Type.String(),
    event: Type.String(),
    facility: Nullable(Type.String()),
    containerNo: Nullable(Type.String()),
    reader: Type.String(),
    by: Nullable(Type.String()),
    photoId: Nullable(Type.String()),
    photoUrl: Nullable(Type.String()),
  }),
]);

const Place = { lat: Nullable(Type.Number()), lon: Nullable(Type.Number()) };
/** A trip with passive seals, point to point: where it was last read and where it must be read next. */
const PointToPointSchema = Type.Object({
  seals: Type.Array(
    Type.Object({
      sealNo: Type.String(),
      containerNo: Type.String(),
      sealType: Type.String(),
      applied: Type.Boolean(),
      removed: Type.Boolean(),
      lastRead: Nullable(Type.Object({ event: Type.String(), facility: Nullable(Type.String()), readAt: Timestamp() })),
    }),
  ),
  lastSeen: Nullable(Type.Object({ facility: Nullable(Type.String()), name: Nullable(Type.String()), ...Place, at: Timestamp(), source: Type.Literal('read') })),
  next: Nullable(
    Type.Object({
      facility: Type.String(),
      kind: Type.String({ enum: ['origin', 'checkpoint', 'destination'] }),
      name: Nullable(Type.String()),
      ...Place,
      dueBy: Nullable(Timestamp()),
    }),
  ),
});

const TripDetailSchema = Type.Intersect([
  TripSchema,
  Type.Object({
    transportNotes: Type.Array(NoteSchema),
    alerts: Type.Array(AlertSchema),
    commands: Type.Array(CommandSchema),
    timeline: Type.Array(TimelineEntrySchema),
    sealReads: Type.Array(SealReadViewSchema),
    pointToPoint: Type.Union([PointToPointSchema, Type.Null()], { description: 'Null when none of its seals is passive' }),
    gatePassages: Type.Array(
      Type.Object({
        id: Type.String(),
        at: Timestamp({ description: "The lane's capture time, else when it was received" }),
        facility: Type.String(),
        lane: Type.String(),
        direction: Type.String({ enum: ['in', 'out'] }),
        decision: Nullable(Type.String({ enum: ['pass', 'hold'] })),
        officerDecision: Nullable(Type.String({ enum: ['released', 'refused'] })),
      }),
    ),
  }),
]);

const TrackFeatureSchema = Type.Object(
  {
    type: Type.Literal('Feature'),
    geometry: Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), { description: '[lon, lat] of each fix' }) }),
    properties: Type.Object({ tripId: Type.String(), plate: Type.String(), count: Type.Integer(), times: Type.Array(Timestamp(), { description: 'The time of each coordinate' }) }),
  },
  { description: 'format=geojson (the default): a GeoJSON LineString Feature' },
);
const TrackListSchema = Type.Object(
  { tripId: Type.String(), positions: Type.Array(FixSchema) },
  { description: 'format=list: each fix with the batteries and seal states reported with it' },
);

const tags = ['monitoring'];
/** A track longer than this is thinned evenly (first and last fix kept). */
const MAX_TRACK_POINTS = 20_000;

export default async function tripRoutes(api: FastifyInstance, ctx: AppContext) {
  const monitor = () => ctx.services.monitor;
  const live = (tripId: string) => monitor()?.engine.getTrip(tripId) ?? null;

  async function visibleTrip(req: { principal?: any }, id: string) {
    const [row] = await ctx.db.query('select * from trips where trip_id = $1', [id]);
    if (!row || !(await canSeeMonitored(ctx.db, req.principal!, row))) throw notFound(`Trip ${id}`, 'trip', id);
    return row;
  }

  api.get<{ Querystring: ListQuery }>('/trips', { schema: { tags, summary: 'Trips, most recently changed first', querystring: ListQuery, response: { 200: Type.Array(TripSchema) } } }, async (req) => {
    const q = req.query;
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = tripsWhere(req.principal!, 't', params);
    if (scope) where.push(scope);
    if (q.state) {
      params.push(q.state);
      where.push(`t.state = $${params.length}`);
    }
    if (q.plate) {
      params.push(normalizePlate(q.plate));
      where.push(`t.plate = $${params.length}`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`t.updated_at >= $${params.length}`);
    }
    params.push(q.limit ?? 100, q.offset ?? 0);
    const rows = await ctx.db.query(
      `select * from trips t ${where.length ? `where ${where.join(' and ')}` : ''}
       order by t.updated_at desc, t.trip_id limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    return rows.map((r) => presentTrip(r, live(r.trip_id)));
  });

  api.get<{ Params: Params }>('/trips/:id', { schema: { tags, summary: 'A trip: live view, CNs, timeline', params: Params, response: { 200: TripDetailSchema } } }, async (req) => {
    const row = await visibleTrip(req, req.params.id);
    const trip = presentTrip(row, live(row.trip_id));
    const [notes, events, alerts, alertEvents, commands, gates] = await Promise.all([
      ctx.db.query('select * from transport_notes where cn_no = any($1) order by cn_no', [row.cn_nos]),
      ctx.db.query('select * from trip_events where trip_id = $1 order by seq', [row.trip_id]),
      ctx.db.query('select * from alerts where trip_id = $1 order by opened_at, alert_id', [row.trip_id]),
      ctx.db.query(
        `select e.*, a.alert_type, a.severity from alert_events e join alerts a on a.alert_id = e.alert_id
         where a.trip_id = $1 order by e.at, e.id`,
        [row.trip_id],
      ),
      ctx.db.query('select * from commands where trip_id = $1 order by at, command_id', [row.trip_id]),
      ctx.db.query(
        `select id, facility, lane, direction, coalesce(captured_at, received_at) as at, decision, officer_decision
         from gate_passages where trip_id = $1 order by coalesce(captured_at, received_at), id`,
        [row.trip_id],
      ),
    ]);
    const sealReads = await tripSealReads(ctx.db, row.trip_id, row.cn_nos ?? []);
    const timeline = [
      ...events.map((e) => ({
        at: new Date(e.at).toISOString(),
        kind: 'state' as const,
        state: e.state,
        previousState: e.previous_state ?? null,
      })),
      ...alertEvents.map((e) => ({
        at: new Date(e.at).toISOString(),
        kind: `alert_${e.kind}`,
        alertId: e.alert_id,
        alertType: e.alert_type,
        severity: e.severity,
        ...(e.actor ? { actor: e.actor } : {}),
        ...(e.data ? { data: e.data } : {}),
      })),
      ...sealReads.map((r) => ({
        at: r.readAt,
        kind: 'seal_read' as const,
        readId: r.readId,
        sealNo: r.sealNo,
        event: r.event,
        facility: r.facility,
        containerNo: r.containerNo,
        reader: r.reader,
        by: r.by,
        photoId: r.photoId,
        photoUrl: r.photoUrl,
      })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const pointToPoint = await pointToPointView(ctx.db, row, notes, sealReads);
    return {
      ...trip, transportNotes: notes.map(presentNote), alerts: alerts.map(presentAlert), commands: commands.map(presentCommand), timeline,
      sealReads, pointToPoint,
      gatePassages: gates.map((g) => ({
        id: g.id, at: new Date(g.at).toISOString(), facility: g.facility, lane: g.lane, direction: g.direction,
        decision: g.decision ?? null, officerDecision: g.officer_decision ?? null,
      })),
    };
  });

  api.get<{ Params: Params; Querystring: TrackQuery }>(
    '/trips/:id/track',
    { schema: { tags, summary: 'Stored positions of a trip: a GeoJSON LineString Feature, or a list (each fix with the batteries and seal states reported with it)', params: Params, querystring: TrackQuery, response: { 200: Type.Union([TrackFeatureSchema, TrackListSchema]) } } },
    async (req) => {
      const row = await visibleTrip(req, req.params.id);
      const params: unknown[] = [row.trip_id];
      let range = '';
      if (req.query.from) {
        params.push(req.query.from);
        range += ` and ts >= $${params.length}`;
      }
      if (req.query.to) {
        params.push(req.query.to);
        range += ` and ts <= $${params.length}`;
      }
      // The list carries what each report gave beside its fix (batteries, seal states) for replay.
      if (req.query.format === 'list') {
        return { tripId: row.trip_id, positions: thin(await readFixes(ctx.db, `p.trip_id = $1 ${range}`, params)) };
      }
      const rows = thin(
        await ctx.db.query(
          `select ts, lat, lon, speed_kmh, heading, device_id from positions where trip_id = $1 ${range} order by ts, input_seq`,
          params,
        ),
      );
      const points = rows.map((p) => ({
        ts: new Date(p.ts).toISOString(),
        lat: p.lat,
        lon: p.lon,
        speedKmh: p.speed_kmh ?? null,
        heading: p.heading ?? null,
        deviceId: p.device_id,
      }));
      return {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) },
        properties: { tripId: row.trip_id, plate: row.plate, count: points.length, times: points.map((p) => p.ts) },
      };
    },
  );
}

function thin<T>(rows: T[]): T[] {
  if (rows.length <= MAX_TRACK_POINTS) return rows;
  const step = rows.length / (MAX_TRACK_POINTS - 1);
  const out: T[] = [];
  for (let i = 0; i < MAX_TRACK_POINTS - 1; i++) out.push(rows[Math.floor(i * step)]);
  out.push(rows[rows.length - 1]);
  return out;
}
