// Facilities in the database: one row per station code, the body as accepted beside the columns
// that queries filter on.
import type { Facility } from '../core/types.ts';
import type { Queryable, Row } from '../store/db.ts';
import { Where, type Page } from './store-common.ts';

export interface FacilityFilter extends Page {
  kind?: string;
  operatorUbn?: string;
}

export function facilityFromRow(r: Row): Facility {
  return { ...r.body, sample: r.sample };
}

export async function getFacility(q: Queryable, code: string): Promise<Facility | undefined> {
  const [r] = await q.query('select * from facilities where code = $1', [code]);
  return r ? facilityFromRow(r) : undefined;
}

export async function listFacilities(q: Queryable, f: FacilityFilter = {}): Promise<Facility[]> {
  const w = new Where().add('kind = ?', f.kind).add('operator_ubn = ?', f.operatorUbn);
  const page = w.page(f);
  return (await q.query(`select * from facilities ${w.sql} order by code ${page}`, w.params)).map(facilityFromRow);
}

const columns = (f: Facility, sample: boolean) => [
  f.code,
  f.name,
  f.kind,
  f.operatorUbn ?? null,
  f.storageCodes ?? [],
  JSON.stringify({ ...f, sample: undefined }),
  sample,
];

export async function insertFacility(q: Queryable, f: Facility, sample = false): Promise<Facility> {
  const [r] = await q.query(
    `insert into facilities (code, name, kind, operator_ubn, storage_codes, body, sample)
     values ($1,$2,$3,$4,$5,$6,$7) returning *`,
    columns(f, sample),
  );
  return facilityFromRow(r);
}

/** Full replace; an edited sample record stops being a sample, so reloading samples leaves it alone. */
export async function updateFacility(q: Queryable, f: Facility, sample = false): Promise<Facility | undefined> {
  const [r] = await q.query(
    `update facilities set name = $2, kind = $3, operator_ubn = $4, storage_codes = $5, body = $6, sample = $7, updated_at = now()
     where code = $1 returning *`,
    columns(f, sample),
  );
  return r ? facilityFromRow(r) : undefined;
}

/** Inserts or refreshes a sample facility; a record someone has edited (no longer sample) is kept. */
export async function upsertSampleFacility(q: Queryable, f: Facility): Promise<Facility | undefined> {
  const [r] = await q.query(
    `insert into facilities (code, name, kind, operator_ubn, storage_codes, body, sample)
     values ($1,$2,$3,$4,$5,$6,$7)
     on conflict (code) do update set name = excluded.name, kind = excluded.kind, operator_ubn = excluded.operator_ubn,
       storage_codes = excluded.storage_codes, body = excluded.body, updated_at = now()
     where facilities.sample
     returning *`,
    columns(f, true),
  );
  return r ? facilityFromRow(r) : undefined;
}

/** Routes that name the facility (as origin, destination or checkpoint): it cannot go while they exist. */
export async function routesUsingFacility(q: Queryable, code: string): Promise<string[]> {
  const rows = await q.query(
    `select code from routes where origin = $1 or destination = $1 or body->'checkpoints' ? $1 order by code`,
    [code],
  );
  return rows.map((r) => r.code);
}

export async function deleteFacility(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('delete from facilities where code = $1 returning code', [code])).length > 0;
}
