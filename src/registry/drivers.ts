// Drivers in the database, by national ID; the vehicles they drive in driver_vehicles.
import type { Driver } from '../core/types.ts';
import type { Queryable, Row } from '../store/db.ts';
import { compact } from './validate-common.ts';
import { Where, type Page } from './store-common.ts';

export interface DriverFilter extends Page {
  /** The caller's company for a non-customs caller: nothing outside it is listed. */
  scope?: string | null;
  fleetUbn?: string;
  plate?: string;
  rfidCard?: string;
}

const SELECT = `select d.*, coalesce((select array_agg(dv.plate order by dv.plate) from driver_vehicles dv
  where dv.national_id = d.national_id), '{}') as plates from drivers d`;

export function driverFromRow(r: Row): Driver {
  return compact({
    ...r.body,
    fleetUbn: r.fleet_ubn ?? undefined,
    rfidCard: r.rfid_card ?? undefined,
    phone: r.phone ?? undefined,
    // Vehicles deleted since the driver was written are gone from here, not from the old body.
    plates: r.plates,
  });
}

export async function getDriver(q: Queryable, nationalId: string): Promise<Driver | undefined> {
  const [r] = await q.query(`${SELECT} where d.national_id = $1`, [nationalId]);
  return r ? driverFromRow(r) : undefined;
}

export async function getDrivers(q: Queryable, ids: string[]): Promise<Driver[]> {
  if (!ids.length) return [];
  return (await q.query(`${SELECT} where d.national_id = any($1) order by d.national_id`, [ids])).map(driverFromRow);
}

export async function listDrivers(q: Queryable, f: DriverFilter = {}): Promise<Driver[]> {
  const w = new Where()
    .add('d.fleet_ubn = ?', f.scope ?? undefined)
    .add('d.fleet_ubn = ?', f.fleetUbn)
    .add('d.rfid_card = ?', f.rfidCard)
    .add('exists (select 1 from driver_vehicles dv where dv.national_id = d.national_id and dv.plate = ?)', f.plate);
  const page = w.page(f);
  return (await q.query(`${SELECT} ${w.sql} order by d.national_id ${page}`, w.params)).map(driverFromRow);
}

/** Whether a driver with this national ID is registered in this fleet (a driver of no fleet is nobody's). */
export async function isFleetDriver(q: Queryable, nationalId: string, fleetUbn: string): Promise<boolean> {
  const rows = await q.query('select 1 from drivers where national_id = $1 and fleet_ubn = $2', [nationalId, fleetUbn]);
  return rows.length > 0;
}

/** The driver holding this RFID card, if any. */
export async function rfidCardHolder(q: Queryable, card: string): Promise<string | undefined> {
  const [r] = await q.query('select national_id from drivers where rfid_card = $1', [card]);
  return r?.national_id;
}

async function setPlates(q: Queryable, d: Driver): Promise<void> {
  await q.query('delete from driver_vehicles where national_id = $1', [d.nationalId]);
  if (d.plates?.length) {
    await q.query('insert into driver_vehicles (national_id, plate) select $1, unnest($2::text[])', [d.nationalId, d.plates]);
  }
}

// The phone lives in its column only (the alert card reads it there), like the plates in driver_vehicles.
const columns = (d: Driver) => [
  d.nationalId,
  d.name,
  d.fleetUbn ?? null,
  d.rfidCard ?? null,
  JSON.stringify({ ...d, plates: undefined, phone: undefined }),
  d.phone ?? null,
];

/** The driver as the engine keeps it: how to reach them is the monitoring centre's, not the engine's. */
export function engineDriver(d: Driver): Driver {
  return compact({ ...d, phone: undefined });
}

export async function insertDriver(q: Queryable, d: Driver): Promise<void> {
  await q.query('insert into drivers (national_id, name, fleet_ubn, rfid_card, body, phone) values ($1,$2,$3,$4,$5,$6)', columns(d));
  await setPlates(q, d);
}

export async function updateDriver(q: Queryable, d: Driver): Promise<void> {
  await q.query(
    'update drivers set name = $2, fleet_ubn = $3, rfid_card = $4, body = $5, phone = $6, updated_at = now() where national_id = $1',
    columns(d),
  );
  await setPlates(q, d);
}

export async function deleteDriver(q: Queryable, nationalId: string): Promise<void> {
  await q.query('delete from drivers where national_id = $1', [nationalId]);
}
