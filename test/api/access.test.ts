import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('access: login, keys, IP allow-list, audit', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('answers 401 with problem details when no credentials are given', async () => {
    const r = await t.request('GET', '/api/v1/companies');
    assert.equal(r.statusCode, 401);
    assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(r.json().status, 401);
  });

  it('creates a company, a user who logs in with a password, and audits both', async () => {
    const c = await t.request('POST', '/api/v1/companies', t.adminKey, { ubn: '04595252', name: 'Kao Yard', roles: ['yard'] });
    assert.equal(c.statusCode, 201, c.body);
    const bad = await t.request('POST', '/api/v1/companies', t.adminKey, { ubn: '04595253', name: 'X', roles: ['yard'] });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].path, '/body/ubn');
    const u = await t.request('POST', '/api/v1/users', t.adminKey, {
      username: 'yard.op', name: 'Yard Op', companyUbn: '04595252', roles: ['yard_operator'], password: 'a long password 1',
    });
    assert.equal(u.statusCode, 201, u.body);
    const wrong = await t.request('POST', '/api/v1/auth/login', undefined, { username: 'yard.op', password: 'nope nope nope' });
    assert.equal(wrong.statusCode, 401);
    const login = await t.request('POST', '/api/v1/auth/login', undefined, { username: 'yard.op', password: 'a long password 1' });
    assert.equal(login.statusCode, 200, login.body);
    const token = login.json().token;
    const me = await t.request('GET', '/api/v1/auth/me', token);
    assert.equal(me.json().companyUbn, '04595252');
    // A yard operator sees only its own company and may not create companies.
    const list = await t.request('GET', '/api/v1/companies', token);
    assert.deepEqual(list.json().map((c: any) => c.ubn), ['04595252']);
    assert.equal((await t.request('POST', '/api/v1/companies', token, { ubn: '12345670', name: 'Y', roles: ['fleet'] })).statusCode, 403);
    const audit = await t.request('GET', '/api/v1/audit?resource=company', t.adminKey);
    assert.equal(audit.json()[0].resourceId, '04595252');
    assert.equal(audit.json()[0].after.name, 'Kao Yard');
    const stored = await t.tdb.db.query('select password_hash from users where username = $1', ['yard.op']);
    assert.match(stored[0].password_hash, /^scrypt\$/);
  });

  it('shows a new API key once, stores only its hash, and enforces its IP allow-list', async () => {
    const r = await t.request('POST', '/api/v1/api-keys', t.adminKey, {
      name: 'yard system', companyUbn: '04595252', roles: ['yard_operator'], ipAllow: ['10.1.0.0/16'],
    });
    assert.equal(r.statusCode, 201, r.body);
    const key = r.json().key as string;
    assert.match(key, /^swk_/);
    const rows = await t.tdb.db.query('select key_hash from api_keys where id = $1', [r.json().id]);
    assert.notEqual(rows[0].key_hash, key);
    const listed = await t.request('GET', '/api/v1/api-keys', t.adminKey);
    assert.ok(listed.json().every((k: any) => k.key === undefined));
    // app.inject comes from 127.0.0.1, outside the allow-list.
    const denied = await t.request('GET', '/api/v1/companies', key);
    assert.equal(denied.statusCode, 403);
    const badCidr = await t.request('POST', '/api/v1/api-keys', t.adminKey, {
      name: 'x', companyUbn: '04595252', roles: ['yard_operator'], ipAllow: ['10.1.0.0/40'],
    });
    assert.equal(badCidr.statusCode, 422);
    assert.equal(badCidr.json().errors[0].path, '/body/ipAllow/0');
    const local = await t.keyFor('04595252', ['yard_operator'], { ipAllow: ['127.0.0.1/32'] });
    assert.equal((await t.request('GET', '/api/v1/companies', local)).statusCode, 200);
  });

  it('names every bad field in a validation error', async () => {
    const r = await t.request('POST', '/api/v1/users', t.adminKey, { username: 'x', companyUbn: '04595252', roles: ['nobody'] });
    assert.equal(r.statusCode, 422);
    const paths = r.json().errors.map((e: any) => e.path);
    for (const p of ['/body/username', '/body/name', '/body/password']) assert.ok(paths.includes(p), `${p} in ${paths}`);
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const r = await t.request('GET', '/api/openapi.json');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().openapi, '3.1.0');
    assert.ok(r.json().paths['/api/v1/companies']);
    // The WebSocket is described too (its plugin hides it by default).
    assert.match(r.json().paths['/api/v1/stream']?.get?.summary ?? '', /WebSocket/);
    // The documentation opens without credentials: a newcomer reads it before having a key.
    const docs = await t.request('GET', '/api/docs/');
    assert.equal(docs.statusCode, 200);
    assert.match(docs.headers['content-type'] as string, /text\/html/);
    assert.equal((await t.request('GET', '/api/docs/static/swagger-ui.css')).statusCode, 200);
    assert.equal((await t.request('GET', '/api/v1/companies')).statusCode, 401, 'the API itself is not');
  });
});
