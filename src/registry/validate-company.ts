// Companies: a unified business number, a name, the roles the company plays (yard, fleet, ...) and
// whom the monitoring centre calls there about an alert.
import { Type, type Static } from '@sinclair/typebox';
import { COMPANY_ROLES, type CompanyRole } from '../auth/roles.ts';
import { Nullable, checkUbn, compact, type FieldErrorSink } from './validate-common.ts';
import { ContactNameSchema, PhoneSchema, checkContactName, checkPhone } from './validate-contact.ts';

export const CompanySchema = Type.Object(
  {
    ubn: Type.String({ maxLength: 8, description: 'Unified business number' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    roles: Type.Array(Type.Union(COMPANY_ROLES.map((r) => Type.Literal(r))), { minItems: 1, uniqueItems: true }),
    contactName: Type.Optional(ContactNameSchema('Whom the monitoring centre asks for about an alert')),
    contactPhone: Type.Optional(PhoneSchema("The company's number for the monitoring centre")),
  },
  { additionalProperties: false, examples: [{ ubn: '04595257', name: '高雄貨櫃場', roles: ['yard'], contactName: '王小明', contactPhone: '07-5612311#21' }] },
);
export type CompanyBody = Static<typeof CompanySchema>;

export interface Company {
  ubn: string;
  name: string;
  roles: CompanyRole[];
  contactName?: string;
  contactPhone?: string;
}

/** Checks what needs no database; returns the company as it is stored (trimmed). */
export function normalizeCompany(b: CompanyBody, prefix: string, errs: FieldErrorSink): Company {
  return compact({
    ubn: checkUbn(b.ubn, `${prefix}/ubn`, errs),
    name: b.name.trim(),
    roles: b.roles,
    contactName: checkContactName(b.contactName, `${prefix}/contactName`, errs),
    contactPhone: checkPhone(b.contactPhone, `${prefix}/contactPhone`, errs),
  });
}

/** A company's contact alone, as the company itself keeps it current; null or left out clears it. */
export const CompanyContactSchema = Type.Object(
  {
    contactName: Type.Optional(Nullable(ContactNameSchema('Whom the monitoring centre asks for about an alert'))),
    contactPhone: Type.Optional(Nullable(PhoneSchema("The company's number for the monitoring centre"))),
  },
  { additionalProperties: false, examples: [{ contactName: '王小明', contactPhone: '07-5612311#21' }] },
);
export type CompanyContactBody = Static<typeof CompanyContactSchema>;

export interface CompanyContact {
  contactName: string | null;
  contactPhone: string | null;
}

/** The contact as it is stored (trimmed), by the same rules as a whole company's. */
export function normalizeCompanyContact(b: CompanyContactBody, prefix: string, errs: FieldErrorSink): CompanyContact {
  return {
    contactName: checkContactName(b.contactName ?? undefined, `${prefix}/contactName`, errs) ?? null,
    contactPhone: checkPhone(b.contactPhone ?? undefined, `${prefix}/contactPhone`, errs) ?? null,
  };
}
