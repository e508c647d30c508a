// The append-only audit trail: who did what, when, from where, with the before and after. Services
// write it with an Actor (the API builds one from the request; gateways and the platform itself
// are actors too), inside the transaction of the change it records.
import type { Principal } from '../auth/roles.ts';
import type { Queryable } from '../store/db.ts';

export interface Actor {
  kind: 'user' | 'key' | 'device' | 'system' | 'anonymous';
  id: string;
  companyUbn: string | null;
  /** Where the change came from (an IP address), when known. */
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  resource: string;
  resourceId?: string | null;
  before?: unknown;
  after?: unknown;
}

export const actorOf = (p: Principal | undefined, ip: string | null): Actor =>
  p ? { kind: p.kind, id: p.id, companyUbn: p.companyUbn, ip } : { kind: 'anonymous', id: '-', companyUbn: null, ip };

/** The platform acting on its own (a timer, a reconciliation), named by what does it. */
export const systemActor = (what: string): Actor => ({ kind: 'system', id: what, companyUbn: null, ip: null });

export async function recordAudit(q: Queryable, actor: Actor, e: AuditEntry): Promise<void> {
  await q.query(
    `insert into audit_log (actor_kind, actor_id, company_ubn, action, resource, resource_id, ip, before, after)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [
      actor.kind,
      actor.id,
      actor.companyUbn,
      e.action,
      e.resource,
      e.resourceId ?? null,
      actor.ip,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  );
}

/** Several entries in one statement (a batch of writes stored together), in the order given. */
export async function recordAudits(q: Queryable, entries: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ actor, entry: e }) => ({
    actor_kind: actor.kind, actor_id: actor.id, company_ubn: actor.companyUbn, action: e.action, resource: e.resource,
    resource_id: e.resourceId ?? null, ip: actor.ip, before: e.before ?? null, after: e.after ?? null,
  }));
  await q.query(
    `insert into audit_log (actor_kind, actor_id, company_ubn, action, resource, resource_id, ip, before, after)
     select x.actor_kind, x.actor_id, x.company_ubn, x.action, x.resource, x.resource_id, x.ip, x.before, x.after
     from jsonb_array_elements($1::jsonb) with ordinality as e(row, n),
       jsonb_to_record(e.row) as x(actor_kind text, actor_id text, company_ubn text, action text, resource text, resource_id text, ip text, before jsonb, after jsonb)
     order by e.n`,
    [JSON.stringify(rows)],
  );
}
