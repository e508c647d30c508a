// Writing devices (OBUs and e-seals): checked against the caller's rights, stored with the OBU
// link, audited and handed to the engine in one transaction. A device belongs to an owner company;
// another company's device is as unknown as one that does not exist (see access.ts).
import type { Actor } from '../audit/trail.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { conflict, forbidden, notFound } from '../core/errors.ts';
import type { NewInput, Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { DEVICE_WRITERS, ownedScope, mayWriteFor, mayReadOwned } from '../access/policy.ts';
import { newDeviceSecret, rotateDeviceSecret } from './device-credentials.ts';
import { deleteDevice, getDevice, getDevices, insertDevice, updateDevice } from './devices.ts';
import { devicesWithNumber } from './jt808-terminals.ts';
import { linkFromDevice, type Changed } from './obu-link.ts';
import { requireSameId, validated } from './validated.ts';
import { checkDeviceRefs, normalizeDevice, type DeviceBody, type StoredDevice } from './validate-device.ts';
import { getVehicle, getVehicles } from './vehicles.ts';
import { engineInput, writeAudited } from './write.ts';

/**
 * The owner when the body names none: the caller's company; for customs, the stored owner on a
 * PUT, else the fleet of the vehicle the OBU is installed on.
 */
async function defaultOwner(q: Queryable, p: Principal, d: StoredDevice, keep?: string): Promise<string | undefined> {
  if (!isCustoms(p)) return p.companyUbn;
  if (keep) return keep;
  return d.plate ? (await getVehicle(q, d.plate))?.fleetUbn : undefined;
}

async function validDevice(q: Queryable, p: Principal, body: DeviceBody, keepOwner?: string): Promise<StoredDevice> {
  const d = await validated(
    q,
    (errs) => normalizeDevice(body, '/body', errs),
    (d, errs) => checkDeviceRefs(q, d, '/body', errs, ownedScope(p)),
  );
  d.ownerUbn ??= await defaultOwner(q, p, d, keepOwner);
  if (!isCustoms(p) && p.roles.includes('supplier')) d.supplierUbn ??= p.companyUbn;
  if (!mayWriteFor(p, DEVICE_WRITERS, d.ownerUbn)) throw forbidden('You may only register devices owned by your own company', 'company.own_only', { ubn: String(p.companyUbn) });
  return d;
}

/** The device just written and whatever the OBU link changed besides it, for the engine. */
async function inputsAfter(q: Queryable, id: string, changed: Changed): Promise<{ after: StoredDevice; inputs: NewInput[] }> {
  const after = (await getDevice(q, id)) as StoredDevice;
  const devices = await getDevices(q, changed.devices.filter((x) => x !== id));
  const vehicles = await getVehicles(q, changed.plates);
  return {
    after,
    inputs: [engineInput('device', after), ...devices.map((d) => engineInput('device', d)), ...vehicles.map((v) => engineInput('vehicle', v))],
  };
}

/** The device `id` as the caller may change it: another company's is not found. */
async function ownDevice(ctx: Platform, p: Principal, id: string): Promise<StoredDevice> {
  const before = await getDevice(ctx.db, id);
  if (!before || !mayReadOwned(p, before.ownerUbn)) throw notFound(`Device ${id}`, 'device', id);
  return before;
}

const NO_LINK: Changed = { plates: [], devices: [] };

/** Registers a device; its credential secret is returned this once (only its hash is stored). */
export async function createDevice(ctx: Platform, actor: Actor, p: Principal, body: DeviceBody): Promise<StoredDevice & { secret: string }> {
  const d = await validDevice(ctx.db, p, body);
  if (await getDevice(ctx.db, d.id)) throw conflict(`Device ${d.id} exists`, 'device.exists', { id: d.id });
  const [twin] = await devicesWithNumber(ctx.db, d.id);
  if (twin) {
    throw conflict(`Device ${twin} has the same JT/T 808 terminal number as ${d.id}: ids that differ only in leading zeros name one terminal`, 'device.same_terminal', { id: d.id, twin });
  }
  const { secret, hash } = newDeviceSecret();
  const saved = await writeAudited(ctx, actor, async (tx) => {
    await insertDevice(tx, d, hash);
    const changed = d.kind === 'obu' ? await linkFromDevice(tx, d.id, d.plate ?? null) : NO_LINK;
    const { after, inputs } = await inputsAfter(tx, d.id, changed);
    return { result: after, audit: { action: 'create', resource: 'device', resourceId: d.id, after }, inputs };
  });
  return { ...saved, secret };
}

export async function replaceDevice(ctx: Platform, actor: Actor, p: Principal, id: string, body: DeviceBody): Promise<StoredDevice> {
  const before = await ownDevice(ctx, p, id);
  const d = await validDevice(ctx.db, p, body, before.ownerUbn);
  requireSameId(id, d.id, 'id');
  // An OBU turning into a seal would strand its vehicle and seals: register it anew instead.
  if (d.kind !== before.kind) throw conflict(`Device ${id} is a ${before.kind}; delete it and register it again to change its kind`, 'device.kind_fixed', { id, kind: before.kind });
  return writeAudited(ctx, actor, async (tx) => {
    await updateDevice(tx, d);
    const changed = d.kind === 'obu' ? await linkFromDevice(tx, id, d.plate ?? null) : NO_LINK;
    const { after, inputs } = await inputsAfter(tx, id, changed);
    return { result: after, audit: { action: 'update', resource: 'device', resourceId: id, before, after }, inputs };
  });
}

/** Gives the device a new credential secret, returned this once. */
export async function rotateSecret(ctx: Platform, actor: Actor, p: Principal, id: string): Promise<string | null> {
  await ownDevice(ctx, p, id);
  return writeAudited(ctx, actor, async (tx) => ({
    result: await rotateDeviceSecret(tx, id),
    // The secret itself never enters the audit trail.
    audit: { action: 'rotate_secret', resource: 'device', resourceId: id },
    inputs: [],
  }));
}

/** Deletes a device; the vehicle and devices linked to it are updated for the engine. */
export async function removeDevice(ctx: Platform, actor: Actor, p: Principal, id: string): Promise<void> {
  const before = await ownDevice(ctx, p, id);
  await writeAudited(ctx, actor, async (tx) => {
    const changed = await deleteDevice(tx, id);
    const inputs = [
      engineInput('referenceDeleted', { kind: 'device', code: id }),
      ...(await getVehicles(tx, changed.plates)).map((v) => engineInput('vehicle', v)),
      ...(await getDevices(tx, changed.devices)).map((d) => engineInput('device', d)),
    ];
    return { result: null, audit: { action: 'delete', resource: 'device', resourceId: id, before }, inputs };
  });
}
