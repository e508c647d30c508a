// The OpenAPI document as a newcomer reads it: every operation says what it does (summary) and what
// it answers (a 2xx response with a schema), and every example body in it is valid against the
// schema it illustrates, checked with the same JSON Schema validator the API uses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { testApp, type TestApp } from '../helpers/app.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

interface Operation {
  summary?: string;
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
interface MediaType {
  schema?: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } };
  const ops: { name: string; op: Operation }[] = [];

  before(async () => {
    t = await testApp();
    doc = (await t.request('GET', '/api/openapi.json')).json();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) if (item[m]) ops.push({ name: `${m.toUpperCase()} ${path}`, op: item[m] });
    }
  });
  after(() => t.close());

  it('gives every operation a summary of its own', () => {
    assert.ok(ops.length > 100, `${ops.length} operations`);
    const missing = ops.filter(({ op }) => !op.summary?.trim()).map((o) => o.name);
    assert.deepEqual(missing, []);
  });

  it('gives every operation a 2xx response with a typed schema (the WebSocket: its 101 upgrade; 204: no body)', () => {
    // A schema that says nothing ({} or a bare description) promises nothing: it must name a type.
    const typed = (s: Record<string, unknown> | undefined) =>
      !!s && ['type', 'anyOf', 'allOf', 'oneOf', '$ref', 'const', 'enum'].some((k) => k in s);
    const missing = ops
      .filter(({ op }) => !op.responses?.['101'])
      .filter(({ op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([code]) => /^2/.test(code));
        if (success.length === 0) return true;
        return !success.every(([code, r]) => code === '204' || Object.values(r.content ?? {}).some((m) => typed(m.schema)));
      })
      .map((o) => o.name);
    assert.deepEqual(missing, []);
  });

  it('types the alert handling answers in full', () => {
    const answer = (path: string, method: string, code: string) =>
      (doc.paths[path]?.[method]?.responses?.[code]?.content?.['application/json']?.schema ?? {}) as Record<string, any>;
    assert.ok(answer('/api/v1/alerts', 'get', '200').items, 'a list of alerts');
    assert.ok(answer('/api/v1/alerts/ack', 'post', '200').properties?.results);
    assert.ok(answer('/api/v1/alerts/{id}/context', 'get', '200').properties?.procedure);
    assert.ok(answer('/api/v1/alert-procedures/{alertType}', 'put', '200').properties?.steps);
  });

  it('has only example bodies that are valid against their schemas', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components ?? {} });
    const bad: string[] = [];
    let checked = 0;
    const check = (where: string, schema: Record<string, unknown> | undefined, value: unknown) => {
      if (!schema) return;
      // References into the document's components resolve against it.
      const s = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/'));
      const validate = ajv.compile(s);
      checked++;
      if (!validate(value)) bad.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    };
    const examplesOf = (schema: Record<string, unknown> | undefined): unknown[] => {
      const out: unknown[] = [];
      if (schema && Array.isArray(schema.examples)) out.push(...schema.examples);
      if (schema && 'example' in schema) out.push(schema.example);
      return out;
    };
    for (const { name, op } of ops) {
      const bodies = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([type, m]) => [`${name} request ${type}`, m] as const),
        ...Object.entries(op.responses ?? {}).flatMap(([code, r]) => Object.entries(r.content ?? {}).map(([type, m]) => [`${name} ${code} ${type}`, m] as const)),
      ];
      for (const [where, m] of bodies) {
        const values = [
          ...(m.example !== undefined ? [m.example] : []),
          ...Object.values(m.examples ?? {}).map((e) => e.value),
          ...examplesOf(m.schema),
        ];
        for (const v of values) check(where, m.schema, v);
      }
    }
    assert.ok(checked > 0, 'the document has examples to check');
    assert.deepEqual(bad, []);
  });
});
