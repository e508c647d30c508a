// Designated routes in the database, looked up by code or by origin and destination (a transport
// note without a route code takes the route between its two stations).
import type { Route } from '../core/types.ts';
import type { Queryable, Row } from '../store/db.ts';
import { Where, type Page } from './store-common.ts';

export interface RouteFilter extends Page {
  origin?: string;
  destination?: string;
  /** Routes passing through this checkpoint. */
  checkpoint?: string;
}

export function routeFromRow(r: Row): Route {
  return { ...r.body, sample: r.sample };
}

export async function getRoute(q: Queryable, code: string): Promise<Route | undefined> {
  const [r] = await q.query('select * from routes where code = $1', [code]);
  return r ? routeFromRow(r) : undefined;
}

export async function listRoutes(q: Queryable, f: RouteFilter = {}): Promise<Route[]> {
  const w = new Where()
    .add('origin = ?', f.origin)
    .add('destination = ?', f.destination)
    .add(`body->'checkpoints' @> jsonb_build_array(?::text)`, f.checkpoint);
  const page = w.page(f);
  return (await q.query(`select * from routes ${w.sql} order by code ${page}`, w.params)).map(routeFromRow);
}

const columns = (r: Route, sample: boolean) => [r.code, r.origin, r.destination, JSON.stringify({ ...r, sample: undefined }), sample];

export async function insertRoute(q: Queryable, r: Route, sample = false): Promise<Route> {
  const [row] = await q.query(
    'insert into routes (code, origin, destination, body, sample) values ($1,$2,$3,$4,$5) returning *',
    columns(r, sample),
  );
  return routeFromRow(row);
}

export async function updateRoute(q: Queryable, r: Route, sample = false): Promise<Route | undefined> {
  const [row] = await q.query(
    `update routes set origin = $2, destination = $3, body = $4, sample = $5, updated_at = now() where code = $1 returning *`,
    columns(r, sample),
  );
  return row ? routeFromRow(row) : undefined;
}

/** Inserts or refreshes a sample route; a record someone has edited (no longer sample) is kept. */
export async function upsertSampleRoute(q: Queryable, r: Route): Promise<Route | undefined> {
  const [row] = await q.query(
    `insert into routes (code, origin, destination, body, sample) values ($1,$2,$3,$4,$5)
     on conflict (code) do update set origin = excluded.origin, destination = excluded.destination, body = excluded.body,
       updated_at = now()
     where routes.sample
     returning *`,
    columns(r, true),
  );
  return row ? routeFromRow(row) : undefined;
}

export async function deleteRoute(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('delete from routes where code = $1 returning code', [code])).length > 0;
}
