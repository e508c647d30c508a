// The monitoring centre's day at a glance, counted by the database over every record rather than
// a page of them: trips on the road today by state, open alerts by type and severity, alerts
// raised today per hundred trips, and how fast they were acknowledged (median, p90, histogram).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CUSTOMS_ROLES } from '../../auth/roles.ts';
import { TRIP_STATES } from '../../core/types.ts';
import type { AppContext } from '../../platform.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const Query = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the period (default: today 00:00 Asia/Taipei)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'End of the period (default: now)' })),
  },
  { additionalProperties: false },
);
type Query = Static<typeof Query>;

/** Upper bounds, in seconds, of the acknowledgement histogram's buckets (the last is open). */
export const ACK_BUCKETS_S = [60, 120, 180, 300, 600] as const;

const Overview = Type.Object({
  from: Timestamp(),
  to: Timestamp(),
  trips: Type.Integer({ description: 'Trips on the road in the period: changed in it, or still open' }),
  tripsByState: Type.Object(Object.fromEntries(TRIP_STATES.map((s) => [s, Type.Optional(Type.Integer())])), {
    description: 'Those trips by state (states without any left out)',
  }),
  openAlerts: Type.Array(Type.Object({ alertType: Type.String(), severity: Type.String(), count: Type.Integer() }), {
    description: 'Alerts not resolved, now, by type and severity',
  }),
  alertsRaised: Type.Integer({ description: 'Alerts opened in the period' }),
  alertsPer100Trips: Nullable(Type.Number({ description: 'One decimal; null without trips' })),
  acknowledgement: Type.Object({
    count: Type.Integer({ description: 'Alerts of the period acknowledged' }),
    medianS: Nullable(Type.Number({ description: 'Seconds from opening to acknowledgement' })),
    p90S: Nullable(Type.Number()),
    histogram: Type.Array(
      Type.Object({ upToS: Nullable(Type.Integer({ description: 'Upper bound in seconds; null for the open last bucket' })), count: Type.Integer() }),
    ),
  }),
});

/** Midnight in Taipei (UTC+8, no daylight saving) of the day `now` falls on there. */
export function startOfTaipeiDay(now: number): Date {
  const taipei = new Date(now + 8 * 3600_000);
  return new Date(Date.UTC(taipei.getUTCFullYear(), taipei.getUTCMonth(), taipei.getUTCDate()) - 8 * 3600_000);
}

export default async function overviewRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Querystring: Query }>(
    '/stats/overview',
    { config: { auth: { roles: CUSTOMS_ROLES } }, schema: { tags: ['monitoring'], summary: 'Trips, alerts and acknowledgement times of a period (customs)', querystring: Query, response: { 200: Overview } } },
    async (req) => {
      const from = req.query.from ?? startOfTaipeiDay(Date.now()).toISOString();
      const to = req.query.to ?? new Date().toISOString();
      // A trip counts when it was on the road in the period: changed in it, or still open.
      const trips = await ctx.db.query(
        `select state, count(*)::int as n from trips
          where created_at < $2 and (updated_at >= $1 or state not in ('closed', 'cancelled'))
          group by state`,
        [from, to],
      );
      const open = await ctx.db.query(
        `select alert_type, severity, count(*)::int as n from alerts where status <> 'resolved' group by alert_type, severity`,
      );
      const buckets = ACK_BUCKETS_S.map((b, i) => `count(*) filter (where s < ${b}${i ? ` and s >= ${ACK_BUCKETS_S[i - 1]}` : ''})::int as b${i}`);
      const [acks] = await ctx.db.query(
        `with a as (
           select extract(epoch from acknowledged_at - opened_at)::float8 as s, acknowledged_at from alerts
            where opened_at >= $1 and opened_at < $2
         )
         select count(*)::int as raised,
                count(acknowledged_at)::int as acknowledged,
                percentile_disc(0.5) within group (order by s) filter (where acknowledged_at is not null) as median,
                percentile_disc(0.9) within group (order by s) filter (where acknowledged_at is not null) as p90,
                ${buckets.join(', ')},
                count(*) filter (where s >= ${ACK_BUCKETS_S[ACK_BUCKETS_S.length - 1]})::int as b${ACK_BUCKETS_S.length}
           from a`,
        [from, to],
      );
      const tripsByState = Object.fromEntries(trips.map((r) => [r.state, r.n]));
      const tripCount = trips.reduce((n, r) => n + r.n, 0);
      return {
        from,
        to,
        trips: tripCount,
        tripsByState,
        openAlerts: open.map((r) => ({ alertType: r.alert_type, severity: r.severity, count: r.n })),
        alertsRaised: acks.raised,
        alertsPer100Trips: tripCount === 0 ? null : Math.round((acks.raised / tripCount) * 1000) / 10,
        acknowledgement: {
          count: acks.acknowledged,
          medianS: acks.median === null ? null : Number(acks.median),
          p90S: acks.p90 === null ? null : Number(acks.p90),
          histogram: [...ACK_BUCKETS_S, null].map((upTo, i) => ({ upToS: upTo, count: acks[`b${i}`] as number })),
        },
      };
    },
  );
}
