// Writing fleet vehicles: checked against the caller's rights, stored with the OBU link, audited
// and handed to the engine in one transaction. A fleet operator writes its own company's vehicles;
// another company's is as unknown as one that does not exist (see access.ts).
import type { Actor } from '../audit/trail.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { conflict, forbidden, notFound } from '../core/errors.ts';
import type { Vehicle } from '../core/types.ts';
import type { NewInput, Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { FLEET_WRITERS, ownedScope, mayWriteFor, mayReadOwned } from '../access/policy.ts';
import { getDevices } from './devices.ts';
import { engineDriver, getDrivers } from './drivers.ts';
import { linkFromVehicle, type Changed } from './obu-link.ts';
import { requireSameId, validated } from './validated.ts';
import { checkVehicleRefs, normalizeVehicle, type VehicleBody } from './validate-vehicle.ts';
import { deleteVehicle, getVehicle, getVehicles, insertVehicle, updateVehicle } from './vehicles.ts';
import { engineInput, writeAudited } from './write.ts';

/**
 * Checks a body from this caller: a fleet operator's vehicle is its own company's (an omitted
 * fleetUbn means its own; another company's is forbidden). `keepFleet` is the stored fleet on a
 * replacement by customs, kept when the body leaves it out.
 */
async function validVehicle(q: Queryable, p: Principal, body: VehicleBody, keepFleet?: string): Promise<Vehicle> {
  return validated(
    q,
    (errs) => {
      const v = normalizeVehicle(body, '/body', errs);
      v.fleetUbn ??= isCustoms(p) ? keepFleet : p.companyUbn;
      if (!mayWriteFor(p, FLEET_WRITERS, v.fleetUbn)) throw forbidden('A fleet operator may only register vehicles of its own company', 'company.own_only', { ubn: String(p.companyUbn) });
      return v;
    },
    (v, errs) => checkVehicleRefs(q, v, '/body', errs, ownedScope(p)),
  );
}

/** The vehicle just written and whatever the OBU link changed besides it, for the engine. */
async function inputsAfter(q: Queryable, plate: string, changed: Changed): Promise<{ after: Vehicle; inputs: NewInput[] }> {
  const after = (await getVehicle(q, plate)) as Vehicle;
  const others = await getVehicles(q, changed.plates.filter((x) => x !== plate));
  const devices = await getDevices(q, changed.devices);
  return {
    after,
    inputs: [engineInput('vehicle', after), ...others.map((v) => engineInput('vehicle', v)), ...devices.map((d) => engineInput('device', d))],
  };
}

/** The vehicle `plate` as the caller may change it: another company's is not found. */
async function ownVehicle(ctx: Platform, p: Principal, plate: string): Promise<Vehicle> {
  const before = await getVehicle(ctx.db, plate);
  if (!before || !mayReadOwned(p, before.fleetUbn)) throw notFound(`Vehicle ${plate}`, 'vehicle', plate);
  return before;
}

export async function createVehicle(ctx: Platform, actor: Actor, p: Principal, body: VehicleBody): Promise<Vehicle> {
  const v = await validVehicle(ctx.db, p, body);
  if (await getVehicle(ctx.db, v.plate)) throw conflict(`Vehicle ${v.plate} exists`, 'vehicle.exists', { plate: v.plate });
  return writeAudited(ctx, actor, async (tx) => {
    await insertVehicle(tx, v);
    const { after, inputs } = await inputsAfter(tx, v.plate, await linkFromVehicle(tx, v.plate, v.obuId ?? null));
    return { result: after, audit: { action: 'create', resource: 'vehicle', resourceId: v.plate, after }, inputs };
  });
}

/** Replaces the vehicle `plate` (normalised) with the body, which must name it. */
export async function replaceVehicle(ctx: Platform, actor: Actor, p: Principal, plate: string, body: VehicleBody): Promise<Vehicle> {
  const before = await ownVehicle(ctx, p, plate);
  const v = await validVehicle(ctx.db, p, body, before.fleetUbn);
  requireSameId(plate, v.plate, 'plate');
  return writeAudited(ctx, actor, async (tx) => {
    await updateVehicle(tx, v);
    const { after, inputs } = await inputsAfter(tx, plate, await linkFromVehicle(tx, plate, v.obuId ?? null));
    return { result: after, audit: { action: 'update', resource: 'vehicle', resourceId: plate, before, after }, inputs };
  });
}

export async function removeVehicle(ctx: Platform, actor: Actor, p: Principal, plate: string): Promise<void> {
  const before = await ownVehicle(ctx, p, plate);
  await writeAudited(ctx, actor, async (tx) => {
    const changed = await deleteVehicle(tx, plate);
    // The engine forgets the vehicle; the OBU and drivers that lost it are updated.
    const inputs = [
      engineInput('referenceDeleted', { kind: 'vehicle', code: plate }),
      ...(await getDevices(tx, changed.devices)).map((d) => engineInput('device', d)),
      ...(await getDrivers(tx, changed.drivers)).map((d) => engineInput('driver', engineDriver(d))),
    ];
    return { result: null, audit: { action: 'delete', resource: 'vehicle', resourceId: plate, before }, inputs };
  });
}
