// Pieces every registry validator uses. The TypeBox schemas check shapes (and are the OpenAPI
// document); the validators check meaning. Both run for API bodies and for the sample files.
import { Type, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { typeboxCode } from '../core/error-codes.ts';
import { validateUbn } from '../core/ids/index.ts';
import type { Queryable } from '../store/db.ts';
import type { FieldErrorSink } from './geometry.ts';

export type { FieldErrorSink } from './geometry.ts';

/**
 * A string enum as one `enum` keyword rather than a union of literals, so a bad value is one
 * error ("must be equal to one of the allowed values"), not one per allowed value.
 */
export function StringEnum<T extends string>(values: readonly T[], opts: { description?: string } = {}) {
  return Type.String({ enum: [...values], ...opts });
}

/** A value or null (a column that may be empty; a field sent as null to clear it). */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Enum values again in the validator: TypeBox's own checker (used for the sample files) ignores `enum`. */
export function checkEnum(value: string, allowed: readonly string[], path: string, errs: FieldErrorSink): void {
  if (!allowed.includes(value)) errs.add(path, `must be one of ${allowed.join(', ')}, got "${value}"`, 'enum', { allowed: allowed.join(', ') });
}

/** A unified business number that is well formed; returns it trimmed. */
export function checkUbn(value: string, path: string, errs: FieldErrorSink): string {
  const r = validateUbn(value);
  if (!r.ok) {
    errs.add(path, r.message, r.code, r.params);
    return value;
  }
  return r.value;
}

export async function companyExists(q: Queryable, ubn: string): Promise<boolean> {
  return (await q.query('select 1 from companies where ubn = $1', [ubn])).length > 0;
}

/** Shape errors of a value against a schema, with the same /body/... paths as the API's. */
export function schemaErrors(schema: TSchema, value: unknown, prefix: string, errs: FieldErrorSink): boolean {
  let any = false;
  for (const e of Value.Errors(schema, value)) {
    const { code, params } = typeboxCode(ValueErrorType[e.type], e.path, e.schema as Record<string, unknown>);
    errs.add(`${prefix}${e.path}`, e.message, code, params);
    any = true;
  }
  return !any;
}

/** Drops undefined members so stored and submitted bodies hold only what was given. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
