// Applications the trade files on the portal (申辦案件) and customs decides: an account or
// permission request, a bonded-truck fleet registration (vehicles and drivers already in the
// registry), a device type approval. Every step (filed, taken up, approved or rejected, with the
// officer's note) is kept and shown to the applicant; every write is audited in its transaction.
// An approved account request makes the account with the password chosen when it was filed.
import { recordAudit, type Actor } from '../audit/trail.ts';
import { APPLICATION_KINDS, mayApply, mayReadPortalApplication, portalApplicationsWhere, type PortalApplicationKind } from '../access/policy.ts';
import { hashPassword, newId } from '../auth/secrets.ts';
import { ROLES, type Principal, type Role } from '../auth/roles.ts';
import { validateNationalId } from '../core/ids/index.ts';
import { conflict, FieldErrors, forbidden, notFound } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { getDrivers } from '../registry/drivers.ts';
import { getVehicles } from '../registry/vehicles.ts';
import type { Queryable, Row } from '../store/db.ts';
import { enqueueNotification } from '../notifications/events.ts';

export { APPLICATION_KINDS };
export const PORTAL_STATUSES = ['submitted', 'in_review', 'approved', 'rejected'] as const;
export type PortalStatus = (typeof PORTAL_STATUSES)[number];
export const DECISIONS = ['in_review', 'approved', 'rejected'] as const;
export type PortalDecision = (typeof DECISIONS)[number];
export const DEVICE_KINDS = ['obu', 'seal'] as const;
/** Roles an account request may ask for: the trade's, never customs'. */
export const REQUESTABLE_ROLES: readonly Role[] = ROLES.filter((r) => !['customs_admin', 'customs_officer', 'judicial'].includes(r));

