// The append-only audit trail: who did what, when, from where, with the before and after.
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../store/db.ts';

export interface AuditEntry {
  action: string;
  resource: string;
  resourceId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function audit(q: Queryable, req: FastifyRequest, e: AuditEntry): Promise<void> {
  const p = req.principal;
  await q.query(
    `insert into audit_log (actor_kind, actor_id, company_ubn, action, resource, resource_id, ip, before, after)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [
      p?.kind ?? 'anonymous',
      p?.id ?? '-',
      p?.companyUbn ?? null,
      e.action,
      e.resource,
      e.resourceId ?? null,
      req.ip,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  );
}
