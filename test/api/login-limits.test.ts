// Guessing passwords and tokens: failed logins slow down per account without locking out the
// rightful user elsewhere, an unknown username costs a hash check like a known one, and a flood of
// invalid bearer tokens from one address is refused with 429. The throttles run on a frozen clock.
import { after, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { AddressFailures } from '../../src/auth/address-failures.ts';
import { LoginThrottle } from '../../src/auth/login-throttle.ts';
import { passwords } from '../../src/auth/secrets.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('login and token limits', () => {
  let t: TestApp;
  let clock = Date.parse('2025-03-05T06:00:00Z');
  const now = () => clock;

  const login = (ip: string, username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username, password } });

  before(async () => {
    t = await testApp({
      extend: async (ctx) => {
        ctx.services.loginThrottle = new LoginThrottle({ freeFailures: 5, baseDelayMs: 2000, now });
        ctx.services.addressFailures = new AddressFailures({ max: 30, windowMs: 60_000, now });
      },
    });
    for (const username of ['pat.lin', 'kim.wu']) {
      const r = await t.request('POST', '/api/v1/users', t.adminKey, {
        username, name: username, companyUbn: CUSTOMS_UBN, roles: ['customs_officer'], password: 'the right password',
      });
      assert.equal(r.statusCode, 201, r.body);
    }
  });
  after(() => t.close());

  it('slows a failing address down on that account while the right password from another address still logs in', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await login('10.0.0.66', 'pat.lin', `wrong guess ${i}`)).statusCode, 401);
    const blocked = await login('10.0.0.66', 'pat.lin', 'the right password');
    assert.equal(blocked.statusCode, 429, 'even the right password waits at an address that keeps failing');
    assert.match(blocked.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(blocked.json().status, 429);
    assert.equal(blocked.headers['retry-after'], '2');

    const rightful = await login('10.0.0.7', 'pat.lin', 'the right password');
    assert.equal(rightful.statusCode, 200, rightful.body);
    // Another account from the failing address is not held back by pat.lin's failures.
    assert.equal((await login('10.0.0.66', 'kim.wu', 'the right password')).statusCode, 200);

    // A new address gets its try; once it fails it waits too, and the delay has grown.
    assert.equal((await login('10.0.0.8', 'pat.lin', 'another guess')).statusCode, 401);
    const longer = await login('10.0.0.8', 'pat.lin', 'the right password');
    assert.equal(longer.statusCode, 429);
    assert.equal(longer.headers['retry-after'], '4');

    // After the delay the failing address may try again.
    clock += 4000;
    assert.equal((await login('10.0.0.66', 'pat.lin', 'the right password')).statusCode, 200);
  });

  it('checks a password against a hash for an unknown or disabled username, as for a known one', async () => {
    const verify = mock.method(passwords, 'verify');
    try {
      assert.equal((await login('10.0.1.1', 'nobody.here', 'some password')).statusCode, 401);
      assert.equal(verify.mock.callCount(), 1, 'the unknown username went through one hash check');
      assert.match(verify.mock.calls[0].arguments[1], /^scrypt\$16384\$/, 'a hash of the same cost as real ones');

      const [pat] = await t.tdb.db.query('select id from users where username = $1', ['pat.lin']);
      await t.tdb.db.query('update users set disabled = true where id = $1', [pat.id]);
      assert.equal((await login('10.0.1.1', 'pat.lin', 'the right password')).statusCode, 401);
      assert.equal(verify.mock.callCount(), 2, 'a disabled account is checked like any other');
      await t.tdb.db.query('update users set disabled = false where id = $1', [pat.id]);
    } finally {
      verify.mock.restore();
    }
  });

  it('answers a flood of invalid bearer tokens from one address with 429 and Retry-After', async () => {
    const get = (ip: string, token: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/companies', remoteAddress: ip, headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 30; i++) {
      const token = i % 2 ? `swk_guess${i}` : `sws_guess${i}`;
      assert.equal((await get('10.0.2.2', token)).statusCode, 401);
    }
    const flood = await get('10.0.2.2', 'swk_guess30');
    assert.equal(flood.statusCode, 429);
    assert.match(flood.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(flood.headers['retry-after'], '60');
    // While blocked, a valid key from that address is refused too, so guessing learns nothing.
    assert.equal((await get('10.0.2.2', t.adminKey)).statusCode, 429);
    assert.equal((await get('10.0.2.3', t.adminKey)).statusCode, 200, 'other addresses are not affected');
    clock += 60_000;
    assert.equal((await get('10.0.2.2', t.adminKey)).statusCode, 200, 'the block ends with its window');
  });
});
