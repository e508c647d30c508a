// Acting at a facility: storage codes, confirming a transport note, an authorised manual unseal.
//
// A responsible person holds storage codes (監管編號) of their own company only (DOMAIN "Actors":
// "several storage codes of the same operator"). The rule is checked when codes are given
// (src/registry/storage-codes.ts) and again here, when a code is used, so that a code recorded
// before that check, or one whose facility changed operator since, opens nothing at another
// company's facility. A facility with no recorded operator accepts its codes, as the confirmation
// has always allowed.
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import type { Queryable } from '../store/db.ts';
import { bind } from './sql.ts';

export interface CodedFacility {
  operator_ubn: string | null;
  storage_codes: string[];
}

/** Whether the caller holds a storage code of this facility that counts. */
export function holdsStorageCodeAt(p: Principal, f: CodedFacility): boolean {
  if (f.operator_ubn && f.operator_ubn !== p.companyUbn) return false;
  return (f.storage_codes ?? []).some((c) => p.storageCodes.includes(c));
}

/** The same rule as SQL on a facilities alias, with the caller's company and codes as parameters. */
export function holdsStorageCodeSql(alias: string, ubnParam: string, codesParam: string): string {
  return `((${alias}.operator_ubn is null or ${alias}.operator_ubn = ${ubnParam}) and ${alias}.storage_codes && ${codesParam})`;
}

/**
 * A facility the caller answers for: operated by its company, or under a storage code it holds that
 * counts. What a responsible person may act on at its yard (unseal, see pending seals).
 */
export function answersFor(p: Principal, f: CodedFacility): boolean {
  return (!!f.operator_ubn && f.operator_ubn === p.companyUbn) || holdsStorageCodeAt(p, f);
}

/** The same rule on a facilities alias (the caller's company and codes bound as parameters). */
export function answersForWhere(p: Principal, alias: string, params: unknown[]): string {
  const ubn = bind(params, p.companyUbn);
  const codes = `${bind(params, p.storageCodes)}::text[]`;
  return `(${alias}.operator_ubn = ${ubn} or ${holdsStorageCodeSql(alias, ubn, codes)})`;
}

/**
 * Confirming a transport note (a yard authorises only its own registered responsible persons):
 * customs, or a responsible person holding a storage code of the note's origin that counts. The
 * company operating the origin is not enough: the confirmation is a person's, under their code.
 */
export function mayConfirmAt(p: Principal, origin: CodedFacility | null): boolean {
  if (isCustoms(p)) return true;
  return hasRole(p, ['responsible_person']) && !!origin && holdsStorageCodeAt(p, origin);
}

/**
 * An authorised manual unseal: customs on any trip; a responsible person on a trip from or to a
 * facility it answers for (its company's, or under a code it holds).
 */
export function mayUnsealAt(p: Principal, ends: readonly CodedFacility[]): boolean {
  if (isCustoms(p)) return true;
  return hasRole(p, ['responsible_person']) && ends.some((f) => answersFor(p, f));
}

/** The facilities named by these codes, as the rules above read them. */
export async function codedFacilities(q: Queryable, codes: readonly string[]): Promise<(CodedFacility & { code: string })[]> {
  const rows = await q.query('select code, operator_ubn, storage_codes from facilities where code = any($1)', [[...codes]]);
  return rows.map((f) => ({ code: f.code as string, operator_ubn: f.operator_ubn as string | null, storage_codes: (f.storage_codes ?? []) as string[] }));
}


/**
 * Reporting what happens at a facility's gates: customs, or the facility's operator (its lanes and
 * OCR are the operator's).
 */
export function mayOperate(p: Principal, f: { operator_ubn: string | null }): boolean {
  return isCustoms(p) || (!!f.operator_ubn && f.operator_ubn === p.companyUbn);
}
