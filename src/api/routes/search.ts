// One search box for what officers and callers quote: a container number, a CN number, a plate, a
// seal number, a declaration number, or a driver (national ID, or part of a name); a plate also by
// its beginning. The answer is the trips the caller may see, newest first, each with what matched.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { tripsWhere } from '../../access/policy.ts';
import { presentTrip } from '../../monitor/present.ts';
import type { AppContext } from '../../platform.ts';
import { Limit } from '../schemas.ts';
import { TripSchema } from './trips.ts';

const Query = Type.Object(
  {
    q: Type.String({ minLength: 2, maxLength: 60, description: 'Container, CN, plate, seal, declaration number, national ID, or part of a driver name' }),
    limit: Type.Optional(Limit(200, 50)),
  },
  { additionalProperties: false },
);
type Query = Static<typeof Query>;

const MATCHES = ['plate', 'cnNo', 'containerNo', 'sealNo', 'declarationNo', 'driverId', 'driverName'];
const Answer = Type.Object({
  q: Type.String({ description: 'The text searched for, as given' }),
  trips: Type.Array(
    Type.Intersect([TripSchema, Type.Object({ matchedBy: Type.Array(Type.String({ enum: MATCHES }), { description: 'What of the trip the text matched' }) })]),
    { description: 'Newest first' },
  ),
});

/** Identifiers are compared the way they are stored: uppercase, without spaces or dashes. */
const identifier = (q: string) => q.trim().toUpperCase().replace(/[\s-]/g, '');
/** Text for a LIKE pattern, its wildcards taken literally. */
const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

function matchedBy(row: Record<string, any>, needle: string, noteHits: Map<string, string>): string[] {
  const how = new Set<string>();
  if (row.plate.startsWith(needle)) how.add('plate');
  if (row.cn_nos.includes(needle)) how.add('cnNo');
  if (row.container_nos.includes(needle)) how.add('containerNo');
  if (row.seal_ids.includes(needle)) how.add('sealNo');
  for (const cn of row.cn_nos) if (noteHits.has(cn)) how.add(noteHits.get(cn)!);
  return [...how];
}

export default async function searchRoutes(api: FastifyInstance, ctx: AppContext) {
  const live = (tripId: string) => ctx.services.monitor?.engine.getTrip(tripId) ?? null;

  api.get<{ Querystring: Query }>('/search', { schema: { tags: ['monitoring'], summary: 'Trips by any identifier an officer quotes', querystring: Query, response: { 200: Answer } } }, async (req) => {
    const needle = identifier(req.query.q);
    const name = req.query.q.trim();
    // Notes naming the text as declaration number or driver (by ID or name): their CNs' trips match.
    const notes = await ctx.db.query(
      `select n.cn_no,
              case when upper(n.body->>'declarationNo') = $1 then 'declarationNo' when n.driver_id = $1 then 'driverId' else 'driverName' end as how
         from transport_notes n
        where upper(n.body->>'declarationNo') = $1 or n.driver_id = $1
           or n.driver_id in (select d.national_id from drivers d where d.name ilike $2)
        order by n.updated_at desc limit 1000`,
      [needle, `%${escapeLike(name)}%`],
    );
    const noteHits = new Map<string, string>(notes.map((n) => [n.cn_no as string, n.how as string]));
    // A plate is often quoted in part ("KNA60"): three characters or more match as a prefix.
    const platePrefix = escapeLike(needle) + (needle.length >= 3 ? '%' : '');
    const params: unknown[] = [needle, [...noteHits.keys()], platePrefix];
    const scope = tripsWhere(req.principal!, 't', params);
    params.push(req.query.limit ?? 50);
    const rows = await ctx.db.query(
      `select * from trips t
        where (t.plate like $3 or t.cn_nos @> array[$1]::text[] or t.container_nos @> array[$1]::text[] or t.seal_ids @> array[$1]::text[]
               or t.cn_nos && $2::text[])
          ${scope ? `and ${scope}` : ''}
        order by t.created_at desc, t.trip_id limit $${params.length}`,
      params,
    );
    return { q: req.query.q, trips: rows.map((r) => ({ ...presentTrip(r, live(r.trip_id)), matchedBy: matchedBy(r, needle, noteHits) })) };
  });
}
