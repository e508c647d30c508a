// Who sees container movements, clearances and lanes (CONTRACT section 9).
//
// - A declaration's status (the trader query) is for customs and for the importer named on its
//   clearance: the trader follows its own goods; anyone else learns nothing, not even that the
//   declaration exists (404).
// - A container's whole history, the movement exception list and the lanes' passages and holds
//   are customs' work: they join every company's data (clearance, yard, gate and trip).
// - Port traffic (passages per hour and holds per facility and lane) is an aggregate without
//   plates or containers: every signed-in caller may read it (the portal's traffic status page).
// - Clearances are sent by the customs clearance system (a customs key); yard events by the
//   terminal operating system of the facility (its operator's yard key) or customs.
import { isCustoms, type Principal } from '../auth/roles.ts';

export function mayReadDeclaration(p: Principal, clearance: { importerUbn: string | null }): boolean {
  if (isCustoms(p)) return true;
  return clearance.importerUbn !== null && clearance.importerUbn === p.companyUbn;
}

export function mayReadMovements(p: Principal): boolean {
  return isCustoms(p);
}

/** An officer releases or refuses a held lane passage. */
export function mayDecideHold(p: Principal): boolean {
  return isCustoms(p);
}
