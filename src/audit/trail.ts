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
