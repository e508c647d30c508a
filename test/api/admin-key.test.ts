// SEALWATCH_ADMIN_KEY (CONTRACT section 1): the key has exactly the value given, whatever its
// shape; a value too short to be secret is refused before the server starts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { ensureAdminKey } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('SEALWATCH_ADMIN_KEY', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('makes a working customs-admin key of any shape', async () => {
    const key = 'my-automation-key-123456';
    await ensureAdminKey(t.tdb.db, loadConfig({ SEALWATCH_ADMIN_KEY: key }).adminKey!);
    const me = await t.request('GET', '/api/v1/auth/me', key);
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().kind, 'key');
    assert.deepEqual(me.json().roles, ['customs_admin']);
    assert.equal((await t.request('POST', '/api/v1/companies', key, { ubn: '04595252', name: 'Kao Yard', roles: ['yard'] })).statusCode, 201);
  });

  it('works even when the value looks like a session token', async () => {
    const key = 'sws_not-a-session-but-a-key';
    await ensureAdminKey(t.tdb.db, key);
    assert.equal((await t.request('GET', '/api/v1/auth/me', key)).statusCode, 200);
  });

  it('still tells an unknown key from an expired session, and sessions still work', async () => {
    const unknownKey = await t.request('GET', '/api/v1/auth/me', 'someone-elses-key-0000000');
    assert.equal(unknownKey.statusCode, 401);
    assert.match(unknownKey.json().detail, /API key is not valid/);
    const unknownSession = await t.request('GET', '/api/v1/auth/me', 'sws_expired-or-never-issued');
    assert.equal(unknownSession.statusCode, 401);
    assert.match(unknownSession.json().detail, /Session is not valid/);
    const session = await t.userFor('04595252', ['yard_operator']);
    assert.equal((await t.request('GET', '/api/v1/auth/me', session)).json().kind, 'user');
  });

  it('refuses a value shorter than 16 characters, saying so', async () => {
    const message = /SEALWATCH_ADMIN_KEY must be at least 16 characters long, got 10/;
    assert.throws(() => loadConfig({ SEALWATCH_ADMIN_KEY: '0123456789' }), message);
    await assert.rejects(ensureAdminKey(t.tdb.db, '0123456789'), message);
    assert.equal(loadConfig({ SEALWATCH_ADMIN_KEY: '0123456789abcdef' }).adminKey, '0123456789abcdef');
    assert.equal(loadConfig({}).adminKey, undefined);
  });
});
