// What the registry's route plugins share: validation in two steps, the write-audit-submit
// sequence, and the list paging parameters.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { audit, type AuditEntry } from '../api/audit.ts';
import type { AppContext } from '../platform.ts';
import { FieldErrors, conflict } from '../api/problem.ts';
import type { EngineInput, EngineInputType } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { isUniqueViolation } from './store-common.ts';

export const MAX_PAGE = 5000;

/**
 * A whole number in a query string. The app's validator does not coerce types, so query
 * parameters arrive as strings: the schema checks the digits, `queryInt` turns them into numbers.
 */
export const QueryInt = (opts: { pattern?: string; description?: string } = {}) =>
  Type.String({ pattern: opts.pattern ?? '^[0-9]{1,9}$', ...(opts.description ? { description: opts.description } : {}) });

export function queryInt(v: string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

export const PageQuery = {
  limit: Type.Optional(QueryInt({ pattern: '^[1-9][0-9]{0,8}$', description: `At most ${MAX_PAGE} (default 500)` })),
  offset: Type.Optional(QueryInt()),
};

/** limit and offset as numbers, the limit capped. */
export function page(q: { limit?: string; offset?: string }): { limit: number | undefined; offset: number | undefined } {
  const limit = queryInt(q.limit);
  return { limit: limit === undefined ? undefined : Math.min(limit, MAX_PAGE), offset: queryInt(q.offset) };
}

/**
 * Runs the checks that need no database, then those that do, and answers 422 naming every bad
 * field. A field already wrong in form is not reported again as, say, "no company".
 */
export async function validated<T>(
  q: Queryable,
  form: (errs: FieldErrors) => T,
  refs: (value: T, errs: FieldErrors) => Promise<void>,
): Promise<T> {
  const errs = new FieldErrors();
  const value = form(errs);
  const refErrs = new FieldErrors();
  await refs(value, refErrs);
  const reported = errs.list.map((e) => e.path);
  for (const e of refErrs.list) {
    if (!reported.some((p) => e.path === p || e.path.startsWith(`${p}/`))) errs.add(e.path, e.message);
  }
  errs.throwIfAny();
  return value;
}

/** The id in the path and in the body of a PUT must be the same record. */
export function requireSameId(pathId: string, bodyId: string, field: string): void {
  if (pathId === bodyId) return;
  const errs = new FieldErrors();
  errs.add(`/body/${field}`, `must match the ${field} in the path (${pathId}), got ${bodyId}`);
  errs.throwIfAny();
}

export function engineInput<K extends EngineInputType>(type: K, data: Extract<EngineInput, { type: K }>['data']): EngineInput {
  return { at: new Date().toISOString(), type, data } as EngineInput;
}

export interface WriteOutcome<T> {
  result: T;
  audit: AuditEntry;
  /** Bodies for the monitoring engine, handed over once the transaction has committed. */
  inputs: EngineInput[];
}

/**
 * One write: the change and its audit entry in one transaction, then the new bodies to the engine.
 * A uniqueness race lost to a concurrent writer is a 409, like the check made before it.
 */
export async function writeAudited<T>(
  ctx: AppContext,
  req: FastifyRequest,
  fn: (tx: Queryable) => Promise<WriteOutcome<T>>,
): Promise<T> {
  let out: WriteOutcome<T>;
  try {
    out = await ctx.db.transaction(async (tx) => {
      const o = await fn(tx);
      await audit(tx, req, o.audit);
      return o;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('A record with the same identifier was stored at the same moment; fetch it and try again');
    throw err;
  }
  if (out.inputs.length) await ctx.inputs.submit(out.inputs);
  return out.result;
}
