// Devices in the database, by id. The installed vehicle (plate), the paired OBU (obu_id) and the
// owner live in columns; the credential only as a hash (device-credentials.ts).
import type { Queryable, Row } from '../store/db.ts';
import { compact } from './validate-common.ts';
import type { StoredDevice } from './validate-device.ts';
import { Where, type Page } from './store-common.ts';

export interface DeviceFilter extends Page {
  /** The caller's company for a non-customs caller: nothing outside it is listed. */
  scope?: string | null;
  kind?: string;
  plate?: string;
  obuId?: string;
  ownerUbn?: string;
}

export function deviceFromRow(r: Row): StoredDevice {
  return compact({
    ...r.body,
    plate: r.plate ?? undefined,
    obuId: r.obu_id ?? undefined,
    ownerUbn: r.owner_ubn ?? undefined,
  });
}

export async function getDevice(q: Queryable, id: string): Promise<StoredDevice | undefined> {
  const [r] = await q.query('select * from devices where id = $1', [id]);
  return r ? deviceFromRow(r) : undefined;
}

export async function getDevices(q: Queryable, ids: string[]): Promise<StoredDevice[]> {
  if (!ids.length) return [];
  return (await q.query('select * from devices where id = any($1) order by id', [ids])).map(deviceFromRow);
}

export async function listDevices(q: Queryable, f: DeviceFilter = {}): Promise<StoredDevice[]> {
  const w = new Where()
    .add('owner_ubn = ?', f.scope ?? undefined)
    .add('owner_ubn = ?', f.ownerUbn)
    .add('kind = ?', f.kind)
    .add('plate = ?', f.plate)
    .add('obu_id = ?', f.obuId);
  const page = w.page(f);
  return (await q.query(`select * from devices ${w.sql} order by id ${page}`, w.params)).map(deviceFromRow);
}

const columns = (d: StoredDevice) => [
  d.id,
  d.kind,
  d.plate ?? null,
  d.obuId ?? null,
  d.ownerUbn ?? null,
  JSON.stringify({ ...d, plate: undefined, obuId: undefined, ownerUbn: undefined }),
];

export async function insertDevice(q: Queryable, d: StoredDevice, secretHash: string): Promise<void> {
  await q.query(
    'insert into devices (id, kind, plate, obu_id, owner_ubn, body, secret_hash) values ($1,$2,$3,$4,$5,$6,$7)',
    [...columns(d), secretHash],
  );
}

/** Full replace of the body; the credential is kept (it changes only by rotation). */
export async function updateDevice(q: Queryable, d: StoredDevice): Promise<void> {
  await q.query(
    'update devices set kind = $2, plate = $3, obu_id = $4, owner_ubn = $5, body = $6, updated_at = now() where id = $1',
    columns(d),
  );
}

/**
 * Deletes a device: the vehicle it was installed on loses it, seals paired to it are unpaired.
 * Returns what changed, so the new bodies can reach the engine.
 */
export async function deleteDevice(q: Queryable, id: string): Promise<{ plates: string[]; devices: string[] }> {
  const plates = await q.query('update vehicles set obu_id = null, updated_at = now() where obu_id = $1 returning plate', [id]);
  const seals = await q.query('update devices set obu_id = null, updated_at = now() where obu_id = $1 returning id', [id]);
  await q.query('delete from devices where id = $1', [id]);
  return { plates: plates.map((r) => r.plate), devices: seals.map((r) => r.id) };
}
