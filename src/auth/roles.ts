// People's and systems' roles, and the companies' roles they belong to (DOMAIN.md "Actors").
export const ROLES = [
  'customs_admin',
  'customs_officer',
  'yard_operator',
  'responsible_person',
  'fleet_operator',
  'driver',
  'trader',
  'supplier',
  'judicial',
] as const;
export type Role = (typeof ROLES)[number];

export const COMPANY_ROLES = ['customs', 'yard', 'fleet', 'trader', 'supplier', 'shipping_line', 'judicial'] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];

export const CUSTOMS_ROLES: readonly Role[] = ['customs_admin', 'customs_officer'];

export interface Principal {
  kind: 'user' | 'key';
  id: string;
  name: string;
  companyUbn: string;
  roles: Role[];
  /** Responsible persons: the storage codes they may confirm for. */
  storageCodes: string[];
}

export function hasRole(p: Principal, roles: readonly Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}

/** Customs sees every company's data; everybody else sees their own company's. */
export function isCustoms(p: Principal): boolean {
  return hasRole(p, CUSTOMS_ROLES);
}
