// Drivers (CONTRACT section 3): national ID, the RFID port pass they tap on the OBU, the vehicles
// they drive (many-to-many).
import { Type, type Static } from '@sinclair/typebox';
import { validateNationalId } from '../core/ids/index.ts';
import type { Driver } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { checkUbn, compact, companyExists, type FieldErrorSink } from './validate-common.ts';
import { PhoneSchema, checkPhone } from './validate-contact.ts';
import { normalizePlateAt } from './validate-vehicle.ts';

export const DriverSchema = Type.Object(
  {
    nationalId: Type.String({ minLength: 1, maxLength: 10, description: 'National ID or resident certificate number' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    fleetUbn: Type.Optional(Type.String({ maxLength: 8 })),
    rfidCard: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9:-]+$', description: 'Port pass card id; unique' }),
    ),
    plates: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 12 }), { maxItems: 100 })),
    phone: Type.Optional(PhoneSchema('Where the monitoring centre reaches the driver about an alert')),
  },
  { additionalProperties: false },
);
export type DriverBody = Static<typeof DriverSchema>;

export function normalizeDriver(b: DriverBody, prefix: string, errs: FieldErrorSink): Driver {
  const id = validateNationalId(b.nationalId);
  if (!id.ok) errs.add(`${prefix}/nationalId`, id.message, id.code, id.params);
  const seen = new Set<string>();
  const plates = b.plates?.map((p, i) => {
    const plate = normalizePlateAt(p, `${prefix}/plates/${i}`, errs);
    if (seen.has(plate)) errs.add(`${prefix}/plates/${i}`, `${plate} is listed twice`, 'array.twice', { value: plate });
    seen.add(plate);
    return plate;
  });
  return compact({
    nationalId: id.ok ? id.value : b.nationalId,
    name: b.name.trim(),
    fleetUbn: b.fleetUbn === undefined ? undefined : checkUbn(b.fleetUbn, `${prefix}/fleetUbn`, errs),
    // Readers report card ids in either case; one form keeps the uniqueness check honest.
    rfidCard: b.rfidCard?.toUpperCase(),
    plates,
    phone: checkPhone(b.phone, `${prefix}/phone`, errs),
  });
}

/** The fleet exists; every plate is a vehicle the caller manages (`scope`: its company, null for customs). */
export async function checkDriverRefs(q: Queryable, d: Driver, prefix: string, errs: FieldErrorSink, scope: string | null): Promise<void> {
  if (d.fleetUbn && !(await companyExists(q, d.fleetUbn))) errs.add(`${prefix}/fleetUbn`, `no company ${d.fleetUbn}`, 'company.unknown', { ubn: d.fleetUbn });
  if (!d.plates?.length) return;
  const rows = await q.query('select plate, fleet_ubn from vehicles where plate = any($1)', [d.plates]);
  const visible = new Set(rows.filter((r) => scope === null || r.fleet_ubn === scope).map((r) => r.plate as string));
  d.plates.forEach((p, i) => {
    if (!visible.has(p)) errs.add(`${prefix}/plates/${i}`, `no vehicle ${p}`, 'vehicle.unknown', { plate: p });
  });
}
