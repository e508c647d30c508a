// What stands on each of a company's roles: the records and accounts that make sense only while the
// company plays that role. A role is not taken from a company while any remain (replaceCompany
// refuses with `company.role_in_use`), so no truck is registered to a company that is no fleet, no
// account keeps a person's role its company no longer plays, and no referral points at a company
// that is no judicial office. Person roles pair with company roles as the demo companies pair them;
// the one such check made when writing is a referral's (company.not_judicial).
import type { CompanyRole, Role } from '../auth/roles.ts';
import type { Queryable } from '../store/db.ts';

/** One kind of thing that uses a role: its code (in the refusal's `uses`), its English words, its count query ($1: the company). */
interface RoleUse {
  code: string;
  /** English, singular and plural. */
  noun: [string, string];
  count: string;
}

/** Accounts of the company with a person's role: the person acts for the company in that role. */
const accounts = (role: Role): RoleUse => ({
  code: `${role}_users`,
  noun: [`${role} user`, `${role} users`],
  // Disabled accounts count: enabling one again would bring the role back with it.
  count: `select count(*)::int as n from users where company_ubn = $1 and '${role}' = any(roles)`,
});

export const ROLE_USES: Record<CompanyRole, RoleUse[]> = {
  // Customs' own people: their accounts read and decide everything, as the customs administration.
  customs: [accounts('customs_admin'), accounts('customs_officer')],
  // A yard operates facilities (its storage codes, its CNs' destinations, its webhooks' notes) and
  // its operators and responsible persons act for it there.
  yard: [
    { code: 'facilities', noun: ['facility it operates', 'facilities it operates'], count: 'select count(*)::int as n from facilities where operator_ubn = $1' },
    accounts('yard_operator'),
    accounts('responsible_person'),
  ],
  // A fleet's trucks, drivers and the devices it manages on them are what the monitoring follows
  // for it; its operators and drivers log in as that fleet. A supplier's own stock (devices it
  // owns and supplied) is the supplier's, not the fleet's.
  fleet: [
    { code: 'vehicles', noun: ['vehicle', 'vehicles'], count: 'select count(*)::int as n from vehicles where fleet_ubn = $1' },
    { code: 'drivers', noun: ['driver', 'drivers'], count: 'select count(*)::int as n from drivers where fleet_ubn = $1' },
    {
      code: 'devices',
      noun: ['device it owns', 'devices it owns'],
      count: `select count(*)::int as n from devices where owner_ubn = $1 and coalesce(body->>'supplierUbn', '') <> $1`,
    },
    accounts('fleet_operator'),
    accounts('driver'),
  ],
  // A trader follows its own declarations (importer) and the containers of the notes it sent.
  trader: [
    { code: 'declarations', noun: ['declaration', 'declarations'], count: 'select count(*)::int as n from clearances where importer_ubn = $1' },
    accounts('trader'),
  ],
  // A supplier answers for the devices it supplied (type approval, health, replacements).
  supplier: [
    { code: 'supplied_devices', noun: ['device it supplied', 'devices it supplied'], count: `select count(*)::int as n from devices where body->>'supplierUbn' = $1` },
    accounts('supplier'),
  ],
  // Nothing in the registry names a shipping line yet.
  shipping_line: [],
  // A referral may only go to a judicial company (src/access/referrals.ts); its people see what
  // was referred to it.
  judicial: [
    { code: 'referrals', noun: ['referral', 'referrals'], count: 'select count(*)::int as n from referrals where judicial_ubn = $1' },
    accounts('judicial'),
  ],
};

export interface RoleInUse {
  role: CompanyRole;
  uses: { code: string; count: number; words: string }[];
}

/** The first of `roles` that something of company `ubn` still uses, with what and how many; null when none is used. */
export async function roleInUse(q: Queryable, ubn: string, roles: readonly CompanyRole[]): Promise<RoleInUse | null> {
  for (const role of roles) {
    const uses: RoleInUse['uses'] = [];
    for (const use of ROLE_USES[role]) {
      const [{ n }] = await q.query<{ n: number }>(use.count, [ubn]);
      if (n > 0) uses.push({ code: use.code, count: n, words: `${n} ${use.noun[n === 1 ? 0 : 1]}` });
    }
    if (uses.length) return { role, uses };
  }
  return null;
}
