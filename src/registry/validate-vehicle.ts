// Vehicles (CONTRACT section 3): the plate as stored (upper case, no "-"), kind, G14E4 category and
// the fleet that runs it.
import { Type, type Static } from '@sinclair/typebox';
import { validatePlate } from '../core/ids/index.ts';
import { VEHICLE_KINDS, type Vehicle } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { StringEnum, checkEnum, checkUbn, compact, companyExists, type FieldErrorSink } from './validate-common.ts';

export const VehicleSchema = Type.Object(
  {
    plate: Type.String({ minLength: 1, maxLength: 12, description: 'Stored upper case without "-": KNA-6001 → KNA6001' }),
    kind: StringEnum(VEHICLE_KINDS),
    category: Type.Integer({ minimum: 1, maximum: 7, description: 'G14E4 transport-tool category' }),
    fleetUbn: Type.Optional(Type.String({ maxLength: 8 })),
    obuId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'OBU installed on it (also set by registering the OBU with this plate)' })),
  },
  { additionalProperties: false },
);
export type VehicleBody = Static<typeof VehicleSchema>;

/** A plate as stored, or the input unchanged after reporting why it is not a plate. */
export function normalizePlateAt(plate: string, path: string, errs: FieldErrorSink): string {
  const r = validatePlate(plate);
  if (!r.ok) errs.add(path, r.message, r.code, r.params);
  return r.ok ? r.value : plate;
}

export function normalizeVehicle(b: VehicleBody, prefix: string, errs: FieldErrorSink): Vehicle {
  checkEnum(b.kind, VEHICLE_KINDS, `${prefix}/kind`, errs);
  return compact({
    plate: normalizePlateAt(b.plate, `${prefix}/plate`, errs),
    kind: b.kind as Vehicle['kind'],
    category: b.category,
    fleetUbn: b.fleetUbn === undefined ? undefined : checkUbn(b.fleetUbn, `${prefix}/fleetUbn`, errs),
    obuId: b.obuId,
  });
}

/**
 * The fleet exists; the OBU is a registered OBU the caller manages (`scope` is the caller's company,
 * or null for customs).
 */
export async function checkVehicleRefs(q: Queryable, v: Vehicle, prefix: string, errs: FieldErrorSink, scope: string | null): Promise<void> {
  if (v.fleetUbn && !(await companyExists(q, v.fleetUbn))) errs.add(`${prefix}/fleetUbn`, `no company ${v.fleetUbn}`, 'company.unknown', { ubn: v.fleetUbn });
  if (v.obuId) {
    const [d] = await q.query('select kind, owner_ubn from devices where id = $1', [v.obuId]);
    if (!d || (scope !== null && d.owner_ubn !== scope)) errs.add(`${prefix}/obuId`, `no device ${v.obuId}`, 'device.unknown', { id: String(v.obuId) });
    else if (d.kind !== 'obu') errs.add(`${prefix}/obuId`, `${v.obuId} is a ${d.kind}, not an OBU`, 'device.not_obu', { id: String(v.obuId), kind: String(d.kind) });
  }
}
