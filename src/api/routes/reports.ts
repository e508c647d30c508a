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
import { conflict } from '../problem.ts';
import { Nullable, Timestamp } from '../schemas.ts';

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

const ReportNameSchema = Type.String({ enum: [...REPORTS] });
const CommonFilters = {
  office: Type.Optional(Type.String({ description: 'Customs office letter' })),
  route: Type.Optional(Type.String()),
  company: Type.Optional(Type.String({ description: 'UBN' })),
};
const FiltersSchema = Type.Object({
  from: Timestamp(),
  to: Timestamp(),
  ...CommonFilters,
  targetS: Type.Optional(Type.Number({ description: 'The handling target in seconds the handling report counts against' })),
});
/** A report as runReport answers it; rows are keyed by the columns' keys. */
const ReportResultSchema = Type.Object({
  report: ReportNameSchema,
  filters: FiltersSchema,
  columns: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String() }), { description: 'The columns in order, with their titles' }),
  rows: Type.Array(Type.Record(Type.String(), Nullable(Type.Union([Type.String(), Type.Number()]))), { description: 'One object per row, keyed by column key' }),
});
const binary = { schema: { type: 'string', format: 'binary' } };
/** JSON unless ?format= asks for a file. */
const ReportAnswer = {
  description: 'The report: JSON by default; with ?format=csv, xlsx or pdf, the file (Content-Disposition: attachment)',
  content: {
    'application/json': { schema: ReportResultSchema },
    'text/csv': { schema: { type: 'string' } },
    [CONTENT_TYPES.xlsx]: binary,
    [CONTENT_TYPES.pdf]: binary,
  },
};
const JobSchema = Type.Object({
  id: Type.String(),
  report: ReportNameSchema,
  filters: FiltersSchema,
  status: Type.String({ enum: ['running', 'done', 'failed'] }),
  progress: Type.Number({ minimum: 0, maximum: 1, description: 'The share of months done, 0 to 1' }),
  monthsTotal: Type.Integer(),
  monthsDone: Type.Integer(),
  error: Nullable(Type.String({ description: 'Why it failed' })),
  createdAt: Timestamp(),
  finishedAt: Nullable(Timestamp()),
});
const ScheduleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  report: ReportNameSchema,
  filters: Type.Object(CommonFilters),
  format: Type.String({ enum: [...FORMATS] }),
  cadence: Type.String({ enum: [...CADENCES] }),
  recipients: Type.Array(Type.String()),
  nextRunAt: Timestamp({ description: 'When it is next mailed: the start of the next day, week or month (Taipei)' }),
  lastRunAt: Nullable(Timestamp()),
  lastError: Nullable(Type.String({ description: 'Why the last run failed' })),
});

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
    {
      config: customs,
      schema: {
        tags,
        summary: 'A report over a period, as JSON or a CSV, XLSX or PDF file (customs; at most 92 days, longer: POST /reports/jobs)',
        params: ReportParams,
        querystring: ReportQuery,
        response: { 200: ReportAnswer },
      },
    },
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
    {
      config: customs,
      schema: {
        tags,
        summary: 'Start a report over a long period, run month by month in the background (customs; Location: the job)',
        body: JobBody,
        response: { 202: JobSchema },
      },
    },
    async (req, reply) => {
      const { report, ...filters } = req.body;
      const job = await ops().jobs.start(report as ReportName, { ...checkFilters(filters), targetS: ctx.config.web.ackTargetSeconds }, { id: req.principal!.id, companyUbn: req.principal!.companyUbn });
      return reply.code(202).header('location', `/api/v1/reports/jobs/${job.id}`).send(job);
    },
  );

  api.get<{ Params: { id: string } }>(
    '/reports/jobs/:id',
    { config: customs, schema: { tags, summary: 'A report job and its progress (customs)', params: JobParams, response: { 200: JobSchema } } },
    async (req) => ops().jobs.get(req.params.id, { id: req.principal!.id, customs: isCustoms(req.principal!) }),
  );

  api.get<{ Params: { id: string }; Querystring: Static<typeof ResultQuery> }>(
    '/reports/jobs/:id/result',
    {
      config: customs,
      schema: {
        tags,
        summary: 'The result of a finished report job, as JSON or a file (customs; 409 while it runs)',
        params: JobParams,
        querystring: ResultQuery,
        response: { 200: ReportAnswer },
      },
    },
    async (req, reply) => {
      const by = { id: req.principal!.id, customs: isCustoms(req.principal!) };
      const result = await ops().jobs.result(req.params.id, by);
      if (!result) {
        const job = await ops().jobs.get(req.params.id, by);
        const progress = Math.round(job.progress * 100);
        if (job.status === 'failed') throw conflict(`The job is failed (${progress}%)`, 'report.job_failed', { id: job.id });
        throw conflict(`The job is ${job.status} (${progress}%)`, 'report.job_running', { id: job.id, progress });
      }
      return send(reply, result, req.query.format, req.query.lang);
    },
  );

  api.get(
    '/reports/schedules',
    {
      config: customs,
      schema: { tags, summary: 'Reports mailed on a schedule, oldest first (customs)', response: { 200: Type.Array(ScheduleSchema) } },
    },
    async () => listSchedules(ctx.db),
  );

  api.post<{ Body: ScheduleBody }>(
    '/reports/schedules',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Schedule a report mailed to a list each day, week or month (customs admin)',
        body: ScheduleBody,
        response: { 201: ScheduleSchema },
      },
    },
    async (req, reply) => {
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
    },
  );

  api.delete<{ Params: { id: string } }>(
    '/reports/schedules/:id',
    {
      config: admin,
      schema: { tags, summary: 'Remove a scheduled report (customs admin)', params: JobParams, response: { 204: { description: 'Removed', type: 'null' } } },
    },
    async (req, reply) => {
      await ctx.inputs.transact(async (tx) => ({ result: await deleteSchedule(tx, requestActor(req), req.params.id), inputs: [] }));
      return reply.code(204).send();
    },
  );
}
