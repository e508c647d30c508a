// Who sees an application for the offline-unseal permission: customs (who decides on it), the
// person who applied, and the yard operators of that person's company (who vouch for their staff).
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import { bind, type Condition } from './sql.ts';

export interface ApplicationRecord {
  userId: string;
  companyUbn: string;
}

export function mayReadApplication(p: Principal, a: ApplicationRecord): boolean {
  if (isCustoms(p) || a.userId === p.id) return true;
  return hasRole(p, ['yard_operator']) && a.companyUbn === p.companyUbn;
}

/** The same rule on an offline_unseal_applications row `<alias>` (null for customs). */
export function applicationsWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  const own = `${alias}.user_id = ${bind(params, p.id)}`;
  if (!hasRole(p, ['yard_operator'])) return own;
  return `(${own} or ${alias}.company_ubn = ${bind(params, p.companyUbn)})`;
}
