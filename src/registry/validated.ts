// Validation in two steps, shared by the registry's writes: the checks that need no database,
// then those that do, reported together as one `invalid` naming every bad field.
import { FieldErrors } from '../core/errors.ts';
import type { Queryable } from '../store/db.ts';

/**
 * Runs `form`, then `refs`, and throws `invalid` naming every bad field. A field already wrong in
 * form is not reported again as, say, "no company".
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
    if (!reported.some((p) => e.path === p || e.path.startsWith(`${p}/`))) errs.add(e.path, e.message, e.code, e.params);
  }
  errs.throwIfAny();
  return value;
}

/** The id naming the record and the id in its new body must be the same record. */
export function requireSameId(pathId: string, bodyId: string, field: string): void {
  if (pathId === bodyId) return;
  const errs = new FieldErrors();
  errs.add(`/body/${field}`, `must match the ${field} in the path (${pathId}), got ${bodyId}`, 'id.mismatch', { field, expected: pathId, actual: bodyId });
  errs.throwIfAny();
}
