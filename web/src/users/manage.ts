// Which accounts the console offers to manage: the server's rule (src/api/routes/users.ts mayGrant),
// mirrored so that buttons appear only where they will work. The server decides either way.
import type { User } from '../api/types.ts';

const DELEGABLE: Record<string, string[]> = {
  yard_operator: ['yard_operator', 'responsible_person'],
  fleet_operator: ['fleet_operator', 'driver'],
};

export const MANAGER_ROLES = ['customs_admin', 'yard_operator', 'fleet_operator'];

export function isManager(me: Pick<User, 'roles'>): boolean {
  return me.roles.some((r) => MANAGER_ROLES.includes(r));
}

export function mayManage(me: Pick<User, 'id' | 'roles' | 'companyUbn'>, u: Pick<User, 'roles' | 'companyUbn'>): boolean {
  if (me.roles.includes('customs_admin')) return true;
  if (u.companyUbn !== me.companyUbn) return false;
  const allowed = new Set(me.roles.flatMap((r) => DELEGABLE[r] ?? []));
  return u.roles.every((r) => allowed.has(r));
}
