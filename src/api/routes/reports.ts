// Operations reports (維運管理): GET /reports/{report} answers a period of up to 92 days at once
// (JSON, or ?format=csv|xlsx|pdf as a file); a longer one runs as a job: POST /reports/jobs starts
// it, GET /reports/jobs/{id} tells its progress, GET /reports/jobs/{id}/result fetches it (also as
// a file). Scheduled reports are mailed to a list. Customs only: reports span every company.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CUSTOMS_ROLES, isCustoms } from '../../auth/roles.ts';
import { invalidField } from '../../core/errors.ts';
import type { AppContext } from '../../platform.ts';
import { checkFilters, REPORTS, runReport, type ReportName, type ReportResult } from '../../reports/figures.ts';
import { CONTENT_TYPES, exportReport, FORMATS, type ExportFormat } from '../../reports/export.ts';
import { CADENCES, createSchedule, deleteSchedule, listSchedules } from '../../reports/schedules.ts';
import { operationsServices } from '../../reports/services.ts';
import { requestActor } from '../audit.ts';

/** The longest period answered at once; longer ones run as a job. */
export const DIRECT_MAX_DAYS = 92;

const FilterProps = {
  from: Type.String({ format: 'date-time', description: 'Start of the period (inclusive)' }),
  to: Type.String({ format: 'date-time', description: 'End of the period (exclusive)' }),
  office: Type.Optional(Type.String({ enum: ['A', 'B', 'C', 'D'], description: 'Customs office: A Keelung, B Kaohsiung, C Taipei, D Taichung' })),
  route: Type.Optional(Type.String({ maxLength: 40 })),
  company: Type.Optional(Type.String({ pattern: '^[0-9]{8}$' })),
};
const Format = Type.Optional(Type.String({ enum: ['json', ...FORMATS], default: 'json' }));
const Lang = Type.Optional(Type.String({ enum: ['zh-TW', 'en'], default: 'zh-TW' }));
const ReportQuery = Type.Object({ ...FilterProps, format: Format, lang: Lang }, { additionalProperties: false });
type ReportQuery = Static<typeof ReportQuery>;
const ReportParams = Type.Object({ report: Type.String({ enum: [...REPORTS] }) });
const JobBody = Type.Object({ report: Type.String({ enum: [...REPORTS] }), ...FilterProps }, { additionalProperties: false });
type JobBody = Static<typeof JobBody>;
const JobParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ResultQuery = Type.Object({ format: Format, lang: Lang }, { additionalProperties: false });
const ScheduleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    report: Type.String({ enum: [...REPORTS] }),
    office: FilterProps.office,
    route: FilterProps.route,
    company: FilterProps.company,
    format: Type.String({ enum: [...FORMATS] }),
    cadence: Type.String({ enum: [...CADENCES] }),
    recipients: Type.Array(Type.String({ maxLength: 254 }), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
type ScheduleBody = Static<typeof ScheduleBody>;

const tags = ['reports'];
const customs = { auth: { roles: CUSTOMS_ROLES } };
const admin = { auth: { roles: ['customs_admin'] as const } };

async function send(reply: FastifyReply, r: ReportResult, format: string | undefined, lang: string | undefined) {
  if (!format || format === 'json') return r;
  const f = format as ExportFormat;
  const file = await exportReport(r, f, lang === 'en' ? 'en' : 'zh-TW');
  return reply
    .type(CONTENT_TYPES[f])
    .header('content-disposition', `attachment; filename="${r.report}-${r.filters.from.slice(0, 10)}-${r.filters.to.slice(0, 10)}.${f}"`)
    .send(file);
}

export default async function reportRoutes(api: FastifyInstance, ctx: AppContext) {
  const ops = () => operationsServices(ctx);

  api.get<{ Params: { report: ReportName }; Querystring: ReportQuery }>(
    '/reports/:report',
    { config: customs, schema: { tags, summary: 'A report over a period (at most 92 days; longer: POST /reports/jobs)', params: ReportParams, querystring: ReportQuery } },
    async (req, reply) => {
      const { format, lang, ...filters } = req.query;
      const f = { ...checkFilters(filters), targetS: ctx.config.web.ackTargetSeconds };
      if (Date.parse(f.to) - Date.parse(f.from) > DIRECT_MAX_DAYS * 86400_000) {
        throw invalidField('/to', `a period over ${DIRECT_MAX_DAYS} days runs as a job: POST /api/v1/reports/jobs`, 'report.use_job', { maxDays: DIRECT_MAX_DAYS });
      }
      return send(reply, await runReport(ctx.db, req.params.report, f), format, lang);
    },
  );

  api.post<{ Body: JobBody }>(
    '/reports/jobs',
    { config: customs, schema: { tags, summary: 'Starts a report over a long period, month by month, in the background', body: JobBody } },
    async (req, reply) => {
      const { report, ...filters } = req.body;
      const job = await ops().jobs.start(report as ReportName, { ...checkFilters(filters), targetS: ctx.config.web.ackTargetSeconds }, { id: req.principal!.id, companyUbn: req.principal!.companyUbn });
      return reply.code(202).header('location', `/api/v1/reports/jobs/${job.id}`).send(job);
    },
  );

  api.get<{ Params: { id: string } }>('/reports/jobs/:id', { config: customs, schema: { tags, summary: 'A report job and its progress', params: JobParams } }, async (req) =>
    ops().jobs.get(req.params.id, { id: req.principal!.id, customs: isCustoms(req.principal!) }),
  );

  api.get<{ Params: { id: string }; Querystring: Static<typeof ResultQuery> }>(
    '/reports/jobs/:id/result',
    { config: customs, schema: { tags, summary: 'The result of a finished report job (409 while it runs)', params: JobParams, querystring: ResultQuery } },
    async (req, reply) => {
      const by = { id: req.principal!.id, customs: isCustoms(req.principal!) };
      const result = await ops().jobs.result(req.params.id, by);
      if (!result) {
        const job = await ops().jobs.get(req.params.id, by);
        return reply.code(409).type('application/problem+json').send({ type: 'about:blank', title: 'Conflict', status: 409, detail: `The job is ${job.status} (${Math.round(job.progress * 100)}%)` });
      }
      return send(reply, result, req.query.format, req.query.lang);
    },
  );

  api.get('/reports/schedules', { config: customs, schema: { tags, summary: 'Scheduled reports' } }, async () => listSchedules(ctx.db));

  api.post<{ Body: ScheduleBody }>('/reports/schedules', { config: admin, schema: { tags, summary: 'Schedules a report mailed to a list', body: ScheduleBody } }, async (req, reply) => {
    const { office, route, company, ...rest } = req.body;
    const view = await ctx.inputs.transact(async (tx) => ({
      result: await createSchedule(tx, requestActor(req), {
        ...rest,
        report: rest.report as ReportName,
        format: rest.format as ExportFormat,
        cadence: rest.cadence as (typeof CADENCES)[number],
        filters: { ...(office ? { office } : {}), ...(route ? { route } : {}), ...(company ? { company } : {}) },
      }),
      inputs: [],
    }));
    return reply.code(201).send(view);
  });

  api.delete<{ Params: { id: string } }>('/reports/schedules/:id', { config: admin, schema: { tags, summary: 'Removes a scheduled report', params: JobParams } }, async (req, reply) => {
    await ctx.inputs.transact(async (tx) => ({ result: await deleteSchedule(tx, requestActor(req), req.params.id), inputs: [] }));
    return reply.code(204).send();
  });
}
