// Writing fleet drivers: checked against the caller's rights, stored, audited and handed to the
// engine in one transaction. Same rules as vehicles (see access.ts); an RFID card names one driver.
import type { Actor } from '../audit/trail.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { conflict, forbidden, notFound } from '../core/errors.ts';
import type { Driver } from '../core/types.ts';
import type { Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { FLEET_WRITERS, ownedScope, mayWriteFor, mayReadOwned } from '../access/policy.ts';
import { deleteDriver, engineDriver, getDriver, insertDriver, rfidCardHolder, updateDriver } from './drivers.ts';
import { requireSameId, validated } from './validated.ts';
import { checkDriverRefs, normalizeDriver, type DriverBody } from './validate-driver.ts';
import { engineInput, writeAudited } from './write.ts';

/** As for vehicles: a fleet operator's driver is its own company's; customs keeps the stored fleet if omitted. */
async function validDriver(q: Queryable, p: Principal, body: DriverBody, keepFleet?: string): Promise<Driver> {
  const d = await validated(
    q,
    (errs) => {
      const d = normalizeDriver(body, '/body', errs);
      d.fleetUbn ??= isCustoms(p) ? keepFleet : p.companyUbn;
      if (!mayWriteFor(p, FLEET_WRITERS, d.fleetUbn)) throw forbidden('A fleet operator may only register drivers of its own company', 'company.own_only', { ubn: String(p.companyUbn) });
      return d;
    },
    (d, errs) => checkDriverRefs(q, d, '/body', errs, ownedScope(p)),
  );
  if (d.rfidCard) {
    const holder = await rfidCardHolder(q, d.rfidCard);
    if (holder && holder !== d.nationalId) throw conflict(`RFID card ${d.rfidCard} is registered to another driver`, 'rfid_card.taken', { card: d.rfidCard });
  }
  return d;
}

/** The driver `id` as the caller may change them: another company's is not found. */
async function ownDriver(ctx: Platform, p: Principal, id: string): Promise<Driver> {
  const before = await getDriver(ctx.db, id);
  if (!before || !mayReadOwned(p, before.fleetUbn)) throw notFound(`Driver ${id}`, 'driver', id);
  return before;
}

export async function createDriver(ctx: Platform, actor: Actor, p: Principal, body: DriverBody): Promise<Driver> {
  const d = await validDriver(ctx.db, p, body);
  if (await getDriver(ctx.db, d.nationalId)) throw conflict(`Driver ${d.nationalId} exists`, 'driver.exists', { nationalId: d.nationalId });
  return writeAudited(ctx, actor, async (tx) => {
    await insertDriver(tx, d);
    const after = (await getDriver(tx, d.nationalId)) as Driver;
    return { result: after, audit: { action: 'create', resource: 'driver', resourceId: d.nationalId, after }, inputs: [engineInput('driver', engineDriver(after))] };
  });
}

/** Replaces the driver `id` (normalised) with the body, which must name them. */
export async function replaceDriver(ctx: Platform, actor: Actor, p: Principal, id: string, body: DriverBody): Promise<Driver> {
  const before = await ownDriver(ctx, p, id);
  const d = await validDriver(ctx.db, p, body, before.fleetUbn);
  requireSameId(id, d.nationalId, 'nationalId');
  return writeAudited(ctx, actor, async (tx) => {
    await updateDriver(tx, d);
    const after = (await getDriver(tx, id)) as Driver;
    return { result: after, audit: { action: 'update', resource: 'driver', resourceId: id, before, after }, inputs: [engineInput('driver', engineDriver(after))] };
  });
}

export async function removeDriver(ctx: Platform, actor: Actor, p: Principal, id: string): Promise<void> {
  const before = await ownDriver(ctx, p, id);
  await writeAudited(ctx, actor, async (tx) => {
    await deleteDriver(tx, id);
    return { result: null, audit: { action: 'delete', resource: 'driver', resourceId: id, before }, inputs: [engineInput('referenceDeleted', { kind: 'driver', code: id })] };
  });
}
