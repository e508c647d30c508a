// The answers' declared schemas are checked against the answers themselves where CHECK_RESPONSES is
// set: a wrong type, a property the schema does not list, or an undeclared success status is a 500
// naming the route; a schema that says so lets extra properties through; and with the check off the
// schema never reshapes an answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { closedSchema, registerResponseCheck } from '../../src/api/response-check.ts';
import { Nullable, Timestamp } from '../../src/api/schemas.ts';

const Vehicle = Type.Object({ plate: Type.String(), seenAt: Nullable(Timestamp()) });
const Detailed = Type.Object({ id: Type.String(), detail: Type.Object({}, { additionalProperties: true }) });
const Both = Type.Intersect([Type.Object({ a: Type.Integer() }), Type.Object({ b: Type.Integer() })]);

async function appWith(check: boolean, answers: Record<string, { schema: Record<string, unknown>; status?: number; body: unknown }>) {
  const app = Fastify();
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  if (check) registerResponseCheck(app);
  app.setErrorHandler((err: any, _req, reply) => reply.status(err.statusCode ?? 500).send({ detail: err.message }));
  for (const [path, a] of Object.entries(answers)) {
    app.get(path, { schema: { response: a.schema } }, async (_req, reply) => reply.status(a.status ?? 200).send(a.body));
  }
  await app.ready();
  return app;
}

describe('response check', () => {
  const answers = {
    '/good': { schema: { 200: Vehicle }, body: { plate: 'ABC-1234', seenAt: new Date('2026-03-01T08:00:00Z') } },
    '/wrong-type': { schema: { 200: Vehicle }, body: { plate: 12, seenAt: null } },
    '/unlisted': { schema: { 200: Vehicle }, body: { plate: 'ABC-1234', seenAt: null, secret: 'x' } },
    '/open-detail': { schema: { 200: Detailed }, body: { id: '1', detail: { anything: [1, 2] } } },
    '/both': { schema: { 200: Both }, body: { a: 1, b: 2 } },
    '/both-extra': { schema: { 200: Both }, body: { a: 1, b: 2, c: 3 } },
    '/undeclared': { schema: { 200: Vehicle }, status: 201, body: { plate: 'ABC-1234', seenAt: null } },
    '/list': { schema: { 200: Type.Array(Vehicle) }, body: [{ plate: 'A', seenAt: null }, { plate: 'B', seenAt: 'yesterday' }] },
  };

  it('passes answers that match, dates as the client reads them', async () => {
    const app = await appWith(true, answers);
    for (const path of ['/good', '/open-detail', '/both']) assert.equal((await app.inject(path)).statusCode, 200, path);
    assert.equal((await app.inject('/good')).json().seenAt, '2026-03-01T08:00:00.000Z');
    await app.close();
  });

  it('answers 500 naming the route and the field for a wrong type, an unlisted property or an undeclared status', async () => {
    const app = await appWith(true, answers);
    const failures: Record<string, RegExp> = {
      '/wrong-type': /GET \/wrong-type answered 200 not matching.*answer\/plate must be string/,
      '/unlisted': /must NOT have additional properties/,
      '/both-extra': /must NOT have unevaluated properties/,
      '/undeclared': /answered 201, a status it does not declare/,
      '/list': /answer\/1\/seenAt must match format "date-time"/,
    };
    for (const [path, re] of Object.entries(failures)) {
      const res = await app.inject(path);
      assert.equal(res.statusCode, 500, path);
      assert.match(res.json().detail, re);
    }
    await app.close();
  });

  it('never reshapes an answer when the check is off', async () => {
    const app = await appWith(false, answers);
    assert.deepEqual((await app.inject('/unlisted')).json(), { plate: 'ABC-1234', seenAt: null, secret: 'x' });
    assert.deepEqual((await app.inject('/wrong-type')).json(), { plate: 12, seenAt: null });
    await app.close();
  });

  it('closes objects that do not say otherwise, and leaves the schema it was given alone', () => {
    const before = JSON.stringify(Vehicle);
    const closed = closedSchema(JSON.parse(JSON.stringify(Vehicle))) as any;
    assert.equal(closed.additionalProperties, false);
    assert.equal(JSON.stringify(Vehicle), before);
    assert.equal((closedSchema(JSON.parse(JSON.stringify(Detailed))) as any).properties.detail.additionalProperties, true);
  });
});
