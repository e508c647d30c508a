// Scheduled reports: a report, its filters, a format, a cadence and a list of addresses. When due,
// the report covers the last period of its cadence (the previous Taipei day, week or month), is
// exported and mailed, and the next run is set. Runs are checked once a minute by the platform
// (src/reports/extension.ts); a failed send is kept on the schedule and retried at the next run.
import { recordAudit, type Actor } from '../audit/trail.ts';
import { newId } from '../auth/secrets.ts';
import { invalidField, notFound } from '../core/errors.ts';
import type { Queryable } from '../store/db.ts';
import { exportReport, TITLES, type ExportFormat, CONTENT_TYPES } from './export.ts';
import { runByMonth } from './jobs.ts';
import type { ReportFilters, ReportName } from './figures.ts';
import type { ReportMailer } from './mailer.ts';

export const CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface ScheduleInput {
  name: string;
  report: ReportName;
  filters: Omit<ReportFilters, 'from' | 'to'>;
  format: ExportFormat;
  cadence: Cadence;
  recipients: string[];
}

export interface ScheduleView extends ScheduleInput {
  id: string;
  nextRunAt: string;
  lastRunAt: string | null;
  lastError: string | null;
}

const H8 = 8 * 3600_000;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** Start of the Taipei day, week (Monday) or month that `t` falls in. */
export function periodStart(t: number, cadence: Cadence): number {
  const d = new Date(t + H8);
  if (cadence === 'monthly') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - H8;
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - H8;
  if (cadence === 'daily') return day;
  return day - ((d.getUTCDay() + 6) % 7) * 86400_000;
}

/** The start of the period after the one `t` is in: when a schedule next runs. */
export function nextPeriod(t: number, cadence: Cadence): number {
  const s = periodStart(t, cadence);
  if (cadence === 'daily') return s + 86400_000;
  if (cadence === 'weekly') return s + 7 * 86400_000;
  const d = new Date(s + H8);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - H8;
}

function present(r: Record<string, any>): ScheduleView {
  return {
    id: r.id,
    name: r.name,
    report: r.report,
    filters: r.filters,
    format: r.format,
    cadence: r.cadence,
    recipients: r.recipients,
    nextRunAt: new Date(r.next_run_at).toISOString(),
    lastRunAt: r.last_run_at ? new Date(r.last_run_at).toISOString() : null,
    lastError: r.last_error ?? null,
  };
}

export async function createSchedule(q: Queryable, actor: Actor, s: ScheduleInput, now = Date.now()): Promise<ScheduleView> {
  s.recipients.forEach((r, i) => {
    if (!EMAIL.test(r)) throw invalidField(`/recipients/${i}`, `${r} is no e-mail address`, 'string.format', { format: 'email' });
  });
  const [row] = await q.query(
    `insert into report_schedules (id, name, report, filters, format, cadence, recipients, next_run_at, created_by)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning *`,
    [newId('rsch'), s.name, s.report, JSON.stringify(s.filters), s.format, s.cadence, s.recipients, new Date(nextPeriod(now, s.cadence)).toISOString(), actor.id],
  );
  const view = present(row);
  await recordAudit(q, actor, { action: 'create', resource: 'report_schedule', resourceId: view.id, after: view });
  return view;
}

export async function listSchedules(q: Queryable): Promise<ScheduleView[]> {
  return (await q.query(`select * from report_schedules order by created_at`)).map(present);
}

export async function deleteSchedule(q: Queryable, actor: Actor, id: string): Promise<void> {
  const [row] = await q.query(`delete from report_schedules where id = $1 returning *`, [id]);
  if (!row) throw notFound(`Report schedule ${id}`, 'report_schedule', id);
  await recordAudit(q, actor, { action: 'delete', resource: 'report_schedule', resourceId: id, before: present(row) });
}

/** Runs every schedule due at `now`: the last whole period, exported and mailed. Returns how many were sent. */
export async function runDueSchedules(q: Queryable, mailer: ReportMailer, now = Date.now()): Promise<number> {
  const due = await q.query(`select * from report_schedules where next_run_at <= $1 order by next_run_at`, [new Date(now).toISOString()]);
  let sent = 0;
  for (const row of due) {
    const s = present(row);
    const to = periodStart(now, s.cadence);
    const from = periodStart(to - 1, s.cadence);
    let error: string | null = null;
    try {
      const result = await runByMonth(q, s.report, { ...s.filters, from: new Date(from).toISOString(), to: new Date(to).toISOString() }, { now });
      const file = await exportReport(result, s.format);
      const title = TITLES[s.report].zh;
      const day = new Date(from + 8 * 3600_000).toISOString().slice(0, 10);
      await mailer.send({
        to: s.recipients,
        subject: `SealWatch ${title} ${day}`,
        text: `${s.name}\n${title}\n${result.filters.from} – ${result.filters.to}\n${result.rows.length} rows`,
        attachments: [{ filename: `${s.report}-${day}.${s.format}`, content: file, contentType: CONTENT_TYPES[s.format] }],
      });
      sent++;
    } catch (err) {
      error = (err as Error).message;
    }
    await q.query(`update report_schedules set last_run_at = $2, next_run_at = $3, last_error = $4 where id = $1`, [
      s.id,
      new Date(now).toISOString(),
      new Date(nextPeriod(now, s.cadence)).toISOString(),
      error,
    ]);
  }
  return sent;
}
