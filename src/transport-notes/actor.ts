// Who acts on transport notes, and the services the note operations use; kept apart from Fastify
// so that the same operations serve JSON requests, uploads and multipart (photo) requests.
import type { FastifyRequest } from 'fastify';
import { audit, type AuditEntry } from '../api/audit.ts';
import type { AppContext } from '../platform.ts';
import type { Principal } from '../auth/roles.ts';
import type { Queryable } from '../store/db.ts';

export interface Actor {
  principal: Principal;
  /** Records an audit entry inside the caller's transaction. */
  audit(tx: Queryable, entry: AuditEntry): Promise<void>;
}

export type NoteServices = Pick<AppContext, 'db' | 'inputs' | 'log'>;

export function actorOf(req: FastifyRequest): Actor {
  return { principal: req.principal!, audit: (tx, entry) => audit(tx, req, entry) };
}
