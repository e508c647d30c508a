// Records a company owns: its users, API keys, webhook subscriptions, audit entries, devices,
// vehicles and drivers, and the company record itself.
//
// Customs supervises every company, so it reads (and, where its roles allow, changes) all of them;
// anybody else only their own company's. Another company's record is answered as if it did not
// exist (404), so that nobody learns which ids, plates or usernames other companies hold.
import { isCustoms, type Principal } from '../auth/roles.ts';
import { bind, type Condition } from './sql.ts';

/** Whether the caller sees (or, as customs, oversees) a record owned by this company. */
export function mayReadOwned(p: Principal, ownerUbn: string | null | undefined): boolean {
  return isCustoms(p) || (!!ownerUbn && ownerUbn === p.companyUbn);
}

/** The same rule on the owner column `<alias>.<column>` (null for customs). */
export function ownedWhere(p: Principal, alias: string, params: unknown[], column = 'company_ubn'): Condition {
  if (isCustoms(p)) return null;
  return `${alias}.${column} = ${bind(params, p.companyUbn)}`;
}

/** The company a list is limited to, or null for all (customs): for queries that take it as a value. */
export function ownedScope(p: Principal): string | null {
  return isCustoms(p) ? null : p.companyUbn;
}
