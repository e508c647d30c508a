// Stable codes for the shape rules of request schemas, beside the English message: the API's JSON
// Schema checks (Ajv) and the TypeBox checks the registry and transport notes run name the same
// rule with the same code, so a client translates `string.too_short {limit: 1}` once whichever
// checked it. Domain rules (identifiers, geometry, settings) give their own codes where they fail.
import type { ErrorParams } from './errors.ts';

export interface Coded {
  code: string;
  params: ErrorParams;
}

/** The code of an error no rule named: clients show a generic "not valid" beside the message. */
export const GENERIC_CODE = 'invalid';

const list = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : String(v));

/** One Ajv error (keyword and its params) as a code with the values its message names. */
export function ajvCode(keyword: string, params: Record<string, unknown> = {}): Coded {
  const limit = Number(params.limit);
  switch (keyword) {
    case 'required':
      return { code: 'required', params: { name: String(params.missingProperty ?? '') } };
    case 'additionalProperties':
      return { code: 'property.unknown', params: { name: String(params.additionalProperty ?? '') } };
    case 'type':
      return { code: 'type', params: { type: list(params.type) } };
    case 'finite':
      return { code: 'number.not_finite', params: {} };
    case 'minLength':
      return { code: 'string.too_short', params: { limit } };
    case 'maxLength':
      return { code: 'string.too_long', params: { limit } };
    case 'pattern':
      return { code: 'string.pattern', params: { pattern: String(params.pattern ?? '') } };
    case 'format':
      return { code: 'string.format', params: { format: String(params.format ?? '') } };
    case 'minimum':
      return { code: 'number.min', params: { limit } };
    case 'exclusiveMinimum':
      return { code: 'number.min_exclusive', params: { limit } };
    case 'maximum':
      return { code: 'number.max', params: { limit } };
    case 'exclusiveMaximum':
      return { code: 'number.max_exclusive', params: { limit } };
    case 'multipleOf':
      return { code: 'number.multiple_of', params: { multipleOf: Number(params.multipleOf) } };
    case 'minItems':
      return { code: 'array.too_short', params: { limit } };
    case 'maxItems':
      return { code: 'array.too_long', params: { limit } };
    case 'uniqueItems':
      return { code: 'array.not_unique', params: { i: Number(params.i), j: Number(params.j) } };
    case 'minProperties':
      return { code: 'object.too_few', params: { limit } };
    case 'maxProperties':
      return { code: 'object.too_many', params: { limit } };
    case 'enum':
      return { code: 'enum', params: { allowed: list(params.allowedValues) } };
    case 'const':
      return { code: 'enum', params: { allowed: list(params.allowedValue) } };
    case 'anyOf':
    case 'oneOf':
      return { code: 'union', params: {} };
    default:
      return { code: GENERIC_CODE, params: {} };
  }
}

/**
 * TypeBox's ValueErrorType names (its numbering changes between versions; its names do not) as the
 * Ajv keyword that states the same rule, with the schema value that rule reads.
 */
const TYPEBOX: Record<string, [keyword: string, schemaKey?: string]> = {
  ObjectRequiredProperty: ['required'],
  ObjectAdditionalProperties: ['additionalProperties'],
  StringMinLength: ['minLength', 'minLength'],
  StringMaxLength: ['maxLength', 'maxLength'],
  StringPattern: ['pattern', 'pattern'],
  StringFormat: ['format', 'format'],
  NumberMinimum: ['minimum', 'minimum'],
  IntegerMinimum: ['minimum', 'minimum'],
  NumberExclusiveMinimum: ['exclusiveMinimum', 'exclusiveMinimum'],
  IntegerExclusiveMinimum: ['exclusiveMinimum', 'exclusiveMinimum'],
  NumberMaximum: ['maximum', 'maximum'],
  IntegerMaximum: ['maximum', 'maximum'],
  NumberExclusiveMaximum: ['exclusiveMaximum', 'exclusiveMaximum'],
  IntegerExclusiveMaximum: ['exclusiveMaximum', 'exclusiveMaximum'],
  ArrayMinItems: ['minItems', 'minItems'],
  ArrayMaxItems: ['maxItems', 'maxItems'],
  Literal: ['const'],
  Union: ['anyOf'],
  String: ['type'],
  Number: ['type'],
  Integer: ['type'],
  Boolean: ['type'],
  Array: ['type'],
  Object: ['type'],
  Null: ['type'],
};

const TYPE_OF: Record<string, string> = { String: 'string', Number: 'number', Integer: 'integer', Boolean: 'boolean', Array: 'array', Object: 'object', Null: 'null' };

/** One TypeBox error, given its ValueErrorType name, path and schema, as the same code Ajv's would get. */
export function typeboxCode(typeName: string, path: string, schema: Record<string, unknown>): Coded {
  const entry = TYPEBOX[typeName];
  if (!entry) return { code: GENERIC_CODE, params: {} };
  const [keyword, schemaKey] = entry;
  const name = path.split('/').pop() ?? '';
  const params: Record<string, unknown> = {
    limit: schemaKey ? schema[schemaKey] : undefined,
    pattern: schema.pattern,
    format: schema.format,
    type: TYPE_OF[typeName],
    missingProperty: name,
    additionalProperty: name,
    allowedValue: schema.const,
  };
  return ajvCode(keyword, params);
}
