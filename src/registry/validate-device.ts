// Devices (CONTRACT section 3): OBUs installed on a vehicle by naming its plate, seals paired to
// an OBU by naming its id. Ids are used in MQTT topics and JT/T 808 phone numbers, so they keep to
// characters that are safe in both.
import { Type, type Static } from '@sinclair/typebox';
import { DEVICE_KINDS, type Device } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { StringEnum, checkEnum, checkUbn, compact, companyExists, type FieldErrorSink } from './validate-common.ts';
import { normalizePlateAt } from './validate-vehicle.ts';

export const DEVICE_ID_PATTERN = '^[A-Za-z0-9._:-]+$';

export const DeviceSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: DEVICE_ID_PATTERN }),
    kind: StringEnum(DEVICE_KINDS),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    plate: Type.Optional(Type.String({ minLength: 1, maxLength: 12, description: 'OBU only: the vehicle it is installed on' })),
    obuId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Seal only: the OBU it is paired to' })),
    supplierUbn: Type.Optional(Type.String({ maxLength: 8 })),
    ownerUbn: Type.Optional(
      Type.String({ maxLength: 8, description: "Company that owns and manages it; defaults to the caller's company" }),
    ),
  },
  { additionalProperties: false },
);
export type DeviceBody = Static<typeof DeviceSchema>;

/** A device as stored: the contract's body plus the owning company. */
export type StoredDevice = Device & { ownerUbn?: string };

export function normalizeDevice(b: DeviceBody, prefix: string, errs: FieldErrorSink): StoredDevice {
  checkEnum(b.kind, DEVICE_KINDS, `${prefix}/kind`, errs);
  if (b.plate !== undefined && b.kind !== 'obu') errs.add(`${prefix}/plate`, 'only an OBU is installed on a vehicle; pair a seal with obuId', 'device.plate_obu_only');
  if (b.obuId !== undefined && b.kind !== 'seal') errs.add(`${prefix}/obuId`, 'only a seal is paired to an OBU', 'device.pair_seal_only');
  if (b.obuId !== undefined && b.obuId === b.id) errs.add(`${prefix}/obuId`, 'a device cannot be paired to itself', 'device.pair_self');
  return compact({
    id: b.id,
    kind: b.kind as Device['kind'],
    model: b.model,
    plate: b.plate === undefined ? undefined : normalizePlateAt(b.plate, `${prefix}/plate`, errs),
    obuId: b.obuId,
    supplierUbn: b.supplierUbn === undefined ? undefined : checkUbn(b.supplierUbn, `${prefix}/supplierUbn`, errs),
    ownerUbn: b.ownerUbn === undefined ? undefined : checkUbn(b.ownerUbn, `${prefix}/ownerUbn`, errs),
  });
}

/**
 * Companies exist; the vehicle and the OBU are ones the caller manages (`scope`: its company, null
 * for customs); anything else is reported as absent, as the API would answer it.
 */
export async function checkDeviceRefs(q: Queryable, d: StoredDevice, prefix: string, errs: FieldErrorSink, scope: string | null): Promise<void> {
  for (const key of ['supplierUbn', 'ownerUbn'] as const) {
    const ubn = d[key];
    if (ubn && !(await companyExists(q, ubn))) errs.add(`${prefix}/${key}`, `no company ${ubn}`, 'company.unknown', { ubn });
  }
  if (d.plate) {
    const [v] = await q.query('select fleet_ubn from vehicles where plate = $1', [d.plate]);
    if (!v || (scope !== null && v.fleet_ubn !== scope)) errs.add(`${prefix}/plate`, `no vehicle ${d.plate}`, 'vehicle.unknown', { plate: String(d.plate) });
  }
  if (d.obuId) {
    const [o] = await q.query('select kind, owner_ubn from devices where id = $1', [d.obuId]);
    if (!o || (scope !== null && o.owner_ubn !== scope)) errs.add(`${prefix}/obuId`, `no device ${d.obuId}`, 'device.unknown', { id: String(d.obuId) });
    else if (o.kind !== 'obu') errs.add(`${prefix}/obuId`, `${d.obuId} is a ${o.kind}, not an OBU`, 'device.not_obu', { id: String(d.obuId), kind: String(o.kind) });
  }
}
