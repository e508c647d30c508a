// Security headers on pages, API answers and photos; the session cookie Secure over TLS, also
// behind a proxy that TRUST_PROXY names.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import type { AppContext } from '../../src/api/context.ts';
import { hashPassword, newId } from '../../src/auth/secrets.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { fieldServices } from '../../src/field/services.ts';
import { CUSTOMS_UBN, ensureCustomsCompany } from '../../src/store/bootstrap.ts';
import { registerWeb } from '../../src/web/serve-web.ts';
import { RecordingSink, testApp, type TestApp } from '../helpers/app.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

function assertSecurityHeaders(h: Record<string, unknown>, what: string) {
  const csp = String(h['content-security-policy'] ?? '');
  assert.match(csp, /default-src 'self'/, `${what}: CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: not framed`);
  assert.match(csp, /worker-src 'self' blob:/, `${what}: MapLibre workers allowed`);
  assert.equal(h['x-frame-options'], 'DENY', what);
  assert.equal(h['referrer-policy'], 'strict-origin-when-cross-origin', what);
  assert.equal(h['x-content-type-options'], 'nosniff', what);
}

describe('security headers', () => {
  let t: TestApp;
  let web: FastifyInstance;
  let tdb: TestDb;
  let webRoot: string;
  before(async () => {
    t = await testApp();
    tdb = await testDb();
    webRoot = mkdtempSync(join(tmpdir(), 'sw-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>SealWatch</title>');
    const ctx: AppContext = { db: tdb.db, config: { ...loadConfig({}), dataDir: '' }, inputs: new RecordingSink(), services: {} };
    web = await buildApp(ctx);
    await registerWeb(web, { root: webRoot });
    await web.ready();
  });
  after(async () => {
    await t.close();
    await web.close();
    await tdb.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('are on an app page and the API docs', async () => {
    const page = await web.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assertSecurityHeaders(page.headers, 'the monitoring centre');
    const docs = await web.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(docs.statusCode, 200);
    assertSecurityHeaders(docs.headers, 'the API docs');
  });

  it('are on API answers, errors included, with no HSTS over plain HTTP', async () => {
    const me = await t.request('GET', '/api/v1/auth/me', t.adminKey);
    assert.equal(me.statusCode, 200);
    assertSecurityHeaders(me.headers, 'an API answer');
    assert.equal(me.headers['strict-transport-security'], undefined);
    assertSecurityHeaders((await t.request('GET', '/api/v1/companies')).headers, 'a 401');
  });

  it('serve a photo safely: named, no script, no sniffing', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const id = newId('pho');
    await fieldServices(t.ctx).photos.put(`k/${id}`, png, 'image/png');
    await t.tdb.db.query(
      `insert into photos (id, sha256, content_type, size_bytes, store, storage_key, uploaded_by) values ($1,'abc','image/png',$2,'memory',$3,'someone')`,
      [id, png.length, `k/${id}`],
    );
    const r = await t.request('GET', `/api/v1/photos/${id}`, t.adminKey);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['content-type'], 'image/png');
    assert.equal(r.headers['content-disposition'], `inline; filename="${id}.png"`);
    assert.match(String(r.headers['content-security-policy']), /^default-src 'none'.*sandbox/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  });
});

describe('session cookie and HSTS behind a proxy', () => {
  async function appWith(trustProxy: Config['trustProxy']) {
    const tdb = await testDb();
    await ensureCustomsCompany(tdb.db);
    await tdb.db.query(
      `insert into users (id, username, name, company_ubn, roles, storage_codes, password_hash) values ($1,'officer','Officer',$2,'{customs_officer}','{}',$3)`,
      [newId('usr'), CUSTOMS_UBN, await hashPassword('a long password 1')],
    );
    const ctx: AppContext = { db: tdb.db, config: { ...loadConfig({}), dataDir: '', trustProxy }, inputs: new RecordingSink(), services: {} };
    const app = await buildApp(ctx);
    await app.ready();
    const login = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username: 'officer', password: 'a long password 1' } });
    return { app, tdb, login };
  }

  it('is Secure, with HSTS, when a trusted proxy says the request came over https', async () => {
    const { app, tdb, login } = await appWith(true);
    try {
      const https = await login({ 'x-forwarded-proto': 'https' });
      assert.equal(https.statusCode, 200, https.body);
      assert.match(String(https.headers['set-cookie']), /; Secure/);
      assert.match(String(https.headers['strict-transport-security']), /max-age=\d+/);
      const http = await login({});
      assert.doesNotMatch(String(http.headers['set-cookie']), /; Secure/);
      assert.equal(http.headers['strict-transport-security'], undefined);
    } finally {
      await app.close();
      await tdb.close();
    }
  });

  it('ignores X-Forwarded-Proto unless TRUST_PROXY is set', async () => {
    const { app, tdb, login } = await appWith(false);
    try {
      const r = await login({ 'x-forwarded-proto': 'https' });
      assert.equal(r.statusCode, 200, r.body);
      assert.doesNotMatch(String(r.headers['set-cookie']), /; Secure/);
    } finally {
      await app.close();
      await tdb.close();
    }
  });

  it('reads TRUST_PROXY as a flag, a hop count or proxy addresses, and refuses anything else', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, '10.0.0.0/8,127.0.0.1');
    assert.throws(() => loadConfig({ TRUST_PROXY: 'yes please' }), /TRUST_PROXY/);
  });
});
