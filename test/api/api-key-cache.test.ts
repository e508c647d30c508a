// API keys verified a moment ago are taken from memory: a revocation through the API is honoured on
// the next request; one made behind the API's back within the cache's lifetime; failures are never
// remembered; the address list is checked on every request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_CACHE_TTL_MS, VerifiedKeys } from '../../src/auth/key-cache.ts';
import { newId, newSecret, sha256 } from '../../src/auth/secrets.ts';
import { useVerifiedKeys, verifiedKeysOf } from '../../src/api/plugins/auth.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('API keys: verified keys are cached briefly and revocation is honoured', () => {
  let t: TestApp;
  let clock = 1_000_000;
  before(async () => {
    t = await testApp();
    useVerifiedKeys(t.ctx, new VerifiedKeys(KEY_CACHE_TTL_MS, () => clock));
  });
  after(() => t.close());

  const me = (key: string) => t.request('GET', '/api/v1/auth/me', key);
  const newKey = async (body: Record<string, unknown> = {}) => {
    const r = await t.request('POST', '/api/v1/api-keys', t.adminKey, { name: 'lane', companyUbn: CUSTOMS_UBN, roles: ['customs_officer'], ...body });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: string; key: string };
  };
  /** Counts the api_keys lookups made while `fn` runs. */
  const lookups = async (fn: () => Promise<unknown>) => {
    const db = t.ctx.db;
    const query = db.query.bind(db);
    let n = 0;
    db.query = ((sql: string, params?: unknown[]) => {
      if (/from api_keys where key_hash/.test(sql)) n++;
      return query(sql, params);
    }) as typeof db.query;
    try {
      await fn();
    } finally {
      db.query = query;
    }
    return n;
  };

  it('looks a key up once, then serves it from memory until the entry expires', async () => {
    const k = await newKey();
    const n = await lookups(async () => {
      for (let i = 0; i < 5; i++) assert.equal((await me(k.key)).statusCode, 200);
    });
    assert.equal(n, 1);
    assert.ok(!verifiedKeysOf(t.ctx).get(k.key), 'the cache is keyed by the hash, never the token');
    assert.ok(verifiedKeysOf(t.ctx).get(sha256(k.key)));
    clock += KEY_CACHE_TTL_MS;
    assert.equal(await lookups(async () => assert.equal((await me(k.key)).statusCode, 200)), 1);
  });

  it('refuses a key revoked through the API on the very next request', async () => {
    const k = await newKey();
    assert.equal((await me(k.key)).statusCode, 200);
    assert.equal((await t.request('DELETE', `/api/v1/api-keys/${k.id}`, t.adminKey)).statusCode, 200);
    const r = await me(k.key);
    assert.equal(r.statusCode, 401, r.body);
  });

  it('refuses a key revoked behind the API once the cache lifetime has passed', async () => {
    const k = await newKey();
    assert.equal((await me(k.key)).statusCode, 200);
    await t.tdb.db.query('update api_keys set revoked_at = now() where id = $1', [k.id]);
    clock += KEY_CACHE_TTL_MS - 1;
    assert.equal((await me(k.key)).statusCode, 200, 'still trusted within the lifetime');
    clock += 1;
    assert.equal((await me(k.key)).statusCode, 401);
  });

  it('never remembers a failure: an unknown key is looked up every time, and works as soon as it exists', async () => {
    const key = newSecret('swk');
    const n = await lookups(async () => {
      for (let i = 0; i < 3; i++) assert.equal((await me(key)).statusCode, 401);
    });
    assert.equal(n, 3);
    await t.tdb.db.query(
      `insert into api_keys (id, company_ubn, name, prefix, key_hash, roles) values ($1,$2,$3,$4,$5,$6)`,
      [newId('key'), CUSTOMS_UBN, 'late key', key.slice(0, 8), sha256(key), ['customs_officer']],
    );
    assert.equal((await me(key)).statusCode, 200);
  });

  it('checks the allowed addresses on every request, cached or not', async () => {
    const k = await newKey({ ipAllow: ['10.9.9.9'] });
    assert.equal((await me(k.key)).statusCode, 403);
    assert.equal((await me(k.key)).statusCode, 403);
    const open = await newKey({ ipAllow: ['127.0.0.1'] });
    assert.equal((await me(open.key)).statusCode, 200);
  });
});
