// A report over a long period runs as a job: month by month, one query each, so the server keeps
// answering between them (the database is never held by one year-long query) and the caller sees
// progress (GET /reports/jobs/{id}). A closed month (ended more than a day ago) is computed once
// and kept in report_rollups under the report and its filters: a year's report then reads the
// stored months and computes only the open one.
import { newId } from '../auth/secrets.ts';
import { notFound } from '../core/errors.ts';
import type { Queryable } from '../store/db.ts';
import { columnsOf, monthsOf, runReport, type ReportFilters, type ReportName, type ReportResult } from './figures.ts';

/**
 * A month is closed (its rows no longer change) once it ended this long ago: longer than the
 * oldest report a device may still deliver (REPORT_MAX_AGE_SECONDS, 7 days by default). What
 * people change later (an alert acknowledged or resolved) forgets its month: forgetMonth.
 */
const SETTLE_MS = 8 * 86400_000;

/** The reports whose rows depend on an alert's handling. */
const ALERT_REPORTS: ReportName[] = ['alerts', 'handling'];

/** Drops the kept rows of the Taipei month of `at` for these reports (a late change to that month's records). */
export async function forgetMonth(q: Queryable, at: string | Date, reports: ReportName[] = ALERT_REPORTS): Promise<void> {
  const t = new Date(new Date(at).getTime() + 8 * 3600_000);
  const month = `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-01`;
  await q.query(`delete from report_rollups where month = $1 and report = any($2)`, [month, reports]);
}

export interface JobView {
  id: string;
  report: ReportName;
  filters: ReportFilters;
  status: 'running' | 'done' | 'failed';
  progress: number;
  monthsTotal: number;
  monthsDone: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const filtersKey = (f: ReportFilters) => JSON.stringify({ office: f.office ?? null, route: f.route ?? null, company: f.company ?? null, targetS: f.targetS ?? null });

/**
 * The report over [from, to), month by month, using and filling the rollups of closed months.
 * `monthsPerQuery` months not yet kept are computed by one query (1 with PGlite, which runs in the
 * server's thread: a query holds the event loop for its duration; more with PostgreSQL, where the
 * server only waits). `onMonth` hears of progress in months.
 */
export async function runByMonth(
  q: Queryable,
  report: ReportName,
  filters: ReportFilters,
  opts: { now?: number; onMonth?: (done: number, total: number) => Promise<void> | void; rollups?: boolean; monthsPerQuery?: number } = {},
): Promise<ReportResult> {
  const now = opts.now ?? Date.now();
  const months = monthsOf(filters.from, filters.to);
  const key = filtersKey(filters);
  const byMonth = new Map<string, ReportResult['rows']>();
  if (opts.rollups !== false) {
    const kept = await q.query(`select to_char(month, 'YYYY-MM') as month, rows from report_rollups where report = $1 and filters_key = $2 and month = any($3::date[])`, [
      report,
      key,
      months.filter((m) => m.whole).map((m) => `${m.month}-01`),
    ]);
    for (const k of kept) byMonth.set(k.month, k.rows);
  }
  let done = months.filter((m) => byMonth.has(m.month)).length;
  const missing = months.filter((m) => !byMonth.has(m.month));
  const per = Math.max(1, opts.monthsPerQuery ?? 1);
  for (let i = 0; i < missing.length; i += per) {
    const chunk = missing.slice(i, i + per);
    // One query over the span of the chunk; rows of months already kept are set aside.
    const rows = (await runReport(q, report, { ...filters, from: chunk[0].from, to: chunk[chunk.length - 1].to })).rows;
    const fresh = new Map(chunk.map((m) => [m.month, [] as ReportResult['rows']]));
    for (const r of rows) fresh.get(String(r.month))?.push(r);
    for (const [m, monthRows] of fresh) byMonth.set(m, monthRows);
    for (const m of chunk) {
      const closed = m.whole && Date.parse(m.to) + SETTLE_MS < now;
      if (closed && opts.rollups !== false) {
        await q.query(
          `insert into report_rollups (report, month, filters_key, rows) values ($1, $2, $3, $4)
           on conflict (report, filters_key, month) do update set rows = excluded.rows, computed_at = now()`,
          [report, `${m.month}-01`, key, JSON.stringify(byMonth.get(m.month))],
        );
      }
    }
    done += chunk.length;
    await opts.onMonth?.(done, months.length);
    // Let timers and requests run between chunks: PGlite answers through microtasks only, which
    // would otherwise hold the event loop from the first month to the last.
    await new Promise((r) => setImmediate(r));
  }
  if (!missing.length) await opts.onMonth?.(months.length, months.length);
  return { report, filters, columns: columnsOf(report), rows: months.flatMap((m) => byMonth.get(m.month) ?? []) };
}

function present(r: Record<string, any>): JobView {
  return {
    id: r.id,
    report: r.report,
    filters: r.filters,
    status: r.status,
    progress: Number(r.progress),
    monthsTotal: r.months_total,
    monthsDone: r.months_done,
    error: r.error ?? null,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
}

/** Report jobs of one platform: started here, run in the background, read from the database. */
export class ReportJobs {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Queryable,
    /** Months computed by one query (see runByMonth). */
    private readonly monthsPerQuery = 1,
  ) {}

  async start(report: ReportName, filters: ReportFilters, by: { id: string; companyUbn: string | null }): Promise<JobView> {
    const id = newId('rjob');
    const total = monthsOf(filters.from, filters.to).length;
    const [row] = await this.db.query(
      `insert into report_jobs (id, report, filters, status, months_total, created_by, company_ubn) values ($1, $2, $3, 'running', $4, $5, $6) returning *`,
      [id, report, JSON.stringify(filters), total, by.id, by.companyUbn],
    );
    const run = this.run(id, report, filters).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return present(row);
  }

  private async run(id: string, report: ReportName, filters: ReportFilters): Promise<void> {
    // Let the request that started the job answer first.
    await new Promise((r) => setImmediate(r));
    try {
      const result = await runByMonth(this.db, report, filters, {
        monthsPerQuery: this.monthsPerQuery,
        onMonth: (done, total) =>
          this.db.query(`update report_jobs set months_done = $2, progress = $3 where id = $1`, [id, done, total ? done / total : 1]).then(() => undefined),
      });
      await this.db.query(`update report_jobs set status = 'done', progress = 1, result = $2, finished_at = now() where id = $1`, [id, JSON.stringify(result)]);
    } catch (err) {
      await this.db.query(`update report_jobs set status = 'failed', error = $2, finished_at = now() where id = $1`, [id, (err as Error).message]);
    }
  }

  /** A job the caller started (customs may read every job). */
  async get(id: string, by: { id: string; customs: boolean }): Promise<JobView> {
    const [row] = await this.db.query(`select * from report_jobs where id = $1`, [id]);
    if (!row || (!by.customs && row.created_by !== by.id)) throw notFound(`Report job ${id}`, 'report_job', id);
    return present(row);
  }

  async result(id: string, by: { id: string; customs: boolean }): Promise<ReportResult | null> {
    await this.get(id, by);
    const [row] = await this.db.query(`select result from report_jobs where id = $1 and status = 'done'`, [id]);
    return row ? (row.result as ReportResult) : null;
  }

  /** Waits for the jobs still running (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all(this.running.values());
  }
}
