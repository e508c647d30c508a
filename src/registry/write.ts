// One registry write: its rows, its audit entry and the engine inputs it causes, committed in the
// intake's transaction, so the engine never misses a change nor hears of one that was rolled back.
import { recordAudit, type Actor, type AuditEntry } from '../audit/trail.ts';
import { conflict } from '../core/errors.ts';
import type { EngineInput, EngineInputType } from '../core/types.ts';
import type { NewInput, Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { isUniqueViolation } from './store-common.ts';

/** An engine input of this type; the intake gives it its time when it stores it. */
export function engineInput<K extends EngineInputType>(type: K, data: Extract<EngineInput, { type: K }>['data']): NewInput {
  return { type, data } as NewInput;
}

export interface WriteOutcome<T> {
  result: T;
  audit: AuditEntry;
  /** Bodies for the monitoring engine, stored in the same transaction as the rows. */
  inputs: NewInput[];
}

/**
 * Runs `fn` (which must use only `tx`) in the intake's transaction and records its audit entry
 * there: all of it commits or none of it does. A uniqueness race lost to a concurrent writer is a
 * conflict, like the check made before it.
 */
export async function writeAudited<T>(
  ctx: Pick<Platform, 'inputs'>,
  actor: Actor,
  fn: (tx: Queryable) => Promise<WriteOutcome<T>>,
): Promise<T> {
  try {
    return await ctx.inputs.transact(async (tx) => {
      const out = await fn(tx);
      await recordAudit(tx, actor, out.audit);
      return { result: out.result, inputs: out.inputs };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('A record with the same identifier was stored at the same moment; fetch it and try again', 'record.stored_meanwhile');
    throw err;
  }
}
