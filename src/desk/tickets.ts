// The customer-service desk (客服中心, 2 agents, 08:00–20:00 Asia/Taipei): tickets from portal users
// and officers about a system anomaly, a connection problem, a CN correction after release, or
// help finding a qualified bonded truck, linked to a CN, a trip or a company. A new ticket goes to
// the desk in its hours and to the monitoring centre after them; when the desk opens, the
// monitoring centre's untouched tickets pass to it. Each ticket has a response deadline (SLA) by
// category and priority, an assignee, and a history of every change.
import { recordAudit, type Actor } from '../audit/trail.ts';
import type { Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { forbidden, invalidField, notFound } from '../core/errors.ts';
import { mayHandleTickets, mayReadTicket, ticketsWhere } from '../access/policy.ts';
import type { Platform } from '../platform.ts';
import type { Queryable, Row } from '../store/db.ts';

export const TICKET_CATEGORIES = ['system_anomaly', 'connection', 'cn_correction', 'find_truck', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const PRIORITIES = ['normal', 'urgent'] as const;

/** Desk hours, Taipei wall clock: [08:00, 20:00). */
export const DESK_OPENS_H = 8;
export const DESK_CLOSES_H = 20;

/** Minutes to the first response, by category (urgent tickets get half). */
export const SLA_MIN: Record<TicketCategory, number> = {
  system_anomaly: 120,
  connection: 120,
  cn_correction: 480,
  find_truck: 60,
  other: 480,
};

export function taipeiHour(t: number): number {
  return new Date(t + 8 * 3600_000).getUTCHours();
}

/** Who takes a ticket raised at `t`: the desk in its hours, the monitoring centre after them. */
export function queueAt(t: number): 'desk' | 'monitoring' {
  const h = taipeiHour(t);
  return h >= DESK_OPENS_H && h < DESK_CLOSES_H ? 'desk' : 'monitoring';
}

export function slaDue(t: number, category: TicketCategory, priority: (typeof PRIORITIES)[number]): string {
  return new Date(t + (SLA_MIN[category] / (priority === 'urgent' ? 2 : 1)) * 60_000).toISOString();
}

export interface TicketView {
  id: string;
  category: TicketCategory;
  subject: string;
  body: string;
  cnNo: string | null;
  tripId: string | null;
  companyUbn: string | null;
  reporterId: string;
  reporterCompany: string;
  queue: 'desk' | 'monitoring';
  assignee: string | null;
  status: TicketStatus;
  priority: 'normal' | 'urgent';
  slaDueAt: string;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export function present(r: Row, now = Date.now()): TicketView {
  const due = new Date(r.sla_due_at).toISOString();
  return {
    id: r.id,
    category: r.category,
    subject: r.subject,
    body: r.body,
    cnNo: r.cn_no ?? null,
    tripId: r.trip_id ?? null,
    companyUbn: r.company_ubn ?? null,
    reporterId: r.reporter_id,
    reporterCompany: r.reporter_company,
    queue: r.queue,
    assignee: r.assignee ?? null,
    status: r.status,
    priority: r.priority,
    slaDueAt: due,
    overdue: (r.status === 'open' || r.status === 'in_progress') && Date.parse(due) < now,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
  };
}

type Ctx = Pick<Platform, 'db' | 'inputs'>;

export interface NewTicket {
  category: TicketCategory;
  subject: string;
  body: string;
  priority?: 'normal' | 'urgent';
  cnNo?: string;
  tripId?: string;
  companyUbn?: string;
}

export async function createTicket(ctx: Ctx, p: Principal, actor: Actor, t: NewTicket, now = Date.now()): Promise<TicketView> {
  return ctx.inputs.transact(async (tx) => {
    if (t.cnNo && !(await tx.query(`select 1 from transport_notes where cn_no = $1`, [t.cnNo])).length) throw invalidField('/cnNo', `no transport note ${t.cnNo}`, 'cn.unknown', { cnNo: t.cnNo });
    if (t.tripId && !(await tx.query(`select 1 from trips where trip_id = $1`, [t.tripId])).length) throw invalidField('/tripId', `no trip ${t.tripId}`, 'trip.unknown', { tripId: t.tripId });
    if (t.companyUbn && !(await tx.query(`select 1 from companies where ubn = $1`, [t.companyUbn])).length) throw invalidField('/companyUbn', `no company ${t.companyUbn}`, 'company.unknown', { ubn: t.companyUbn });
    const priority = t.priority ?? 'normal';
    const at = new Date(now).toISOString();
    const [row] = await tx.query(
      `insert into tickets (id, category, subject, body, cn_no, trip_id, company_ubn, reporter_id, reporter_company, queue, status, priority, sla_due_at, created_at, updated_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'open',$11,$12,$13,$13) returning *`,
      [newId('tkt'), t.category, t.subject, t.body, t.cnNo ?? null, t.tripId ?? null, t.companyUbn ?? null, p.id, p.companyUbn, queueAt(now), priority, slaDue(now, t.category, priority), at],
    );
    await tx.query(`insert into ticket_events (ticket_id, at, actor, kind, data) values ($1, $2, $3, 'created', $4)`, [row.id, at, p.id, JSON.stringify({ queue: row.queue })]);
    const view = present(row, now);
    await recordAudit(tx, actor, { action: 'create', resource: 'ticket', resourceId: row.id, after: view });
    return { result: view, inputs: [] };
  });
}

export async function listTickets(q: Queryable, p: Principal, o: { queue?: string; status?: string; limit: number; offset: number }): Promise<TicketView[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const scope = ticketsWhere(p, 't', params);
  if (scope) where.push(scope);
  for (const [col, v] of [['queue', o.queue], ['status', o.status]] as const) {
    if (!v) continue;
    params.push(v);
    where.push(`t.${col} = $${params.length}`);
  }
  params.push(o.limit, o.offset);
  const rows = await q.query(
    `select * from tickets t ${where.length ? `where ${where.join(' and ')}` : ''} order by t.created_at desc, t.id limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return rows.map((r) => present(r));
}

async function readable(q: Queryable, p: Principal, id: string): Promise<Row> {
  const [row] = await q.query(`select * from tickets where id = $1`, [id]);
  if (!row || !mayReadTicket(p, row.reporter_company)) throw notFound(`Ticket ${id}`, 'ticket', id);
  return row;
}

export async function getTicket(q: Queryable, p: Principal, id: string) {
  const row = await readable(q, p, id);
  const events = await q.query(`select at, actor, kind, data from ticket_events where ticket_id = $1 order by id`, [id]);
  return { ...present(row), history: events.map((e) => ({ at: new Date(e.at).toISOString(), actor: e.actor, kind: e.kind, data: e.data ?? null })) };
}

export interface TicketChange {
  status?: TicketStatus;
  assignee?: string | null;
  queue?: 'desk' | 'monitoring';
  comment?: string;
}

/** Changes a ticket: the desk (customs) sets status, assignee and queue; the reporter's company may comment. */
export async function updateTicket(ctx: Ctx, p: Principal, actor: Actor, id: string, c: TicketChange): Promise<TicketView> {
  const handling = c.status !== undefined || c.assignee !== undefined || c.queue !== undefined;
  if (handling && !mayHandleTickets(p)) throw forbidden('Only the service desk and the monitoring centre handle tickets');
  return ctx.inputs.transact(async (tx) => {
    const row = await readable(tx, p, id);
    const before = present(row);
    const sets: string[] = ['updated_at = now()'];
    const params: unknown[] = [id];
    const events: [string, unknown][] = [];
    const set = (col: string, v: unknown) => {
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    };
    if (c.status !== undefined && c.status !== row.status) {
      set('status', c.status);
      if (c.status === 'resolved' || c.status === 'closed') sets.push(`resolved_at = coalesce(resolved_at, now())`);
      else sets.push('resolved_at = null');
      events.push(['status', { from: row.status, to: c.status }]);
    }
    if (c.assignee !== undefined && c.assignee !== row.assignee) {
      if (c.assignee && !(await tx.query(`select 1 from users where id = $1 or username = $1`, [c.assignee])).length) throw invalidField('/assignee', `no user ${c.assignee}`, 'user.unknown', { user: c.assignee });
      set('assignee', c.assignee);
      if (row.status === 'open' && c.status === undefined && c.assignee) sets.push(`status = 'in_progress'`);
      events.push(['assigned', { from: row.assignee ?? null, to: c.assignee }]);
    }
    if (c.queue !== undefined && c.queue !== row.queue) {
      set('queue', c.queue);
      events.push(['queue', { from: row.queue, to: c.queue }]);
    }
    if (c.comment) events.push(['comment', { text: c.comment }]);
    const [after] = await tx.query(`update tickets set ${sets.join(', ')} where id = $1 returning *`, params);
    for (const [kind, data] of events) {
      await tx.query(`insert into ticket_events (ticket_id, actor, kind, data) values ($1, $2, $3, $4)`, [id, p.id, kind, JSON.stringify(data)]);
    }
    const view = present(after);
    await recordAudit(tx, actor, { action: 'update', resource: 'ticket', resourceId: id, before, after: view });
    return { result: view, inputs: [] };
  });
}

/** When the desk opens, the monitoring centre's open, unassigned tickets pass to it. Returns how many. */
export async function handOverToDesk(q: Queryable, now = Date.now()): Promise<number> {
  if (queueAt(now) !== 'desk') return 0;
  const moved = await q.query(
    `update tickets set queue = 'desk', updated_at = now() where queue = 'monitoring' and status = 'open' and assignee is null returning id`,
  );
  for (const m of moved) {
    await q.query(`insert into ticket_events (ticket_id, actor, kind, data) values ($1, 'system:desk-hours', 'queue', $2)`, [m.id, JSON.stringify({ from: 'monitoring', to: 'desk' })]);
  }
  return moved.length;
}
