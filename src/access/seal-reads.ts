// Passive seal reads (CONTRACT section 8): who may record them, and who sees them.
//
// Recording a read is evidence about a container under customs control, so it is taken by those
// who answer for the place it is read at: customs anywhere (an officer at a roadside check, a
// handheld); a yard's staff (`yard_operator`: its gates and lane readers) at the facilities their
// company operates; a responsible person (專責人員) at the facilities they answer for (their
// company's, or under a storage code they hold). A driver may not: the driver carries the cargo,
// and a read of the seal by its own carrier attests nothing. An API key acts with its roles, so a
// lane reader is a yard's key and a customs handheld a customs key.
//
// A read is seen by customs, by the company that recorded it, and by whoever may see the transport
// note it was taken under (notes.ts).
import { hasRole, isCustoms, type Principal, type Role } from '../auth/roles.ts';
import { answersFor, type CodedFacility } from './facilities.ts';

export const SEAL_READ_ROLES: readonly Role[] = ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'];

export function mayRecordSealReads(p: Principal): boolean {
  return hasRole(p, SEAL_READ_ROLES);
}

/** Whether the caller may record a read at this facility (null: placed by position only, customs alone). */
export function mayRecordSealReadAt(p: Principal, f: CodedFacility | null): boolean {
  if (isCustoms(p)) return true;
  if (f === null) return false;
  if (hasRole(p, ['yard_operator']) && !!f.operator_ubn && f.operator_ubn === p.companyUbn) return true;
  return hasRole(p, ['responsible_person']) && answersFor(p, f);
}

/** A stored read as the visibility rule reads it; `noteVisible` is the note rule's answer for its CN. */
export function maySeeSealRead(p: Principal, read: { company_ubn?: string | null }, noteVisible: boolean): boolean {
  return isCustoms(p) || (!!read.company_ubn && read.company_ubn === p.companyUbn) || noteVisible;
}
