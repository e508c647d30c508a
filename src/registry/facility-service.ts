// Writing facilities: checked, stored, audited and handed to the engine in one transaction. Who may
// write them (a customs admin) is the API's route guard; see access.ts.
import type { Actor } from '../audit/trail.ts';
import { conflict, notFound, type FieldErrors } from '../core/errors.ts';
import type { Facility } from '../core/types.ts';
import type { Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { deleteFacility, getFacility, insertFacility, routesUsingFacility, updateFacility } from './facilities.ts';
import { requireSameId, validated } from './validated.ts';
import { checkFacilityRefs, normalizeFacility, type FacilityBody } from './validate-facility.ts';
import { engineInput, writeAudited } from './write.ts';

const validFacility = (q: Queryable, body: FacilityBody) =>
  validated(
    q,
    (errs: FieldErrors) => normalizeFacility(body, '/body', errs),
    (f, errs) => checkFacilityRefs(q, f, '/body', errs),
  );

export async function createFacility(ctx: Platform, actor: Actor, body: FacilityBody): Promise<Facility> {
  const f = await validFacility(ctx.db, body);
  if (await getFacility(ctx.db, f.code)) throw conflict(`Facility ${f.code} exists`, 'facility.exists', { code: f.code });
  return writeAudited(ctx, actor, async (tx) => {
    const after = await insertFacility(tx, f);
    return { result: after, audit: { action: 'create', resource: 'facility', resourceId: f.code, after }, inputs: [engineInput('facility', after)] };
  });
}

/** Replaces the facility `code` (as stored: trimmed, upper case) with the body, which must name it. */
export async function replaceFacility(ctx: Platform, actor: Actor, code: string, body: FacilityBody): Promise<Facility> {
  const f = await validFacility(ctx.db, body);
  requireSameId(code, f.code, 'code');
  const before = await getFacility(ctx.db, code);
  if (!before) throw notFound(`Facility ${code}`, 'facility', code);
  return writeAudited(ctx, actor, async (tx) => {
    const after = (await updateFacility(tx, f)) as Facility;
    return { result: after, audit: { action: 'update', resource: 'facility', resourceId: code, before, after }, inputs: [engineInput('facility', after)] };
  });
}

/** Deletes a facility no route uses. */
export async function removeFacility(ctx: Platform, actor: Actor, code: string): Promise<void> {
  const before = await getFacility(ctx.db, code);
  if (!before) throw notFound(`Facility ${code}`, 'facility', code);
  const users = await routesUsingFacility(ctx.db, code);
  if (users.length) throw conflict(`Facility ${code} is used by routes ${users.join(', ')}; change or delete them first`, 'facility.in_use', { code, routes: users.join(', ') });
  await writeAudited(ctx, actor, async (tx) => {
    await deleteFacility(tx, code);
    return { result: null, audit: { action: 'delete', resource: 'facility', resourceId: code, before }, inputs: [engineInput('referenceDeleted', { kind: 'facility', code })] };
  });
}
