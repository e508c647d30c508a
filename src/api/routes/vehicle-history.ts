// A vehicle's stored fixes over a date range, across its trips and between them: GET
// /vehicles/{plate}/positions?from&to. The range is required and bounded, and the answer is paged
// (`next` is the offset of the following page), so a year of one truck is never one answer. Who
// sees which fixes is the access policy's (positionsWhere): another company's truck answers an
// empty list, as its trips would.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { normalizePlate } from '../../core/ids/index.ts';
import { positionsWhere } from '../../access/positions.ts';
import { bind } from '../../access/sql.ts';
import { readFixes } from '../../monitor/fix-history.ts';
import type { AppContext } from '../../platform.ts';
import { unprocessable } from '../problem.ts';
import { Limit, Offset } from '../schemas.ts';

/** The longest range one request may ask for. */
export const MAX_RANGE_DAYS = 31;
export const MAX_FIXES_PAGE = 20_000;

const Params = Type.Object({ plate: Type.String({ minLength: 1, maxLength: 12 }) });
const Query = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'Start of the range (inclusive)' }),
    to: Type.String({ format: 'date-time', description: `End of the range (inclusive), after from, at most ${MAX_RANGE_DAYS} days later` }),
    limit: Type.Optional(Limit(MAX_FIXES_PAGE, 5000)),
    offset: Type.Optional(Offset()),
  },
  { additionalProperties: false },
);
type Query = Static<typeof Query>;

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
export const FixSchema = Type.Object({
  ts: Type.String({ format: 'date-time' }),
  lat: Type.Number(),
  lon: Type.Number(),
  speedKmh: Nullable(Type.Number()),
  heading: Nullable(Type.Number()),
  deviceId: Type.String(),
  tripId: Type.Union([Type.String(), Type.Null()]),
  battery: Nullable(Type.Number({ description: "The OBU's battery reported with the fix, percent" })),
  sealBattery: Nullable(Type.Number({ description: 'The lowest seal battery reported with the fix, percent' })),
  seals: Type.Array(Type.Object({ id: Type.String(), state: Type.Union([Type.String(), Type.Null()]), battery: Nullable(Type.Number()) })),
});
const Answer = Type.Object({
  plate: Type.String(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  positions: Type.Array(FixSchema),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'Offset of the next page, null on the last' }),
});

export default async function vehicleHistoryRoutes(api: FastifyInstance, ctx: AppContext) {
  api.get<{ Params: Static<typeof Params>; Querystring: Query }>(
    '/vehicles/:plate/positions',
    {
      schema: {
        tags: ['monitoring'],
        summary: "A vehicle's stored positions over a date range (paged), each with the batteries and seal states reported with it",
        params: Params,
        querystring: Query,
        response: { 200: Answer },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      const fromMs = Date.parse(from);
      const toMs = Date.parse(to);
      if (!(toMs > fromMs)) throw unprocessable([{ path: '/querystring/to', message: 'must be after from', code: 'range.reversed', params: { after: 'from' } }]);
      if (toMs - fromMs > MAX_RANGE_DAYS * 86_400_000) throw unprocessable([{ path: '/querystring/to', message: `must be at most ${MAX_RANGE_DAYS} days after from`, code: 'range.too_long', params: { maxDays: MAX_RANGE_DAYS } }]);
      const plate = normalizePlate(req.params.plate);
      const limit = req.query.limit ?? 5000;
      const offset = req.query.offset ?? 0;
      const params: unknown[] = [];
      const where = [`p.plate = ${bind(params, plate)}`, `p.ts >= ${bind(params, new Date(fromMs).toISOString())}`, `p.ts <= ${bind(params, new Date(toMs).toISOString())}`];
      const scope = positionsWhere(req.principal!, 'p', params);
      if (scope) where.push(scope);
      // One more than the page tells whether another page follows.
      const fixes = await readFixes(ctx.db, where.join(' and '), params, `limit ${bind(params, limit + 1)} offset ${bind(params, offset)}`);
      const more = fixes.length > limit;
      return { plate, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), positions: more ? fixes.slice(0, limit) : fixes, next: more ? offset + limit : null };
    },
  );
}
