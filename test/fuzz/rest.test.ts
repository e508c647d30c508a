// Property: whatever arrives on any operation of the OpenAPI document (path parameters, query
// strings, JSON bodies derived from the operation's schemas with hostile values mixed in), the API
// answers without a 500, and every error is a problem detail (RFC 9457) with its status and title.
// FUZZ_SCALE multiplies the number of requests per operation (`npm run fuzz` runs many more);
// FUZZ_COLLECT=1 lists every distinct failure at the end instead of stopping at the first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.ts';
import { asText, encodeComponent, fromSchema, fuzzRuns, hostileString, hostileValue } from './arbitraries.ts';

const RUNS_PER_OPERATION = fuzzRuns(20);

interface Operation {
  method: string;
  path: string;
  query: { name: string; schema: Record<string, any> }[];
  body?: Record<string, any>;
}

interface FuzzRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  payload?: string;
}

/** What the fuzzer saw, for `npm run fuzz` to print. */
export const tally = { requests: 0, byClass: {} as Record<string, number>, fiveHundreds: 0 };

function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

/** Requests for one operation: its parameters and body, usually near the schema, sometimes hostile. */
function requestsFor(op: Operation, tokens: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pathValue = fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length < 5000) },
  );
  const query = fc.array(
    fc.oneof(
      { weight: 4, arbitrary: op.query.length ? fc.constantFrom(...op.query).chain((p) => fromSchema(p.schema, 0.3).map((v) => [p.name, asText(v)] as const)) : fc.constant(null) },
      { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 6 }), hostileString.filter((s) => s.length < 5000)) },
    ),
    { maxLength: 4 },
  );
  const jsonBody = op.body ? fromSchema(op.body, 0.1) : hostileValue;
  const body = fc.oneof(
    { weight: 8, arbitrary: jsonBody.map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,]', 'nul', '"\\ud800', '{"a":"\\u0000"}', '\u0000').map((text) => ({ type: 'application/json', text })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data'), hostileString).map(([type, text]) => ({ type, text })) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );
  return fc
    .record({
      params: fc.tuple(...pathParams.map(() => pathValue)),
      query,
      body,
      token: tokens,
    })
    .map(({ params, query, body, token }) => {
      let i = 0;
      const path = op.path.replace(/\{\w+\}/g, () => encodeComponent(params[i++]));
      const qs = query.filter((q) => q !== null).map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`);
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body) headers['content-type'] = body.type;
      return { url: qs.length ? `${path}?${qs.join('&')}` : path, method: op.method, headers, ...(body ? { payload: body.text } : {}) };
    });
}

/** Readiness says 503 while the engine state is not rebuilt (a test app has no engine): a documented answer, not a failure. */
const isReadiness = (what: string, status: number) => status === 503 && what.startsWith('GET /readyz');

export function assertProblemOrSuccess(res: LightMyRequestResponse, what: string): void {
  tally.requests++;
  const cls = `${Math.floor(res.statusCode / 100)}xx`;
  tally.byClass[cls] = (tally.byClass[cls] ?? 0) + 1;
  if (isReadiness(what, res.statusCode)) return;
  if (res.statusCode >= 500) tally.fiveHundreds++;
  assert.ok(res.statusCode < 500, `${what} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
  if (res.statusCode < 400) return;
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, `${what} answered ${res.statusCode} as ${res.headers['content-type']}`);
  const problem = res.json();
  assert.equal(problem.status, res.statusCode, `${what}: problem status`);
  assert.equal(typeof problem.title, 'string', `${what}: problem title`);
}

const failures = new Set<string>();
function collecting(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (!process.env.FUZZ_COLLECT) throw err;
    failures.add((err as Error).message.slice(0, 700));
  }
}

const describeRequest = (r: FuzzRequest) => `${r.method} ${r.url.slice(0, 300)} ${r.payload === undefined ? '' : r.payload.slice(0, 300)}`;

describe('REST fuzzing: every operation of the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  let tokens: fc.Arbitrary<string>;

  before(async () => {
    t = await testApp({ build: { rateLimitPerMin: 1_000_000 } });
    operations = operationsOf((await t.request('GET', '/api/openapi.json')).json());
    const lesser = await Promise.all([
      t.keyFor('22099001', ['yard_operator']),
      t.keyFor('22099002', ['fleet_operator', 'driver']),
      t.userFor('22099003', ['responsible_person'], { storageCodes: ['CD198'] }),
    ]);
    tokens = fc.oneof({ weight: 4, arbitrary: fc.constant(t.adminKey) }, { weight: 1, arbitrary: fc.constantFrom(...lesser) });
  });
  after(async () => {
    if (failures.size) console.log([...failures].join('\n----\n'));
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify({ rest: { operations: operations.length, ...tally, durationMs: Math.round(performance.now() - started) } }));
    await t.close();
  });
  const started = performance.now();

  it('finds the operations in the OpenAPI document', () => {
    assert.ok(operations.length > 50, `${operations.length} operations`);
  });

  it('answers no 500 and only problem details as errors, on every operation', async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(requestsFor(op, tokens), async (req) => {
          const res = await t.app.inject({ method: req.method as any, url: req.url, headers: req.headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
          collecting(() => assertProblemOrSuccess(res, describeRequest(req)));
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    }
  });

  it('answers problem details for URLs that match no route or cannot be decoded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(hostileString.filter((s) => s.length < 3000).map(encodeComponent), fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%80', '..', '%00')), { minLength: 1, maxLength: 4 }), async (segments) => {
        const url = `/api/v1/${segments.join('/')}`;
        const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminKey}` } });
        collecting(() => assertProblemOrSuccess(res, `GET ${url.slice(0, 300)}`));
      }),
      { numRuns: RUNS_PER_OPERATION * 4 },
    );
  });
});
