// Violation cases (違規案件): customs gathers one or several alerts into a case, writes notes,
// refers it to police or prosecutors (the judicial company then reads the case, its alerts, trips
// and CNs, src/access/cases.ts) and records the criminal outcome, from which the administrative
// sanction lapses after 3 years (Administrative Penalty Act art. 27, as the customs office's
// case-management practice describes): the case's deadline, with reminders before it.
import { recordAudit, type Actor } from '../audit/trail.ts';
import type { Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { forbidden, invalidField, notFound } from '../core/errors.ts';
import { casesWhere, mayReadCase, mayWriteCases, refer, referredTo } from '../access/policy.ts';
import type { Platform } from '../platform.ts';
import type { Queryable, Row } from '../store/db.ts';

export const CASE_STATUSES = ['open', 'referred', 'closed'] as const;
/** Years after the criminal outcome within which the administrative sanction must be imposed. */
export const SANCTION_LAPSE_YEARS = 3;
/** Reminders start this many days before the deadline, and repeat weekly. */
export const REMINDER_DAYS = 90;

export interface CaseView {
  id: string;
  title: string;
  status: (typeof CASE_STATUSES)[number];
  summary: string | null;
  alertIds: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  criminalOutcome: string | null;
  criminalOutcomeAt: string | null;
  sanctionDeadline: string | null;
  referredTo: string[];
}

export interface CaseDetail extends CaseView {
  notes: { at: string; author: string; text: string }[];
  alerts: Row[];
}

type Ctx = Pick<Platform, 'db' | 'inputs'>;

const day = (v: unknown) => (v ? (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10)) : null);

async function present(q: Queryable, r: Row): Promise<CaseView> {
  const [alerts, refs] = await Promise.all([
    q.query(`select alert_id from case_alerts where case_id = $1 order by alert_id`, [r.id]),
    referredTo(q, [['case', r.id]]),
  ]);
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    summary: r.summary ?? null,
    alertIds: alerts.map((a) => a.alert_id),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    criminalOutcome: r.criminal_outcome ?? null,
    criminalOutcomeAt: day(r.criminal_outcome_at),
    sanctionDeadline: day(r.sanction_deadline),
    referredTo: refs,
  };
}

/** The deadline of the sanction: SANCTION_LAPSE_YEARS after the day of the criminal outcome. */
export function sanctionDeadline(outcomeDay: string): string {
  const [y, m, d] = outcomeDay.split('-').map(Number);
  const t = new Date(Date.UTC(y + SANCTION_LAPSE_YEARS, m - 1, d));
  // 29 February plus three years is 1 March (the day the period ends, as a calendar count gives).
  return t.toISOString().slice(0, 10);
}

const writeOnly = (p: Principal) => {
  if (!mayWriteCases(p)) throw forbidden('Only customs opens and changes cases', 'customs.only');
};

export async function createCase(ctx: Ctx, p: Principal, actor: Actor, input: { title: string; summary?: string; alertIds: string[] }): Promise<CaseView> {
  writeOnly(p);
  const ids = [...new Set(input.alertIds)];
  if (!ids.length) throw invalidField('/alertIds', 'a case gathers at least one alert', 'array.too_short', { limit: 1 });
  return ctx.inputs.transact(async (tx) => {
    const found = new Set((await tx.query(`select alert_id from alerts where alert_id = any($1)`, [ids])).map((r) => r.alert_id));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw invalidField(`/alertIds/${input.alertIds.indexOf(ids[missing])}`, `no alert ${ids[missing]}`, 'alert.unknown', { id: ids[missing] });
    const id = newId('case');
    const [row] = await tx.query(`insert into cases (id, title, status, summary, created_by) values ($1, $2, 'open', $3, $4) returning *`, [
      id, input.title, input.summary ?? null, p.id,
    ]);
    await tx.query(`insert into case_alerts (case_id, alert_id) select $1, unnest($2::text[])`, [id, ids]);
    const view = await present(tx, row);
    await recordAudit(tx, actor, { action: 'create', resource: 'case', resourceId: id, after: view });
    return { result: view, inputs: [] };
  });
}

