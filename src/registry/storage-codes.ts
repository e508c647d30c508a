// Storage codes (監管編號) and who may hold them. A responsible person holds storage codes of their
// own company only (DOMAIN "Actors": "several storage codes of the same operator"): codes served by
// facilities that company operates. The rule is enforced twice:
// - when codes are given to a person (POST /users, PUT /responsible-persons/{id}/storage-codes), for
//   every creator, a customs admin included: customs may give a person any code of that person's
//   company, never another company's, since a code opens that facility's CNs, photos and seals;
// - when a code is used, so that a code recorded before this rule, or one whose facility changed
//   operator since, opens nothing at another company's facility.
import type { Queryable } from '../store/db.ts';
import type { FieldErrorSink } from './validate-common.ts';

/** Storage codes served by facilities the company operates. */
export async function companyStorageCodes(q: Queryable, ubn: string): Promise<Set<string>> {
  const rows = await q.query('select distinct unnest(storage_codes) as code from facilities where operator_ubn = $1', [ubn]);
  return new Set(rows.map((r) => r.code as string));
}

/** Normalised codes for a person of `ubn`; every duplicate or foreign code is a field error. */
export async function checkStorageCodes(q: Queryable, raw: string[], ubn: string, path: string, errs: FieldErrorSink): Promise<string[]> {
  const codes = raw.map((c) => c.trim().toUpperCase());
  const served = codes.length ? await companyStorageCodes(q, ubn) : new Set<string>();
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i) errs.add(`${path}/${i}`, `${c} is listed twice`, 'storage_code.twice', { code: c });
    else if (!served.has(c)) errs.add(`${path}/${i}`, `no facility of company ${ubn} serves storage code ${c}`, 'storage_code.not_served', { code: c, ubn });
  });
  return codes;
}

// Using a code (whether it counts at a facility) is a rule of the access policy.
