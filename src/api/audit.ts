// The API's side of the audit trail: the actor of a request (its principal and address).
import type { FastifyRequest } from 'fastify';
import { actorOf, recordAudit, type Actor, type AuditEntry } from '../audit/trail.ts';
import type { Queryable } from '../store/db.ts';

export type { Actor, AuditEntry };

/** Who makes this request, for services and the audit trail. */
export const requestActor = (req: FastifyRequest): Actor => actorOf(req.principal, req.ip);

export async function audit(q: Queryable, req: FastifyRequest, e: AuditEntry): Promise<void> {
  await recordAudit(q, requestActor(req), e);
}
