// Input the API cannot store or read is refused as a problem detail naming the field, never a 500:
// NUL and unpaired surrogates in text, dates PostgreSQL has no year for, paging numbers beyond any
// list, wrong JSON types (not coerced), and requests Fastify itself refuses (no route, bad URL,
// bad JSON, too large, unreadable multipart).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { MAX_NESTING } from '../../src/api/plugins/text-input.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

function assertProblem(res: LightMyRequestResponse, status: number, path?: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.status, status);
  assert.equal(typeof problem.title, 'string');
  if (path) assert.ok(problem.errors?.some((e: { path: string }) => e.path === path), `expected an error at ${path}: ${res.body}`);
  return problem;
}

describe('bad input: 4xx problem details, never 500', () => {
  let t: TestApp;
  const get = (url: string) => t.request('GET', url, t.adminKey);
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  describe('text PostgreSQL cannot store', () => {
    it('refuses a NUL in a path parameter', async () => {
      assertProblem(await get('/api/v1/trips/a%00b'), 422, '/params/id');
      assertProblem(await get('/api/v1/routes/%00'), 422, '/params/code');
      assertProblem(await t.request('DELETE', '/api/v1/drivers/%00x', t.adminKey), 422, '/params/nationalId');
    });

    it('refuses a NUL in a query string', async () => {
      assertProblem(await get('/api/v1/vehicles?fleetUbn=a%00'), 422, '/querystring/fleetUbn');
      assertProblem(await get('/api/v1/search?q=%00'), 422, '/querystring/q');
    });

    it('refuses a NUL or a lone surrogate in a JSON body, naming the field', async () => {
      const nul = assertProblem(await t.request('POST', '/api/v1/companies', t.adminKey, { ubn: '12345675', name: 'a\u0000b', roles: ['yard'] }), 422, '/body/name');
      assert.match(nul.errors[0].message, /NUL/);
      const surrogate = '{"ubn":"12345675","name":"x\\ud800","roles":["yard"]}';
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' }, payload: surrogate });
      assert.match(assertProblem(r, 422, '/body/name').errors[0].message, /surrogate/);
      assert.equal((await get('/api/v1/companies/12345675')).statusCode, 404, 'nothing stored');
    });

    it('refuses a NUL in the text fields of a transport note, whose validation is its own', async () => {
      assertProblem(await t.request('POST', '/api/v1/transport-notes', t.adminKey, { cnNo: 'CN\u0000' }), 422, '/body/cnNo');
    });

    it('refuses an uploaded CSV holding a NUL, naming its line', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/transport-notes/upload',
        headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'text/csv' },
        payload: 'cnNo,function\nCNNUL001,9\nCN\u0000X,9\n',
      });
      const problem = assertProblem(r, 422, '/body');
      assert.match(problem.errors[0].message, /line 3 contains a NUL/);
    });

    it('refuses bodies nested deeper than any SealWatch body', async () => {
      const deep = `{"ubn":"12345675","roles":["yard"],"name":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}`;
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' }, payload: deep });
      assertProblem(r, 422, '/body/name' + '/0'.repeat(MAX_NESTING - 1));
    });
  });

  describe('dates and paging numbers', () => {
    it('refuses year 0 in date filters', async () => {
      assertProblem(await get('/api/v1/trips?since=0000-01-01T00:00:00Z'), 422, '/querystring/since');
      assertProblem(await get('/api/v1/transport-notes?until=0000-06-01T00:00:00Z'), 422, '/querystring/until');
      assertProblem(await get('/api/v1/audit?from=0000-01-01T00:00:00Z'), 422, '/querystring/from');
      assertProblem(await get('/api/v1/stats/overview?to=0000-12-31T23:59:59Z'), 422, '/querystring/to');
    });

    it('accepts the years PostgreSQL stores, 0001 to 9999', async () => {
      assert.equal((await get('/api/v1/trips?since=0001-01-01T00:00:00Z')).statusCode, 200);
      assert.equal((await get('/api/v1/audit?to=9999-12-31T23:59:59Z')).statusCode, 200);
    });

    it('refuses an offset or limit of Infinity or 20 digits', async () => {
      assertProblem(await get('/api/v1/trips?offset=99999999999999999999'), 422, '/querystring/offset');
      assertProblem(await get('/api/v1/alerts?offset=Infinity'), 422, '/querystring/offset');
      assertProblem(await get('/api/v1/alerts?limit=Infinity'), 422, '/querystring/limit');
      assertProblem(await get('/api/v1/search?q=KEA&limit=1e400'), 422, '/querystring/limit');
    });

    it('still coerces query numbers sent as text', async () => {
      const r = await get('/api/v1/trips?limit=5&offset=10');
      assert.equal(r.statusCode, 200, r.body);
    });
  });

  describe('bodies keep their JSON types', () => {
    it('refuses a number where the schema wants a string, rather than storing "123"', async () => {
      assertProblem(await t.request('POST', '/api/v1/companies', t.adminKey, { ubn: '12345675', name: 123, roles: ['yard'] }), 422, '/body/name');
      assertProblem(await t.request('POST', '/api/v1/companies', t.adminKey, { ubn: 12345675, name: 'X', roles: 'yard' }), 422, '/body/ubn');
      assert.equal((await get('/api/v1/companies/12345675')).statusCode, 404);
    });
  });

  describe("Fastify's own refusals", () => {
    it('answers a URL that matches no route with a problem', async () => {
      assertProblem(await get('/api/v1/no-such-thing'), 404);
    });

    it('answers a URL that cannot be decoded with a problem', async () => {
      assertProblem(await get('/api/v1/trips/%ED%A0%80'), 400);
      assertProblem(await get('/api/v1/trips/%E0%A4%A'), 400);
    });

    it('answers a path parameter too long for the router with a 414 problem', async () => {
      assertProblem(await get(`/api/v1/trips/${'x'.repeat(500)}`), 414);
    });

    it('answers bad JSON, an unknown media type and a body too large with problems', async () => {
      const post = (type: string, payload: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': type }, payload });
      assertProblem(await post('application/json', '{"ubn":'), 400);
      assert.equal(assertProblem(await post('application/xml', '<x/>'), 415).title, 'Unsupported Media Type');
      assert.equal(assertProblem(await post('application/json', JSON.stringify({ name: 'x'.repeat(t.ctx.config.bodyLimit) })), 413).title, 'Content Too Large');
    });

    it('answers a multipart body without a boundary with a 400 problem', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/transport-notes/CNX/confirmation',
        headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'multipart/form-data' },
        payload: '2026-13-01T00:00:00Z',
      });
      assertProblem(r, 400, '/body');
    });
  });
});

describe('the error handler, as a last resort', () => {
  it('answers a value the database refuses as 422, not 500', async () => {
    const t = await testApp();
    const app = await buildApp(t.ctx);
    app.get('/api/v1/test/store-nul', { config: { auth: false } }, async () => t.ctx.db.query('select $1::text as v', ['a\u0000b']));
    app.get('/api/v1/test/year-zero', { config: { auth: false } }, async () => t.ctx.db.query('select $1::timestamptz as v', ['0000-01-01T00:00:00Z']));
    try {
      assertProblem(await app.inject({ method: 'GET', url: '/api/v1/test/store-nul' }), 422);
      assertProblem(await app.inject({ method: 'GET', url: '/api/v1/test/year-zero' }), 422);
    } finally {
      await app.close();
      await t.close();
    }
  });
});
