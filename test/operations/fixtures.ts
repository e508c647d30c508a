// A small known month of operations for report tests: three trips (two offices), four alerts
// (day and night, acknowledged or not), two devices with positions, three CNs with their seals.
import type { Queryable } from '../../src/store/db.ts';

export const FLEET = '12345681';
export const OTHER = '12345704';
/** Taipei wall-clock time as an ISO instant. */
export const tpe = (s: string) => new Date(`${s}+08:00`).toISOString();

export async function seedOperations(db: Queryable): Promise<void> {
  for (const ubn of [FLEET, OTHER]) {
    await db.query(`insert into companies (ubn, name, roles) values ($1, $2, '{yard,fleet}') on conflict do nothing`, [ubn, `Company ${ubn}`]);
  }
  for (const plate of ['KNA6001', 'KNA6002']) {
    await db.query(`insert into vehicles (plate, kind, category, fleet_ubn, body) values ($1, 'tractor', 1, $2, '{}')`, [plate, FLEET]);
  }
  await db.query(`insert into drivers (national_id, name, body) values ('A123456789', 'Driver One', '{}')`);
  await db.query(`insert into devices (id, kind, plate, body) values ('OBU-1', 'obu', 'KNA6001', '{"firmware":"1.2"}'), ('SEAL-1', 'seal', null, '{"firmware":"2.0"}')`);
  const trip = (id: string, origin: string, route: string, state: string, created: string, cn: string, plate: string, dep: string | null, arr: string | null, visible: string[]) =>
    db.query(
      `insert into trips (trip_id, plate, cn_nos, state, origin, destination, route_code, visible_to, created_at, updated_at, departed_at, arrived_at)
       values ($1, $2, $3, $4, $5, 'CD198', $6, $7, $8, $8, $9, $10)`,
      [id, plate, [cn], state, origin, route, visible, created, dep, arr],
    );
  await trip('T1', 'BK004', 'R1', 'closed', tpe('2026-01-10T09:00:00'), 'CN1', 'KNA6001', tpe('2026-01-10T10:00:00'), tpe('2026-01-10T11:00:00'), [FLEET]);
  await trip('T2', 'AK001', 'R2', 'in_transit', tpe('2026-01-20T09:00:00'), 'CN2', 'KNA6002', tpe('2026-01-20T10:00:00'), null, [OTHER]);
  await trip('T3', 'BK004', 'R1', 'closed', tpe('2026-02-05T08:00:00'), 'CN3', 'KNA6001', tpe('2026-02-05T08:30:00'), tpe('2026-02-05T09:00:00'), [FLEET]);
  const alert = (id: string, trip: string, type: string, severity: string, opened: string, ackS: number | null, by: string | null, status: string, resolution: string | null, detail: object, visible: string[]) =>
    db.query(
      `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, cn_nos, detail, opened_at, status, acknowledged_by, acknowledged_at, resolution, visible_to)
       values ($1, $2, $3, 0, $4, 'KNA6001', '{}', $5, $6, $7, $8, $9, $10, $11)`,
      [id, type, severity, trip, JSON.stringify(detail), opened, status, by, ackS === null ? null : new Date(Date.parse(opened) + ackS * 1000).toISOString(), resolution, visible],
    );
  await alert('A1', 'T1', 'seal_tamper', 'critical', tpe('2026-01-10T10:30:00'), 60, 'officer1', 'resolved', 'escalated', {}, [FLEET]);
  await alert('A2', 'T1', 'route_deviation', 'high', tpe('2026-01-10T22:00:00'), 300, 'officer1', 'acknowledged', null, {}, [FLEET]);
  await alert('A3', 'T3', 'signal_lost', 'medium', tpe('2026-02-05T08:40:00'), null, null, 'open', null, { deviceId: 'OBU-1' }, [FLEET]);
  await alert('A4', 'T3', 'low_battery', 'low', tpe('2026-02-05T08:50:00'), null, null, 'open', null, { deviceId: 'SEAL-1' }, [FLEET]);
  let seq = 0;
  const pos = (device: string, ts: string) =>
    db.query(`insert into positions (input_seq, device_id, plate, ts, lat, lon, received_at) values ($1, $2, 'KNA6001', $3, 22.6, 120.3, $3)`, [++seq, device, ts]);
  for (const ts of ['2026-01-10T10:00:00', '2026-01-10T10:10:00', '2026-01-10T10:20:00', '2026-02-05T08:30:00', '2026-02-05T08:35:00']) await pos('OBU-1', tpe(ts));
  await pos('SEAL-1', tpe('2026-02-05T08:36:00'));
  const cn = async (cnNo: string, sender: string, origin: string, plate: string, driver: string, created: string, seals: string[]) => {
    await db.query(
      `insert into transport_notes (cn_no, version, status, sender_ubn, origin, destination, plate, driver_id, requires_confirmation, body, created_at, updated_at)
       values ($1, 1, 'live', $2, $3, 'CD198', $4, $5, false, $7, $6, $6)`,
      [cnNo, sender, origin, plate, driver, created, JSON.stringify({
        cnNo, function: '9', senderUbn: sender, origin, destination: 'CD198',
        containers: seals.map((sealType, i) => ({ no: `C${cnNo}${i}`, sealType, sealNos: [] })),
        plate, driverId: driver, transportCategory: 1, requiresConfirmation: false,
      })],
    );
    for (const [i, type] of seals.entries()) {
      await db.query(`insert into transport_note_containers (cn_no, position, container_no, seal_type) values ($1, $2, $3, $4)`, [cnNo, i, `C${cnNo}${i}`, type]);
    }
  };
  await cn('CN1', FLEET, 'BK004', 'KNA6001', 'A123456789', tpe('2026-01-10T08:00:00'), ['truck_eseal', 'truck_eseal']);
  await cn('CN2', OTHER, 'AK001', 'KNA6002', 'B223456782', tpe('2026-01-20T08:00:00'), ['eseal']);
  await cn('CN3', FLEET, 'BK004', 'KNA6001', 'A123456789', tpe('2026-02-05T07:00:00'), ['epaper_seal']);
}

/** January and February 2026, Taipei. */
export const PERIOD = { from: tpe('2026-01-01T00:00:00'), to: tpe('2026-03-01T00:00:00') };
