// One OBU per vehicle and one vehicle per OBU. The link can be written from either side (a device
// body's plate, a vehicle body's obuId); both sides are kept in step here, and what else had to
// change is returned so that those bodies reach the engine too.
import type { Queryable } from '../store/db.ts';

export interface Changed {
  plates: string[];
  devices: string[];
}

/** After a device write: OBU `obuId` is now on `plate` (or on none). */
export async function linkFromDevice(q: Queryable, obuId: string, plate: string | null): Promise<Changed> {
  const left = await q.query(
    'update vehicles set obu_id = null, updated_at = now() where obu_id = $1 and plate is distinct from $2 returning plate',
    [obuId, plate],
  );
  if (plate === null) return { plates: left.map((r) => r.plate), devices: [] };
  const displaced = await q.query(
    `update devices set plate = null, updated_at = now() where kind = 'obu' and plate = $1 and id <> $2 returning id`,
    [plate, obuId],
  );
  const target = await q.query(
    'update vehicles set obu_id = $1, updated_at = now() where plate = $2 and obu_id is distinct from $1 returning plate',
    [obuId, plate],
  );
  return { plates: [...left, ...target].map((r) => r.plate), devices: displaced.map((r) => r.id) };
}

/** After a vehicle write: vehicle `plate` now carries OBU `obuId` (or none). */
export async function linkFromVehicle(q: Queryable, plate: string, obuId: string | null): Promise<Changed> {
  const removed = await q.query(
    `update devices set plate = null, updated_at = now() where kind = 'obu' and plate = $1 and id is distinct from $2 returning id`,
    [plate, obuId],
  );
  if (obuId === null) return { plates: [], devices: removed.map((r) => r.id) };
  const moved = await q.query(
    'update vehicles set obu_id = null, updated_at = now() where obu_id = $1 and plate <> $2 returning plate',
    [obuId, plate],
  );
  const installed = await q.query(
    'update devices set plate = $1, updated_at = now() where id = $2 and plate is distinct from $1 returning id',
    [plate, obuId],
  );
  return { plates: moved.map((r) => r.plate), devices: [...removed, ...installed].map((r) => r.id) };
}
