// Vehicles in the database, by normalised plate. Which OBU is installed lives in the obu_id column
// (kept in step with devices.plate by obu-link.ts), not in the stored body.
import type { Vehicle } from '../core/types.ts';
import type { Queryable, Row } from '../store/db.ts';
import { compact } from './validate-common.ts';
import { Where, type Page } from './store-common.ts';

export interface VehicleFilter extends Page {
  /** The caller's company for a non-customs caller: nothing outside it is listed. */
  scope?: string | null;
  fleetUbn?: string;
  kind?: string;
  category?: number;
}

export function vehicleFromRow(r: Row): Vehicle {
  return compact({ ...r.body, fleetUbn: r.fleet_ubn ?? undefined, obuId: r.obu_id ?? undefined });
}

export async function getVehicle(q: Queryable, plate: string): Promise<Vehicle | undefined> {
  const [r] = await q.query('select * from vehicles where plate = $1', [plate]);
  return r ? vehicleFromRow(r) : undefined;
}

export async function getVehicles(q: Queryable, plates: string[]): Promise<Vehicle[]> {
  if (!plates.length) return [];
  return (await q.query('select * from vehicles where plate = any($1) order by plate', [plates])).map(vehicleFromRow);
}

export async function listVehicles(q: Queryable, f: VehicleFilter = {}): Promise<Vehicle[]> {
  const w = new Where()
    .add('fleet_ubn = ?', f.scope ?? undefined)
    .add('fleet_ubn = ?', f.fleetUbn)
    .add('kind = ?', f.kind)
    .add('category = ?', f.category);
  const page = w.page(f);
  return (await q.query(`select * from vehicles ${w.sql} order by plate ${page}`, w.params)).map(vehicleFromRow);
}

const columns = (v: Vehicle) => [v.plate, v.kind, v.category, v.fleetUbn ?? null, v.obuId ?? null, JSON.stringify({ ...v, obuId: undefined })];

export async function insertVehicle(q: Queryable, v: Vehicle): Promise<void> {
  await q.query('insert into vehicles (plate, kind, category, fleet_ubn, obu_id, body) values ($1,$2,$3,$4,$5,$6)', columns(v));
}

export async function updateVehicle(q: Queryable, v: Vehicle): Promise<void> {
  await q.query(
    `update vehicles set kind = $2, category = $3, fleet_ubn = $4, obu_id = $5, body = $6, updated_at = now() where plate = $1`,
    columns(v),
  );
}

/**
 * Deletes a vehicle: its OBU is uninstalled and drivers lose it from their plates. Returns which
 * devices and drivers changed, so their new bodies can reach the engine.
 */
export async function deleteVehicle(q: Queryable, plate: string): Promise<{ devices: string[]; drivers: string[] }> {
  const devices = await q.query(`update devices set plate = null, updated_at = now() where plate = $1 returning id`, [plate]);
  const drivers = await q.query('select national_id from driver_vehicles where plate = $1', [plate]);
  await q.query('delete from vehicles where plate = $1', [plate]);
  return { devices: devices.map((r) => r.id), drivers: drivers.map((r) => r.national_id) };
}
