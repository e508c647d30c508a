// Writing companies: checked, stored and audited in one transaction. Who may write a whole company
// (a customs admin) is the API's route guard; who may keep its contact current is the access policy's
// (src/access/registry.ts), checked here. The engine keeps no companies, so a write sends it nothing.
import { CONTACT_KEEPERS, mayKeepContact, mayReadOwned } from '../access/policy.ts';
import type { Actor } from '../audit/trail.ts';
import type { CompanyRole, Principal } from '../auth/roles.ts';
import { FieldErrors, conflict, forbidden, notFound } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { getCompany, insertCompany, updateCompany, updateCompanyContact, type CompanyView } from './companies.ts';
import { roleInUse } from './company-role-uses.ts';
import { normalizeCompany, normalizeCompanyContact, type Company, type CompanyBody, type CompanyContactBody } from './validate-company.ts';
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

/**
 * Replaces the company `ubn` with the body, which must name it; a contact left out is cleared. A
 * role is taken away only when nothing still uses it (src/registry/company-role-uses.ts), checked
 * in the write's transaction against the roles stored there.
 */
export async function replaceCompany(ctx: Platform, actor: Actor, ubn: string, body: CompanyBody): Promise<CompanyView> {
  const c = validCompany(body);
  requireSameId(ubn, c.ubn, 'ubn');
  const before = await getCompany(ctx.db, ubn);
  if (!before) throw notFound(`Company ${ubn}`, 'company', ubn);
  return writeAudited(ctx, actor, async (tx) => {
    const stored = (await getCompany(tx, ubn)) ?? before;
    await refuseRoleInUse(tx, ubn, stored.roles.filter((r) => !c.roles.includes(r)));
    const after = (await updateCompany(tx, c)) as CompanyView;
    return { result: after, audit: { action: 'update', resource: 'company', resourceId: ubn, before, after }, inputs: [] };
  });
}

/** Refuses taking `removed` roles from company `ubn` while its records or accounts still use one. */
async function refuseRoleInUse(q: Queryable, ubn: string, removed: CompanyRole[]): Promise<void> {
  const inUse = await roleInUse(q, ubn, removed);
  if (!inUse) return;
  const words = inUse.uses.map((u) => u.words);
  const listed = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0];
  throw conflict(`Company ${ubn} still has ${listed} under role ${inUse.role}; move or delete them first`, 'company.role_in_use', {
    ubn,
    role: inUse.role,
    uses: inUse.uses.map((u) => `${u.code}:${u.count}`).join(', '),
  });
}

/**
 * Sets whom the monitoring centre calls at company `ubn` (a contact left out or null is cleared);
 * its name and roles are not touched. Another company's is not found, as it is to read.
 */
export async function replaceCompanyContact(ctx: Platform, actor: Actor, p: Principal, ubn: string, body: CompanyContactBody): Promise<CompanyView> {
  const before = mayReadOwned(p, ubn) ? await getCompany(ctx.db, ubn) : undefined;
  if (!before) throw notFound(`Company ${ubn}`, 'company', ubn);
  if (!mayKeepContact(p, ubn)) {
    throw forbidden(`This needs one of the roles: ${CONTACT_KEEPERS.join(', ')}`, 'role.forbidden', { roles: CONTACT_KEEPERS.join(', ') });
  }
  const errs = new FieldErrors();
  const contact = normalizeCompanyContact(body, '/body', errs);
  errs.throwIfAny();
  return writeAudited(ctx, actor, async (tx) => {
    const after = (await updateCompanyContact(tx, ubn, contact)) as CompanyView;
    return { result: after, audit: { action: 'set_contact', resource: 'company', resourceId: ubn, before, after }, inputs: [] };
  });
}
