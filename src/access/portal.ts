// The portal (入口網): who files, reads and decides applications, who publishes, who follows a
// declaration.
//
// - What customs publishes (announcements, downloads) and the lists it publishes (certified device
//   models, fleets meeting the requirements) are public: the trade reads them before it has an account.
// - An application belongs to the company that filed it: its people see it, at every step, and
//   nobody else but customs (another company's is answered 404, as if it did not exist). Each kind
//   is filed by the roles whose business it is: a fleet registration by a fleet operator, a device
//   type approval by a supplier, an account or permission request by any person of a company.
// - Customs reviews and decides (officers and admins); only a customs admin publishes.
// - A declaration is followed by a trader for itself (its own subscriptions only).
import { hasRole, isCustoms, type Principal, type Role } from '../auth/roles.ts';
import { mayReadOwned } from './company.ts';
import { bind, type Condition } from './sql.ts';

export const APPLICATION_KINDS = ['account', 'fleet', 'type_approval'] as const;
export type PortalApplicationKind = (typeof APPLICATION_KINDS)[number];

/** Who files each kind, for their own company. */
export const APPLICANTS: Record<PortalApplicationKind, readonly Role[]> = {
  account: ['yard_operator', 'responsible_person', 'fleet_operator', 'driver', 'trader', 'supplier'],
  fleet: ['fleet_operator'],
  type_approval: ['supplier'],
};
/** Everybody of the trade who may read its company's applications. */
export const APPLICATION_READERS: readonly Role[] = ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person', 'fleet_operator', 'driver', 'trader', 'supplier'];
export const APPLICATION_DECIDERS: readonly Role[] = ['customs_admin', 'customs_officer'];
export const PUBLISHERS: readonly Role[] = ['customs_admin'];
export const FOLLOWERS: readonly Role[] = ['trader'];

/** Whether `p` may file an application of this kind (always for its own company). */
export function mayApply(p: Principal, kind: PortalApplicationKind): boolean {
  return p.kind === 'user' && hasRole(p, APPLICANTS[kind]);
}

export function mayReadPortalApplication(p: Principal, companyUbn: string): boolean {
  return mayReadOwned(p, companyUbn);
}

/** The same rule on a portal_applications row `<alias>` (null for customs). */
export function portalApplicationsWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  return `${alias}.company_ubn = ${bind(params, p.companyUbn)}`;
}
