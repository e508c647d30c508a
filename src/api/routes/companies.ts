// Companies, by unified business number, with the roles they play and whom the monitoring centre
// calls there about an alert. Everyone reads their own company; customs reads all and a customs
// admin writes them. A company's own people who run its operations keep its contact current
// (src/access/registry.ts).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COMPANY_ROLES } from '../../auth/roles.ts';
import { CONTACT_KEEPERS, mayReadOwned, ownedScope } from '../../access/policy.ts';
import { getCompany, listCompanies } from '../../registry/companies.ts';
import { createCompany, replaceCompany, replaceCompanyContact } from '../../registry/company-service.ts';
import { CompanyContactSchema, CompanySchema, type CompanyBody, type CompanyContactBody } from '../../registry/validate-company.ts';
import type { AppContext } from '../../platform.ts';
import { requestActor } from '../audit.ts';
import { notFound } from '../problem.ts';
import { Nullable, Timestamp } from '../schemas.ts';

/** A company as the API answers it (presentCompany). */
const CompanyView = Type.Object({
  ubn: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String({ enum: [...COMPANY_ROLES] })),
  contactName: Nullable(Type.String({ description: 'Whom the monitoring centre asks for about an alert' })),
  contactPhone: Nullable(Type.String({ description: "The company's number for the monitoring centre" })),
  createdAt: Timestamp(),
});
const Params = Type.Object({ ubn: Type.String({ maxLength: 8 }) });
type Params = Static<typeof Params>;

const tags = ['access'];
const writers = { auth: { roles: ['customs_admin'] as const } };
const contactKeepers = { auth: { roles: CONTACT_KEEPERS } };

export default async function companyRoutes(api: FastifyInstance, ctx: AppContext) {
  api.post<{ Body: CompanyBody }>(
    '/companies',
    { config: writers, schema: { tags, summary: 'Register a company and its contact (customs admin)', body: CompanySchema, response: { 201: CompanyView } } },
    async (req, reply) => {
      const saved = await createCompany(ctx, requestActor(req), req.body);
      reply.status(201);
      return saved;
    },
  );

  api.get(
    '/companies',
    { schema: { tags, summary: 'Companies, by UBN (customs: all; others: their own)', response: { 200: Type.Array(CompanyView) } } },
    async (req) => listCompanies(ctx.db, ownedScope(req.principal!)),
  );

  api.get<{ Params: Params }>(
    '/companies/:ubn',
    { schema: { tags, summary: 'One company and its contact (customs: any; others: their own)', params: Params, response: { 200: CompanyView } } },
    async (req) => {
      const c = mayReadOwned(req.principal!, req.params.ubn) ? await getCompany(ctx.db, req.params.ubn) : undefined;
      if (!c) throw notFound(`Company ${req.params.ubn}`, 'company', req.params.ubn);
      return c;
    },
  );

  api.put<{ Params: Params; Body: CompanyBody }>(
    '/companies/:ubn',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Replace a company: name, roles and contact; a contact left out is cleared (customs admin)',
        params: Params,
        body: CompanySchema,
        response: { 200: CompanyView },
      },
    },
    async (req) => replaceCompany(ctx, requestActor(req), req.params.ubn.trim(), req.body),
  );

  api.put<{ Params: Params; Body: CompanyContactBody }>(
    '/companies/:ubn/contact',
    {
      config: contactKeepers,
      schema: {
        tags,
        summary: "Set a company's contact for the monitoring centre; one left out or null is cleared (customs admin: any; its own staff: their own)",
        params: Params,
        body: CompanyContactSchema,
        response: { 200: CompanyView },
      },
    },
    async (req) => replaceCompanyContact(ctx, requestActor(req), req.principal!, req.params.ubn.trim(), req.body),
  );
}
