// The OpenAPI document promises integrators the shape of every answer. A promise nobody checks drifts,
// so where CHECK_RESPONSES is set (the test suites set it) each JSON answer is validated against the
// schema its route declares for that status before it is sent, and a mismatch is answered 500 naming
// the route and the field. The check is strict about completeness: an object lists every property it
// answers unless its schema says `additionalProperties: true` (an alert's type-specific detail, say).
// Schemas only describe: answers are serialised as they are, never reshaped by them (see app.ts).
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const OPEN = new Set(['additionalProperties', 'unevaluatedProperties']);
const saysOpen = (s: Schema) => [...OPEN].some((k) => k in s);

/**
 * A copy of `schema` in which every object without its own say on extra properties refuses them.
 * The members of an `allOf` (TypeBox's Intersect) stay open and their parent closes over all of them,
 * since each member alone sees only its own properties.
 */
export function closedSchema(schema: unknown, inAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closedSchema(s));
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions') {
      out[key] = isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closedSchema(v)])) : value;
    } else if (key === 'allOf' && Array.isArray(value)) {
      out[key] = value.map((s) => closedSchema(s, true));
    } else if (key === 'examples' || key === 'example' || key === 'default' || key === 'enum' || key === 'const') {
      out[key] = value;
    } else {
      out[key] = closedSchema(value);
    }
  }
  const describesObject = out.type === 'object' || 'properties' in out;
  if (!inAllOf && !saysOpen(out)) {
    if (Array.isArray(out.allOf)) {
      const anyOpen = (out.allOf as Schema[]).some((m) => isObject(m) && (m.additionalProperties === true || m.unevaluatedProperties === true));
      if (!anyOpen) out.unevaluatedProperties = false;
    } else if (describesObject) {
      out.additionalProperties = false;
    }
  }
  return out;
}

/** The schema a route declares for an answer with this status (exact, then its class such as 2xx). */
export function declaredSchema(response: Record<string, unknown> | undefined, status: number): Schema | undefined {
  if (!response) return undefined;
  const entry = response[String(status)] ?? response[`${String(status)[0]}xx`] ?? response[`${String(status)[0]}XX`];
  if (!isObject(entry)) return undefined;
  // The OpenAPI form: { description, content: { 'application/json': { schema } } }.
  if (isObject(entry.content)) {
    const json = (entry.content as Record<string, unknown>)['application/json'];
    return isObject(json) && isObject(json.schema) ? json.schema : undefined;
  }
  return entry;
}

export class ResponseMismatch extends Error {
  readonly statusCode = 500;
}

export function registerResponseCheck(app: FastifyInstance): void {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  const compiled = new WeakMap<Schema, ValidateFunction>();
  const validatorFor = (schema: Schema) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(closedSchema(schema) as Schema)));
    return v;
  };

  app.addHook('preSerialization', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const status = reply.statusCode;
    const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
    const response = (req.routeOptions.schema as { response?: Record<string, unknown> } | undefined)?.response;
    if (status >= 300 || !response) return payload;
    const schema = declaredSchema(response, status);
    if (!schema) {
      if (Object.keys(response).some((code) => /^2/.test(code))) throw new ResponseMismatch(`${route} answered ${status}, a status it does not declare`);
      return payload;
    }
    // What the client will read: dates as text, undefined fields absent.
    const sent = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
    const validate = validatorFor(schema);
    if (!validate(sent)) {
      const detail = ajv.errorsText(validate.errors, { dataVar: 'answer' });
      req.log.error({ route, errors: validate.errors }, 'answer does not match its declared schema');
      throw new ResponseMismatch(`${route} answered ${status} not matching its declared schema: ${detail}`);
    }
    return payload;
  });
}
