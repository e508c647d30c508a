// Who sees violation cases (違規案件) and service-desk tickets.
//
// - Cases: customs reads and writes every case. A judicial principal reads (never writes) the
//   cases customs referred to its company, and their evidence package: a referral is the decision
//   to share a case, and nothing else of the case register is the judiciary's business. Everyone
//   else sees no case.
// - Tickets: customs (the desk and the monitoring centre are customs) reads and handles every
//   ticket; anyone else reads the tickets its own company raised, and may add to them.
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import { referredToCaller, referredWhere } from './referrals.ts';
import { bind, type Condition } from './sql.ts';

/** Whether this caller may read a case referred to these judicial companies. */
export function mayReadCase(p: Principal, referredTo: readonly string[]): boolean {
  return isCustoms(p) || referredToCaller(p, referredTo);
}

/** Whether this caller may change cases (create, note, refer, set the outcome): customs only. */
export const mayWriteCases = (p: Principal): boolean => isCustoms(p);

/** The roles that reach the case routes at all (the rule above then narrows judicial callers). */
export const CASE_READERS = ['customs_admin', 'customs_officer', 'judicial'] as const;

/** Cases (`<alias>`: a cases row) this caller sees; null for customs, `false` for none. */
export function casesWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  if (!hasRole(p, ['judicial'])) return 'false';
  return referredWhere(p, [['case', `${alias}.id`]], params) ?? 'false';
}

/** Whether this caller may read a ticket raised by `reporterCompany`. */
export function mayReadTicket(p: Principal, reporterCompany: string): boolean {
  return isCustoms(p) || p.companyUbn === reporterCompany;
}

/** Whether this caller handles tickets (assign, change status): the desk and monitoring centre. */
export const mayHandleTickets = (p: Principal): boolean => isCustoms(p);

/** Tickets (`<alias>`: a tickets row) this caller sees; null for customs. */
export function ticketsWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  return `${alias}.reporter_company = ${bind(params, p.companyUbn)}`;
}
