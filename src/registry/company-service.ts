// Writing companies: checked, stored and audited in one transaction. Who may write them (a customs
// admin) is the API's route guard. The engine keeps no companies, so a write sends it nothing.
import type { Actor } from '../audit/trail.ts';
import { FieldErrors, conflict, notFound } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { getCompany, insertCompany, updateCompany, type CompanyView } from './companies.ts';
import { normalizeCompany, type Company, type CompanyBody } from './validate-company.ts';
import { requireSameId } from './validated.ts';
import { writeAudited } from './write.ts';

function validCompany(body: CompanyBody): Company {
  const errs = new FieldErrors();
  const c = normalizeCompany(body, '/body', errs);
  errs.throwIfAny();
  return c;
}

export async function createCompany(ctx: Platform, actor: Actor, body: CompanyBody): Promise<CompanyView> {
  const c = validCompany(body);
  if (await getCompany(ctx.db, c.ubn)) throw conflict(`Company ${c.ubn} exists`, 'company.exists', { ubn: c.ubn });
  return writeAudited(ctx, actor, async (tx) => {
    const after = await insertCompany(tx, c);
    return { result: after, audit: { action: 'create', resource: 'company', resourceId: c.ubn, after }, inputs: [] };
  });
}

/** Replaces the company `ubn` with the body, which must name it; a contact left out is cleared. */
export async function replaceCompany(ctx: Platform, actor: Actor, ubn: string, body: CompanyBody): Promise<CompanyView> {
  const c = validCompany(body);
  requireSameId(ubn, c.ubn, 'ubn');
  const before = await getCompany(ctx.db, ubn);
  if (!before) throw notFound(`Company ${ubn}`);
  return writeAudited(ctx, actor, async (tx) => {
    const after = (await updateCompany(tx, c)) as CompanyView;
    return { result: after, audit: { action: 'update', resource: 'company', resourceId: ubn, before, after }, inputs: [] };
  });
}
