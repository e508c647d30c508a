// The offline-unseal permission (離線解封申請): a responsible person applies for themselves;
// customs approves, rejects or revokes. Customs sees every application, a yard operator its
// company's, a responsible person their own. Each write is audited in its transaction.
import type { AppContext } from '../platform.ts';
import { recordAudit, type Actor } from '../audit/trail.ts';
import { applicationsWhere, mayReadApplication } from '../access/policy.ts';
import { isCustoms, type Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { conflict, FieldErrors, forbidden, notFound } from '../core/errors.ts';
import type { Queryable, Row } from '../store/db.ts';
import { offlinePermission } from './service.ts';

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export type Decision = 'approve' | 'reject' | 'revoke';

/** The state a decision applies to, and the state it leads to. */
const DECISIONS: Record<Decision, { from: ApplicationStatus; to: ApplicationStatus }> = {
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  revoke: { from: 'approved', to: 'revoked' },
};

const SELECT = `select a.*, u.username, u.name from offline_unseal_applications a join users u on u.id = a.user_id`;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export function presentApplication(r: Row) {
  return {
    id: r.id as string,
    userId: r.user_id as string,
    username: (r.username as string | undefined) ?? null,
    name: (r.name as string | undefined) ?? null,
    companyUbn: r.company_ubn as string,
    storageCodes: r.storage_codes as string[],
    reason: r.reason ?? null,
    status: r.status as ApplicationStatus,
    validUntil: iso(r.valid_until),
    decidedBy: r.decided_by ?? null,
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note ?? null,
    createdAt: iso(r.created_at),
  };
}

export type ApplicationView = ReturnType<typeof presentApplication>;

async function applicationRow(q: Queryable, id: string, lock = false): Promise<Row | undefined> {
  const [row] = await q.query(`${SELECT} where a.id = $1${lock ? ' for update of a' : ''}`, [id]);
  return row;
}

/** POST /offline-unseal/applications: one open (pending or approved) application per person. */
export async function applyForPermission(ctx: AppContext, actor: Actor, p: Principal, reason?: string): Promise<ApplicationView> {
  if (p.kind !== 'user') throw forbidden('The permission is for a person: log in as the responsible person', 'person.only');
  const row = await ctx.db.transaction(async (tx) => {
    const [open] = await tx.query(
      `select id, status from offline_unseal_applications where user_id = $1 and status in ('pending', 'approved')
       and (valid_until is null or valid_until > now()) for update`,
      [p.id],
    );
    if (open) throw conflict(`You already have an application ${open.id} that is ${open.status}`, 'offline.application_open', { id: open.id, status: open.status });
    const id = newId('oua');
    await tx.query(
      `insert into offline_unseal_applications (id, user_id, company_ubn, storage_codes, reason, status) values ($1,$2,$3,$4,$5,'pending')`,
      [id, p.id, p.companyUbn, p.storageCodes, reason ?? null],
    );
    const row = (await applicationRow(tx, id))!;
    await recordAudit(tx, actor, { action: 'apply', resource: 'offline_unseal_application', resourceId: id, after: presentApplication(row) });
    return row;
  });
  return presentApplication(row);
}

/** The applications `p` may see, newest first. */
export async function listApplications(ctx: AppContext, p: Principal, f: { status?: ApplicationStatus; userId?: string }): Promise<ApplicationView[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  const readable = applicationsWhere(p, 'a', params);
  if (readable) where.push(readable);
  if (f.status) add('a.status = ?', f.status);
  if (f.userId) add('a.user_id = ?', f.userId);
  const rows = await ctx.db.query(`${SELECT} ${where.length ? 'where ' + where.join(' and ') : ''} order by a.created_at desc limit 1000`, params);
  return rows.map(presentApplication);
}

/** One application, if `p` may see it (else not_found). */
export async function visibleApplication(ctx: AppContext, p: Principal, id: string): Promise<ApplicationView> {
  const row = await applicationRow(ctx.db, id);
  if (!row || !mayReadApplication(p, { userId: row.user_id, companyUbn: row.company_ubn })) throw notFound(`Offline-unseal application ${id}`, 'offline_application', id);
  return presentApplication(row);
}

/** approve / reject / revoke: a customs decision on an application in the state the decision applies to. */
export async function decideApplication(
  ctx: AppContext,
  actor: Actor,
  p: Principal,
  id: string,
  action: Decision,
  body: { note?: string; validUntil?: string },
): Promise<ApplicationView> {
  const { from, to } = DECISIONS[action];
  if (body.validUntil !== undefined) {
    const errs = new FieldErrors();
    if (action !== 'approve') errs.add('/body/validUntil', 'only an approval has a validity', 'offline.validity_approve_only');
    else if (Date.parse(body.validUntil) <= Date.now()) errs.add('/body/validUntil', 'must be in the future', 'time.not_future');
    errs.throwIfAny();
  }
  const row = await ctx.db.transaction(async (tx) => {
    const before = await applicationRow(tx, id, true);
    if (!before) throw notFound(`Offline-unseal application ${id}`, 'offline_application', id);
    if (before.status !== from) {
      throw conflict(`Application ${before.id} is ${before.status}; only a ${from} application can be ${to}`, 'offline.application_state', { id: before.id, status: before.status, from, to });
    }
    await tx.query(
      `update offline_unseal_applications set status = $2, decided_by = $3, decided_at = now(), decision_note = $4,
         valid_until = coalesce($5::timestamptz, valid_until) where id = $1`,
      [before.id, to, `${p.kind}:${p.id}`, body.note ?? null, action === 'approve' ? (body.validUntil ?? null) : null],
    );
    const after = (await applicationRow(tx, before.id))!;
    await recordAudit(tx, actor, {
      action,
      resource: 'offline_unseal_application',
      resourceId: before.id,
      before: presentApplication(before),
      after: presentApplication(after),
    });
    return after;
  });
  return presentApplication(row);
}

/** GET /offline-unseal/permission: whether `p` may unseal offline now, and on what basis. */
export async function permissionOf(ctx: AppContext, p: Principal) {
  if (isCustoms(p)) return { allowed: true, basis: 'customs' as const, application: null };
  const row = await offlinePermission(ctx.db, p.id);
  return { allowed: !!row, basis: row ? ('application' as const) : null, application: row ? presentApplication(row) : null };
}
