// The parts of the platform the note operations use. They serve JSON requests, uploads and the
// field app's photo confirmations alike, and know nothing of HTTP: the caller passes who acts (an
// audit-trail Actor) and the Principal whose roles and company decide what they may do.
import { DomainError, unavailable } from '../core/errors.ts';
import type { Platform, Written } from '../platform.ts';
import type { Queryable } from '../store/db.ts';

export type NoteServices = Pick<Platform, 'db' | 'inputs' | 'log'>;

/**
 * Runs a write in the intake's transaction: its rows, audit entry and engine inputs are stored
 * together or not at all. A refusal (a domain error) reaches the caller as it is; any other failure
 * (the input log, the database) left nothing stored, so the caller may simply send it again.
 */
export async function storeWrite<T>(svc: NoteServices, what: string, write: (tx: Queryable) => Promise<Written<T>>): Promise<T> {
  try {
    return await svc.inputs.transact(write);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    svc.log?.error({ err }, `${what} not stored`);
    throw unavailable(`${what} was not stored; send it again later`);
  }
}
