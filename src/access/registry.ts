// Who may read and write which registry records (see docs in each route plugin's header).
//
// - Facilities and routes are shared reference data: the roles named on their routes read them
//   (yards need station codes, fleets their routes); only a customs admin changes them.
// - Vehicles and drivers belong to a fleet (fleetUbn). Customs reads all and a customs admin writes
//   all; a fleet operator writes its own company's. Lists are always scoped to the caller's company
//   unless the caller is customs (company.ts). A yard (yard operator or responsible person) may
//   fetch any single vehicle or driver by plate or national ID, because it checks the ones named on
//   a transport note at the gate, but it cannot enumerate fleets. Anyone else sees only their own
//   company's; another company's record is answered 404, as if it did not exist.
// - Devices belong to an owner company: its fleet operators and suppliers manage them; customs reads
//   all and a customs admin writes all. Other roles have no business with devices (403).
// - A company's record (name, roles) is written by a customs admin. Its contact for the monitoring
//   centre is also kept current by the company's own people who run its operations; a driver is
//   not one of them (403), and another company's contact is answered 404, as its record is.
import { hasRole, type Principal, type Role } from '../auth/roles.ts';
import { mayReadOwned } from './company.ts';

export const REFERENCE_WRITERS: readonly Role[] = ['customs_admin'];
export const FLEET_WRITERS: readonly Role[] = ['customs_admin', 'fleet_operator'];
export const DEVICE_READERS: readonly Role[] = ['customs_admin', 'customs_officer', 'fleet_operator', 'supplier'];
export const DEVICE_WRITERS: readonly Role[] = ['customs_admin', 'fleet_operator', 'supplier'];
/** Who keeps a company's contact for the monitoring centre current (their own company's, or any for a customs admin). */
export const CONTACT_KEEPERS: readonly Role[] = ['customs_admin', 'fleet_operator', 'yard_operator', 'responsible_person', 'trader', 'supplier'];
/** Roles that check vehicles and drivers named on transport notes at the gate. */
export const GATE_CHECKERS: readonly Role[] = ['yard_operator', 'responsible_person'];

export const isCustomsAdmin = (p: Principal) => hasRole(p, ['customs_admin']);

/** Single vehicle or driver lookups: owners, customs and yards checking a transport note. */
export function mayReadFleetRecord(p: Principal, fleetUbn: string | null | undefined): boolean {
  return mayReadOwned(p, fleetUbn) || hasRole(p, GATE_CHECKERS);
}

/** Writing a record for this company: a customs admin for anyone, else a writer of that company. */
export function mayWriteFor(p: Principal, writers: readonly Role[], ubn: string | null | undefined): boolean {
  if (isCustomsAdmin(p)) return true;
  const own = writers.filter((r) => r !== 'customs_admin');
  return hasRole(p, own) && !!ubn && ubn === p.companyUbn;
}

/** Changing the contact of company `ubn`: a customs admin for any, else a contact keeper of that company. */
export function mayKeepContact(p: Principal, ubn: string): boolean {
  return mayWriteFor(p, CONTACT_KEEPERS, ubn);
}