export interface ApplicationInput {
  kind: PortalApplicationKind;
  note?: string;
  /** account */
  username?: string;
  name?: string;
  roles?: string[];
  nationalId?: string;
  password?: string;
  /** fleet */
  plates?: string[];
  driverIds?: string[];
  /** type_approval */
  model?: string;
  deviceKind?: string;
  manufacturer?: string;
  protocols?: string[];
  specification?: string;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

function present(r: Row, steps: Row[] = []) {
  return {
    id: r.id as string,
    kind: r.kind as PortalApplicationKind,
    companyUbn: r.company_ubn as string,
    companyName: (r.company_name as string | undefined) ?? null,
    applicantId: r.applicant_id as string,
    subject: r.subject as string,
    details: r.details as Record<string, unknown>,
    status: r.status as PortalStatus,
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedAt: iso(r.decided_at),
    decisionNote: (r.decision_note as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    steps: steps.map((s) => ({ status: s.status as string, at: iso(s.at)!, by: s.by_id as string, note: (s.note as string | null) ?? null })),
  };
}
export type PortalApplicationView = ReturnType<typeof present>;

const SELECT = `select a.*, c.name as company_name from portal_applications a join companies c on c.ubn = a.company_ubn`;

async function load(q: Queryable, id: string, lock = false): Promise<Row | undefined> {
  const [row] = await q.query(`${SELECT} where a.id = $1${lock ? ' for update of a' : ''}`, [id]);
  return row;
}
async function stepsOf(q: Queryable, id: string): Promise<Row[]> {
  return q.query('select * from portal_application_steps where application_id = $1 order by seq', [id]);
}
async function addStep(q: Queryable, id: string, status: PortalStatus, by: string, note: string | null): Promise<void> {
  await q.query(
    `insert into portal_application_steps (application_id, seq, status, by_id, note)
     values ($1, (select coalesce(max(seq), 0) + 1 from portal_application_steps where application_id = $1), $2, $3, $4)`,
    [id, status, by, note],
  );
}

const trimmed = (s: string | undefined) => (s ?? '').trim();

/** What the application is about and its details, checked field by field (the form names each bad one). */
async function checked(q: Queryable, p: Principal, b: ApplicationInput): Promise<{ subject: string; details: Record<string, unknown>; passwordHash?: string }> {
  const errs = new FieldErrors();
  const note = b.note?.trim() || undefined;
  if (b.kind === 'account') {
    const username = trimmed(b.username);
    const name = trimmed(b.name);
    if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) errs.add('/body/username', '3 to 64 letters, digits, dots, dashes or underscores', 'username.format', { min: 3, max: 64 });
    if (!name) errs.add('/body/name', 'the person’s name is required', 'required', { name: 'name' });
    const roles = b.roles ?? [];
    if (roles.length === 0) errs.add('/body/roles', 'at least one role', 'array.too_short', { limit: 1 });
    roles.forEach((r, i) => {
      if (!REQUESTABLE_ROLES.includes(r as Role)) errs.add(`/body/roles/${i}`, `not a role the trade may request: ${r}`, 'role.not_requestable', { role: String(r) });
    });
    const id = b.nationalId ? validateNationalId(b.nationalId) : undefined;
    if (id && !id.ok) errs.add('/body/nationalId', `not a valid national ID: ${id.message}`, id.code, id.params);
    if (!b.password || b.password.length < 10) errs.add('/body/password', 'at least 10 characters', 'string.too_short', { limit: 10 });
    errs.throwIfAny();
    if ((await q.query('select 1 from users where username = $1', [username])).length) errs.add('/body/username', `username ${username} is taken`, 'username.taken', { username });
    errs.throwIfAny();
    return {
      subject: `${name} (${username})`,
      details: { username, name, roles, ...(b.nationalId ? { nationalId: b.nationalId } : {}), ...(note ? { note } : {}) },
      passwordHash: await hashPassword(b.password!),
    };
  }
  if (b.kind === 'fleet') {
    const plates = [...new Set((b.plates ?? []).map((x) => x.replace(/[\s-]/g, '').toUpperCase()))];
    const driverIds = [...new Set((b.driverIds ?? []).map((x) => x.trim().toUpperCase()))];
    if (plates.length === 0) errs.add('/body/plates', 'at least one vehicle of the fleet', 'array.too_short', { limit: 1 });
    const vehicles = new Map((await getVehicles(q, plates)).map((v) => [v.plate, v]));
    plates.forEach((plate, i) => {
      const v = vehicles.get(plate);
      if (!v || v.fleetUbn !== p.companyUbn) errs.add(`/body/plates/${i}`, `vehicle ${plate} is not registered to your fleet`, 'vehicle.not_in_fleet', { plate });
    });
    const drivers = new Map((await getDrivers(q, driverIds)).map((d) => [d.nationalId, d]));
    driverIds.forEach((id, i) => {
      const d = drivers.get(id);
      if (!d || d.fleetUbn !== p.companyUbn) errs.add(`/body/driverIds/${i}`, `driver ${id} is not registered to your fleet`, 'driver.not_in_fleet', { id });
    });
    errs.throwIfAny();
    return { subject: plates.join(', '), details: { plates, driverIds, ...(note ? { note } : {}) } };
  }
  // type_approval
  const model = trimmed(b.model);
  const manufacturer = trimmed(b.manufacturer);
  if (!model) errs.add('/body/model', 'the device model is required', 'required', { name: 'model' });
  if (!manufacturer) errs.add('/body/manufacturer', 'the manufacturer is required', 'required', { name: 'manufacturer' });
  if (!DEVICE_KINDS.includes(b.deviceKind as (typeof DEVICE_KINDS)[number])) errs.add('/body/deviceKind', 'obu or seal', 'enum', { allowed: DEVICE_KINDS.join(', ') });
  errs.throwIfAny();
  const open = await q.query(
    `select id from portal_applications where kind = 'type_approval' and company_ubn = $1 and subject = $2 and status <> 'rejected'`,
    [p.companyUbn, model],
  );
  if (open.length) throw conflict(`Model ${model} already has application ${open[0].id}`, 'application.model_open', { model, id: open[0].id });
  return {
    subject: model,
    details: {
      model, manufacturer, deviceKind: b.deviceKind,
      protocols: b.protocols ?? [],
      ...(b.specification?.trim() ? { specification: b.specification.trim() } : {}),
      ...(note ? { note } : {}),
    },
  };
}

/** POST /portal/applications: filed by a person of the trade, for its own company. */
export async function fileApplication(ctx: Platform, actor: Actor, p: Principal, b: ApplicationInput): Promise<PortalApplicationView> {
  if (!mayApply(p, b.kind)) throw forbidden(p.kind === 'user' ? `Your role does not file ${b.kind} applications` : 'Applications are filed by a person: log in');
  const { subject, details, passwordHash } = await checked(ctx.db, p, b);
  const id = newId('app');
  const row = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into portal_applications (id, kind, company_ubn, applicant_id, subject, details, password_hash) values ($1,$2,$3,$4,$5,$6,$7)`,
      [id, b.kind, p.companyUbn, p.id, subject, JSON.stringify(details), passwordHash ?? null],
    );
    await addStep(tx, id, 'submitted', p.id, details.note as string | undefined ?? null);
    const row = (await load(tx, id))!;
    await recordAudit(tx, actor, { action: 'apply', resource: 'portal_application', resourceId: id, after: present(row) });
    return row;
  });
  return present(row, await stepsOf(ctx.db, id));
}

export interface ApplicationFilter {
  kind?: PortalApplicationKind;
  status?: PortalStatus;
}

/** The applications `p` may see (customs: all, for its review queue; else its company's), newest first. */
export async function listPortalApplications(ctx: Platform, p: Principal, f: ApplicationFilter): Promise<PortalApplicationView[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const scope = portalApplicationsWhere(p, 'a', params);
  if (scope) where.push(scope);
  if (f.kind) where.push(`a.kind = $${params.push(f.kind)}`);
  if (f.status) where.push(`a.status = $${params.push(f.status)}`);
  const rows = await ctx.db.query(`${SELECT} ${where.length ? `where ${where.join(' and ')}` : ''} order by a.created_at desc limit 500`, params);
  const steps = rows.length
    ? await ctx.db.query('select * from portal_application_steps where application_id = any($1) order by application_id, seq', [rows.map((r) => r.id)])
    : [];
  return rows.map((r) => present(r, steps.filter((s) => s.application_id === r.id)));
}

export async function portalApplication(ctx: Platform, p: Principal, id: string): Promise<PortalApplicationView> {
  const row = await load(ctx.db, id);
  if (!row || !mayReadPortalApplication(p, row.company_ubn)) throw notFound(`Application ${id}`, 'application', id);
  return present(row, await stepsOf(ctx.db, id));
}

/** Which decision follows which status: take up, then approve or reject (a note is required to reject). */
const FROM: Record<PortalDecision, readonly PortalStatus[]> = {
  in_review: ['submitted'],
  approved: ['submitted', 'in_review'],
  rejected: ['submitted', 'in_review'],
};

/** POST /portal/applications/{id}/decision: customs, with a note; an approved account request makes the account. */
export async function decidePortalApplication(
  ctx: Platform,
  actor: Actor,
  p: Principal,
  id: string,
  decision: PortalDecision,
  note: string | undefined,
): Promise<PortalApplicationView> {
  const text = note?.trim() || null;
  if (decision === 'rejected' && !text) {
    const errs = new FieldErrors();
    errs.add('/body/note', 'say why the application is rejected', 'application.reject_note');
    errs.throwIfAny();
  }
  await ctx.db.transaction(async (tx) => {
    const before = await load(tx, id, true);
    if (!before) throw notFound(`Application ${id}`, 'application', id);
    if (!FROM[decision].includes(before.status)) {
      throw conflict(`Application ${id} is ${before.status}; it cannot become ${decision}`, 'application.state', { id, status: before.status, decision });
    }
    const final = decision !== 'in_review';
    await tx.query(
      `update portal_applications set status = $2, decided_by = case when $3 then $4 else decided_by end,
         decided_at = case when $3 then now() else decided_at end, decision_note = coalesce($5, decision_note) where id = $1`,
      [id, decision, final, p.id, text],
    );
    await addStep(tx, id, decision, p.id, text);
    if (decision === 'approved' && before.kind === 'account') await createAccount(tx, actor, before);
    const after = (await load(tx, id))!;
    await recordAudit(tx, actor, { action: decision === 'in_review' ? 'review' : decision === 'approved' ? 'approve' : 'reject', resource: 'portal_application', resourceId: id, before: present(before), after: present(after) });
    // The applicant's people hear of the decision in the same commit, so a decision is never lost or told twice.
    if (final) {
      await enqueueNotification(tx, {
        kind: 'application_decided', at: new Date().toISOString(), applicationId: id, applicationType: before.kind, decision,
        companyUbn: before.company_ubn, applicantUserId: before.applicant_id ?? undefined, title: before.subject ?? undefined, note: text ?? undefined,
      });
    }
  });
  return portalApplication(ctx, p, id);
}

async function createAccount(tx: Queryable, actor: Actor, app: Row): Promise<void> {
  const d = app.details as { username: string; name: string; roles: string[]; nationalId?: string };
  if ((await tx.query('select 1 from users where username = $1', [d.username])).length) throw conflict(`Username ${d.username} was taken meanwhile`, 'username.taken', { username: d.username });
  const userId = newId('usr');
  await tx.query(
    `insert into users (id, username, name, company_ubn, roles, national_id, storage_codes, password_hash) values ($1,$2,$3,$4,$5,$6,'{}',$7)`,
    [userId, d.username, d.name, app.company_ubn, d.roles, d.nationalId ?? null, app.password_hash],
  );
  await tx.query('update portal_applications set password_hash = null where id = $1', [app.id]);
  await recordAudit(tx, actor, { action: 'create', resource: 'user', resourceId: userId, after: { id: userId, username: d.username, name: d.name, companyUbn: app.company_ubn, roles: d.roles, application: app.id } });
}

/** The published lists: device models customs certified, and fleets meeting the requirements (public). */
export async function certifiedModels(ctx: Platform) {
  const rows = await ctx.db.query(
    `${SELECT} where a.kind = 'type_approval' and a.status = 'approved' order by a.decided_at desc`,
  );
  return rows.map((r) => {
    const d = r.details as Record<string, unknown>;
    return { model: r.subject as string, deviceKind: d.deviceKind as string, manufacturer: d.manufacturer as string, protocols: (d.protocols as string[]) ?? [], supplier: r.company_name as string, supplierUbn: r.company_ubn as string, approvedAt: iso(r.decided_at) };
  });
}

export async function approvedFleets(ctx: Platform) {
  const rows = await ctx.db.query(
    `select a.company_ubn, c.name, max(a.decided_at) as approved_at, jsonb_agg(a.details->'plates') as plates
       from portal_applications a join companies c on c.ubn = a.company_ubn
      where a.kind = 'fleet' and a.status = 'approved' group by a.company_ubn, c.name order by c.name`,
  );
  return rows.map((r) => ({
    companyUbn: r.company_ubn as string,
    name: r.name as string,
    vehicles: new Set((r.plates as string[][]).flat()).size,
    approvedAt: iso(r.approved_at),
  }));
}
