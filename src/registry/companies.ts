// Companies in the database, by unified business number, with their contacts for the monitoring
// centre in columns of their own (the alert card reads them there).
import type { Queryable, Row } from '../store/db.ts';
import type { Company, CompanyContact } from './validate-company.ts';

/** A company as the API answers it: a contact not given is null. */
export interface CompanyView {
  ubn: string;
  name: string;
  roles: Company['roles'];
  contactName: string | null;
  contactPhone: string | null;
  createdAt: string;
}

export function presentCompany(r: Row): CompanyView {
  return {
    ubn: r.ubn,
    name: r.name,
    roles: r.roles,
    contactName: r.contact_name ?? null,
    contactPhone: r.contact_phone ?? null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function getCompany(q: Queryable, ubn: string): Promise<CompanyView | undefined> {
  const [r] = await q.query('select * from companies where ubn = $1', [ubn]);
  return r ? presentCompany(r) : undefined;
}

/** Every company, or only `scope`'s (a non-customs caller's own). */
export async function listCompanies(q: Queryable, scope: string | null): Promise<CompanyView[]> {
  const rows = await q.query('select * from companies where $1::text is null or ubn = $1 order by ubn', [scope]);
  return rows.map(presentCompany);
}

const columns = (c: Company) => [c.ubn, c.name, c.roles, c.contactName ?? null, c.contactPhone ?? null];

export async function insertCompany(q: Queryable, c: Company): Promise<CompanyView> {
  const [r] = await q.query(
    'insert into companies (ubn, name, roles, contact_name, contact_phone) values ($1,$2,$3,$4,$5) returning *',
    columns(c),
  );
  return presentCompany(r);
}

export async function updateCompany(q: Queryable, c: Company): Promise<CompanyView | undefined> {
  const [r] = await q.query(
    'update companies set name = $2, roles = $3, contact_name = $4, contact_phone = $5 where ubn = $1 returning *',
    columns(c),
  );
  return r ? presentCompany(r) : undefined;
}

/** Sets only the contact; the name and roles stay as they are. */
export async function updateCompanyContact(q: Queryable, ubn: string, c: CompanyContact): Promise<CompanyView | undefined> {
  const [r] = await q.query('update companies set contact_name = $2, contact_phone = $3 where ubn = $1 returning *', [ubn, c.contactName, c.contactPhone]);
  return r ? presentCompany(r) : undefined;
}
