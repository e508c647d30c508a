// Generators for fuzzing: hostile values (NUL, lone surrogates, impossible dates, huge numbers,
// deep nesting, wrong types) and values derived from a JSON schema (an OpenAPI operation's), where
// any node may be swapped for a hostile one.
import fc from 'fast-check';

/** Number of runs: FUZZ_SCALE multiplies every suite's default (which keeps `npm test` short). */
export function fuzzRuns(defaultRuns: number): number {
  const scale = Number(process.env.FUZZ_SCALE);
  return Math.max(1, Math.round(defaultRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\udc00\ud800',
    '0000-01-01T00:00:00Z',
    '0000-01-01',
    '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59-14:00',
    '10000-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    'Infinity',
    '-Infinity',
    'NaN',
    '1e308',
    '-1',
    '99999999999999999999',
    '-99999999999999999999',
    '0x10',
    'true',
    'null',
    "'; drop table trips; --",
    '../../etc/passwd',
    '%00',
    '%',
    '\u202e\ufeff',
    '🚚📦',
    ' ',
    '\r\n',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udfff', 'a', 'é', '\n'), maxLength: 12 }),
  fc.integer({ min: 200, max: 70_000 }).map((n) => 'x'.repeat(n)),
);

/** Nested arrays or objects, deep enough to trip naive recursion. */
const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean())
  .map(([depth, asArray]) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
    return v;
  });

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -0,
      -1,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 2,
      1e20,
      2 ** 31,
      -(2 ** 63),
      123,
      [],
      {},
      [null],
      { __proto__: { x: 1 } },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { constructor: { prototype: { polluted: true } } },
    ),
  },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
);

type Schema = Record<string, any>;

const dateTime = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** A value following the schema, or near it; `hostile` is the chance any one node is hostile instead. */
export function fromSchema(schema: Schema | undefined, hostile = 0.15, depth = 0): fc.Arbitrary<unknown> {
  const valid = validFromSchema(schema ?? {}, hostile, depth);
  if (hostile <= 0) return valid;
  const w = Math.max(1, Math.round(hostile * 100));
  return fc.oneof({ weight: 100 - w, arbitrary: valid }, { weight: w, arbitrary: hostileValue });
}

function validFromSchema(s: Schema, hostile: number, depth: number): fc.Arbitrary<unknown> {
  if (depth > 5) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives) && alternatives.length) return fc.oneof(...alternatives.map((a: Schema) => fromSchema(a, hostile, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'date-time') return dateTime;
      if (s.format === 'date') return dateTime.map((d) => d.slice(0, 10));
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'uri') return fc.webUrl();
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 20, 20)) });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      // Small on purpose: large geometries are a known cost of their own, not what this looks for.
      return fc.array(fromSchema(s.items, hostile, depth + 1), { minLength: Math.min(s.minItems ?? 0, 3), maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': {
      const props: Record<string, Schema> = s.properties ?? {};
      const required: string[] = s.required ?? [];
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = fromSchema(v, hostile, depth + 1);
      const base = fc.record(record, { requiredKeys: required.filter((k) => k in props) });
      // Now and then an unknown property as well.
      return fc.tuple(base, fc.option(fc.tuple(fc.string({ maxLength: 8 }), hostileValue), { freq: 8 })).map(([o, extra]) =>
        extra ? { ...o, [extra[0]]: extra[1] } : o,
      );
    }
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate becomes the (invalid) bytes of its code unit. */
export function encodeComponent(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A query or path value as it goes on the wire: scalars as text, anything else as JSON. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v);
}
