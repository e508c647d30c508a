import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newId, newSecret, sha256 } from '../../src/auth/secrets.ts';
import { DEFAULT_RATE_PER_MIN, RATE_CAP_PER_MIN } from '../../src/auth/rate-limits.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('API keys: a key rate is capped by its roles', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const newKey = (roles: string[], rateLimitPerMin: number) =>
    t.request('POST', '/api/v1/api-keys', t.adminKey, { name: 'integration', companyUbn: CUSTOMS_UBN, roles, rateLimitPerMin });

  it('refuses an unbounded rate, naming the field', async () => {
    const r = await newKey(['customs_officer'], 1_000_000);
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().errors[0].path, '/body/rateLimitPerMin');
  });

  it('refuses a rate above the cap of the key roles and accepts one within it', async () => {
    const tooFast = await newKey(['judicial'], RATE_CAP_PER_MIN.judicial + 1);
    assert.equal(tooFast.statusCode, 422, tooFast.body);
    assert.deepEqual(tooFast.json().errors.map((e: { path: string }) => e.path), ['/body/rateLimitPerMin']);
    assert.match(tooFast.json().errors[0].message, new RegExp(`at most ${RATE_CAP_PER_MIN.judicial}`));
    // The most trusted role sets the cap.
    const mixed = await newKey(['judicial', 'customs_officer'], RATE_CAP_PER_MIN.customs_officer);
    assert.equal(mixed.statusCode, 201, mixed.body);
    assert.equal(mixed.json().rateLimitPerMin, RATE_CAP_PER_MIN.customs_officer);
  });

  it('holds a stored rate above the cap to the cap when serving', async () => {
    const key = newSecret('swk');
    await t.tdb.db.query(
      `insert into api_keys (id, company_ubn, name, prefix, key_hash, roles, ip_allow, rate_limit_per_min) values ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [newId('key'), CUSTOMS_UBN, 'old key', key.slice(0, 8), sha256(key), ['judicial'], [], 5_000_000],
    );
    const r = await t.request('GET', '/api/v1/auth/me', key);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(Number(r.headers['x-ratelimit-limit']), DEFAULT_RATE_PER_MIN);
  });
});