export async function listCases(q: Queryable, p: Principal, opts: { status?: string; limit: number; offset: number }): Promise<CaseView[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const scope = casesWhere(p, 'c', params);
  if (scope) where.push(scope);
  if (opts.status) {
    params.push(opts.status);
    where.push(`c.status = $${params.length}`);
  }
  params.push(opts.limit, opts.offset);
  const rows = await q.query(
    `select * from cases c ${where.length ? `where ${where.join(' and ')}` : ''} order by c.updated_at desc, c.id limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return Promise.all(rows.map((r) => present(q, r)));
}

/** The case row if this caller may read it; 404 otherwise (as if it did not exist). */
export async function readableCase(q: Queryable, p: Principal, id: string): Promise<Row> {
  const [row] = await q.query(`select * from cases where id = $1`, [id]);
  if (!row || !mayReadCase(p, await referredTo(q, [['case', id]]))) throw notFound(`Case ${id}`, 'case', id);
  return row;
}

export async function getCase(q: Queryable, p: Principal, id: string): Promise<CaseDetail> {
  const row = await readableCase(q, p, id);
  const view = await present(q, row);
  const [notes, alerts] = await Promise.all([
    q.query(`select at, author, text from case_notes where case_id = $1 order by id`, [id]),
    q.query(`select a.* from alerts a join case_alerts c on c.alert_id = a.alert_id where c.case_id = $1 order by a.opened_at, a.alert_id`, [id]),
  ]);
  return { ...view, notes: notes.map((n) => ({ at: new Date(n.at).toISOString(), author: n.author, text: n.text })), alerts };
}

async function change(ctx: Ctx, p: Principal, actor: Actor, id: string, action: string, fn: (tx: Queryable, row: Row) => Promise<void>): Promise<CaseView> {
  writeOnly(p);
  return ctx.inputs.transact(async (tx) => {
    const [row] = await tx.query(`select * from cases where id = $1 for update`, [id]);
    if (!row) throw notFound(`Case ${id}`, 'case', id);
    const before = await present(tx, row);
    await fn(tx, row);
    const [after] = await tx.query(`update cases set updated_at = now() where id = $1 returning *`, [id]);
    const view = await present(tx, after);
    await recordAudit(tx, actor, { action, resource: 'case', resourceId: id, before, after: view });
    return { result: view, inputs: [] };
  });
}

export const addCaseNote = (ctx: Ctx, p: Principal, actor: Actor, id: string, text: string) =>
  change(ctx, p, actor, id, 'note', async (tx) => {
    await tx.query(`insert into case_notes (case_id, author, text) values ($1, $2, $3)`, [id, p.id, text]);
  });

export const addCaseAlerts = (ctx: Ctx, p: Principal, actor: Actor, id: string, alertIds: string[]) =>
  change(ctx, p, actor, id, 'add_alerts', async (tx) => {
    const found = new Set((await tx.query(`select alert_id from alerts where alert_id = any($1)`, [alertIds])).map((r) => r.alert_id));
    const missing = alertIds.findIndex((a) => !found.has(a));
    if (missing >= 0) throw invalidField(`/alertIds/${missing}`, `no alert ${alertIds[missing]}`, 'alert.unknown', { id: alertIds[missing] });
    await tx.query(`insert into case_alerts (case_id, alert_id) select $1, unnest($2::text[]) on conflict do nothing`, [id, alertIds]);
  });

/**
 * Refers the case to a judicial company: the case itself, and its alerts, their trips and CNs (so
 * the track, the timeline and the notes open for the judicial reader as well).
 */
export const referCase = (ctx: Ctx, p: Principal, actor: Actor, id: string, judicialUbn: string) =>
  change(ctx, p, actor, id, 'refer', async (tx, row) => {
    if (row.status === 'closed') throw invalidField('/judicialUbn', 'a closed case is not referred', 'case.closed');
    await refer(tx, p, actor, { kind: 'case', resourceId: id, judicialUbn });
    const alerts = await tx.query(
      `select a.alert_id, a.trip_id, t.cn_nos from case_alerts c join alerts a on a.alert_id = c.alert_id left join trips t on t.trip_id = a.trip_id where c.case_id = $1`,
      [id],
    );
    for (const a of alerts) {
      await refer(tx, p, actor, { kind: 'alert', resourceId: a.alert_id, judicialUbn });
      if (a.trip_id) await refer(tx, p, actor, { kind: 'trip', resourceId: a.trip_id, judicialUbn });
      for (const cn of (a.cn_nos as string[] | null) ?? []) {
        if ((await tx.query(`select 1 from transport_notes where cn_no = $1`, [cn])).length) await refer(tx, p, actor, { kind: 'transport_note', resourceId: cn, judicialUbn });
      }
    }
    await tx.query(`update cases set status = 'referred' where id = $1 and status = 'open'`, [id]);
  });

/** Records the criminal outcome (decision or judgment day); the sanction deadline follows from it. */
export const setOutcome = (ctx: Ctx, p: Principal, actor: Actor, id: string, o: { outcome: string; decidedOn: string }) =>
  change(ctx, p, actor, id, 'outcome', async (tx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(o.decidedOn) || !Number.isFinite(Date.parse(o.decidedOn))) throw invalidField('/decidedOn', 'must be a date YYYY-MM-DD', 'string.format', { format: 'date' });
    await tx.query(`update cases set criminal_outcome = $2, criminal_outcome_at = $3, sanction_deadline = $4, reminded_at = null where id = $1`, [
      id, o.outcome, o.decidedOn, sanctionDeadline(o.decidedOn),
    ]);
  });

export const closeCase = (ctx: Ctx, p: Principal, actor: Actor, id: string) =>
  change(ctx, p, actor, id, 'close', async (tx) => {
    await tx.query(`update cases set status = 'closed' where id = $1`, [id]);
  });

/**
 * Cases whose sanction deadline is within REMINDER_DAYS of `now` and that were not reminded in the
 * last week: marked reminded and returned (the caller mails them).
 */
export async function dueReminders(q: Queryable, now = Date.now()): Promise<{ id: string; title: string; sanctionDeadline: string; daysLeft: number }[]> {
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  const rows = await q.query(
    `update cases set reminded_at = $3
      where status <> 'closed' and sanction_deadline is not null and sanction_deadline <= $1::date + $2::int
        and (reminded_at is null or reminded_at < $3::timestamptz - interval '7 days')
     returning id, title, sanction_deadline, (sanction_deadline - $1::date) as days_left`,
    [today, REMINDER_DAYS, new Date(now).toISOString()],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, sanctionDeadline: day(r.sanction_deadline)!, daysLeft: Number(r.days_left) }));
}
