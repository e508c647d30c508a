// How request schemas are checked. Bodies are JSON and keep their types: `name: 123` is refused,
// not stored as "123". Query strings and path parameters arrive as text, so there numbers and
// booleans are coerced from it. Everywhere, numbers must be finite (no Infinity from "Infinity"),
// and a date-time has a year PostgreSQL can store (0001 to 9999: it has no year 0).
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

const YEAR = /^(\d{4})-/;

/** The format check Ajv already has for `name`, narrowed to years 1 to 9999. */
function withYearRange(ajv: any, name: string): void {
  const base = ajv.formats[name];
  const check: (s: string) => boolean =
    typeof base === 'function' ? base : base instanceof RegExp ? (s) => base.test(s) : base?.validate instanceof RegExp ? (s) => base.validate.test(s) : base.validate;
  ajv.addFormat(name, {
    type: 'string',
    validate: (s: string) => {
      const year = YEAR.exec(s);
      return year !== null && Number(year[1]) >= 1 && check(s);
    },
  });
}

/** Where a coerced query or path value is a number that is not finite ("Infinity", "1e400"), or undefined. */
function nonFinite(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  for (const [key, value] of Object.entries(data)) {
    const values = Array.isArray(value) ? value : [value];
    const i = values.findIndex((v) => typeof v === 'number' && !Number.isFinite(v));
    if (i >= 0) return Array.isArray(value) ? `/${key}/${i}` : `/${key}`;
  }
  return undefined;
}

/**
 * Ajv turns "Infinity" into Infinity when it coerces, and with strictNumbers then skips the range
 * keywords rather than failing them: the coerced parts are checked for finite numbers afterwards.
 */
function finiteOnly(validate: any): any {
  const wrapped: any = (data: unknown, dataCtx?: unknown) => {
    const ok = validate(data, dataCtx);
    wrapped.errors = validate.errors;
    if (!ok) return false;
    const at = nonFinite(data);
    if (at === undefined) return true;
    wrapped.errors = [{ instancePath: at, schemaPath: '#', keyword: 'finite', params: {}, message: 'must be a finite number' }];
    return false;
  };
  // Fastify passes the parent (so Ajv may coerce a root value) only to a function with schemaEnv.
  wrapped.schemaEnv = validate.schemaEnv;
  return wrapped;
}

const COMMON = { allErrors: true, removeAdditional: false, strictNumbers: true } as const;

/** Fastify's schema controller: one Ajv without coercion for bodies, one with it for the rest. */
export function schemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  const bodies = AjvCompiler();
  const text = AjvCompiler();
  const onCreate = (ajv: any) => {
    withYearRange(ajv, 'date-time');
    withYearRange(ajv, 'date');
  };
  return {
    compilersFactory: {
      // Fastify's typing of this factory does not describe the route argument; it is { schema, method, url, httpPart }.
      buildValidator: ((externalSchemas: any, options: any) => {
        const forBodies = bodies(externalSchemas, { ...options, customOptions: { ...COMMON, coerceTypes: false }, onCreate });
        const forText = text(externalSchemas, { ...options, customOptions: { ...COMMON, coerceTypes: 'array' }, onCreate });
        return (route: { httpPart?: string }) => (route.httpPart === 'body' ? forBodies(route as any) : finiteOnly(forText(route as any)));
      }) as any,
    },
  };
}
