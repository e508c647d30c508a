// An account's life after creation: disabled and enabled, a new password set by a manager or by
// the person, sessions ended; who may do it follows who may create such an account; all audited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

const YARD = '04595252';
const OTHER = '12345675';

describe('account lifecycle', () => {
  let t: TestApp;
  let yardAdmin: string;

  // Each login from its own address, so the login route's per-address limit does not count them all.
  let addresses = 0;
  const loginAs = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `10.9.0.${++addresses}`, payload: { username, password } });

  /** A person of the yard, created through the API, with two sessions from logging in twice. */
  async function person(username: string, roles = ['responsible_person']) {
    const c = await t.request('POST', '/api/v1/users', t.adminKey, { username, name: username, companyUbn: YARD, roles, password: 'first password 1' });
    assert.equal(c.statusCode, 201, c.body);
    const sessions: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await loginAs(username, 'first password 1');
      assert.equal(r.statusCode, 200, r.body);
      sessions.push(r.json().token);
    }
    return { id: c.json().id as string, username, sessions };
  }
  const me = (token: string) => t.request('GET', '/api/v1/auth/me', token).then((r) => r.statusCode);
  const login = (username: string, password: string) => loginAs(username, password).then((r) => r.statusCode);
  const lastAudit = async (id: string) => (await t.request('GET', `/api/v1/audit?resource=user`, t.adminKey)).json().find((e: any) => e.resourceId === id);

  before(async () => {
    t = await testApp();
    yardAdmin = await t.userFor(YARD, ['yard_operator']);
    await t.keyFor(OTHER, ['yard_operator']);
  });
  after(() => t.close());

  it("disables an account of the manager's company, ending its sessions and refusing its logins, and enables it again", async () => {
    const u = await person('rp.disable');
    const off = await t.request('POST', `/api/v1/users/${u.id}/disable`, yardAdmin);
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().disabled, true);
    for (const s of u.sessions) assert.equal(await me(s), 401);
    assert.equal((await t.tdb.db.query('select count(*)::int as n from sessions where user_id = $1', [u.id]))[0].n, 0);
    assert.equal(await login(u.username, 'first password 1'), 401);
    const a = await lastAudit(u.id);
    assert.equal(a.action, 'disable');
    assert.equal(a.before.disabled, false);
    assert.equal(a.after.endedSessions, 2);

    const on = await t.request('POST', `/api/v1/users/${u.id}/enable`, yardAdmin);
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().disabled, false);
    assert.equal((await lastAudit(u.id)).action, 'enable');
    assert.equal(await login(u.username, 'first password 1'), 200);
  });

  it('lets a manager set a new password, which ends every session and retires the old password', async () => {
    const u = await person('rp.reset');
    const short = await t.request('POST', `/api/v1/users/${u.id}/password`, yardAdmin, { password: 'short' });
    assert.equal(short.statusCode, 422);
    assert.equal(short.json().errors[0].path, '/body/password');
    const r = await t.request('POST', `/api/v1/users/${u.id}/password`, t.adminKey, { password: 'second password 2' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().endedSessions, 2);
    for (const s of u.sessions) assert.equal(await me(s), 401);
    assert.equal(await login(u.username, 'first password 1'), 401);
    assert.equal(await login(u.username, 'second password 2'), 200);
    const a = await lastAudit(u.id);
    assert.equal(a.action, 'reset_password');
    assert.doesNotMatch(JSON.stringify(a), /second password|scrypt/, 'no password or hash in the audit trail');
  });

  it("ends someone's sessions on request, audited", async () => {
    const u = await person('rp.sessions');
    const r = await t.request('DELETE', `/api/v1/users/${u.id}/sessions`, yardAdmin);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().endedSessions, 2);
    for (const s of u.sessions) assert.equal(await me(s), 401);
    assert.equal((await lastAudit(u.id)).action, 'end_sessions');
    assert.equal(await login(u.username, 'first password 1'), 200, 'the account itself stays usable');
  });

  it('changes my own password given the current one, keeping this session and ending my others', async () => {
    const u = await person('rp.self');
    const [mine, other] = u.sessions;
    const wrong = await t.request('POST', '/api/v1/auth/password', mine, { currentPassword: 'not it at all', newPassword: 'my new password 3' });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(wrong.json().errors.map((e: any) => e.path), ['/body/currentPassword']);
    const short = await t.request('POST', '/api/v1/auth/password', mine, { currentPassword: 'first password 1', newPassword: 'short' });
    assert.equal(short.statusCode, 422);
    assert.deepEqual(short.json().errors.map((e: any) => e.path), ['/body/newPassword']);
    const same = await t.request('POST', '/api/v1/auth/password', mine, { currentPassword: 'first password 1', newPassword: 'first password 1' });
    assert.equal(same.statusCode, 422);
    assert.deepEqual(same.json().errors.map((e: any) => e.path), ['/body/newPassword']);

    const ok = await t.request('POST', '/api/v1/auth/password', mine, { currentPassword: 'first password 1', newPassword: 'my new password 3' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().endedSessions, 1);
    assert.equal(await me(mine), 200, 'the session that changed the password stays');
    assert.equal(await me(other), 401);
    assert.equal(await login(u.username, 'first password 1'), 401);
    assert.equal(await login(u.username, 'my new password 3'), 200);
    assert.equal((await lastAudit(u.id)).action, 'change_password');
    const byKey = await t.request('POST', '/api/v1/auth/password', t.adminKey, { currentPassword: 'x', newPassword: 'a long password 4' });
    assert.equal(byKey.statusCode, 403, 'an API key has no password to change');
  });

  it('follows who may create the account: another company gets 404, roles the manager may not give 403', async () => {
    const u = await person('rp.scope');
    const yardBoss = await person('yard.boss', ['yard_operator']);
    const fleetBoss = await person('fleet.boss', ['fleet_operator']);
    const outsider = await t.userFor(OTHER, ['yard_operator']);
    const trader = await t.userFor(YARD, ['trader']);
    const calls = (id: string): [string, string, unknown?][] => [
      ['POST', `/api/v1/users/${id}/disable`],
      ['POST', `/api/v1/users/${id}/enable`],
      ['POST', `/api/v1/users/${id}/password`, { password: 'a long password 5' }],
      ['DELETE', `/api/v1/users/${id}/sessions`],
    ];
    for (const [method, url, body] of calls(u.id)) {
      assert.equal((await t.request(method, url, outsider, body)).statusCode, 404, `${method} ${url} by another company`);
      assert.equal((await t.request(method, url, trader, body)).statusCode, 403, `${method} ${url} by a trader`);
    }
    for (const [method, url, body] of calls(fleetBoss.id)) {
      assert.equal((await t.request(method, url, yardAdmin, body)).statusCode, 403, `${method} ${url}: a yard operator may not manage a fleet operator`);
    }
    for (const [method, url, body] of calls('usr_nobody')) assert.equal((await t.request(method, url, t.adminKey, body)).statusCode, 404);
    // A yard operator may manage another yard operator, but not disable themselves.
    assert.equal((await t.request('DELETE', `/api/v1/users/${yardBoss.id}/sessions`, yardAdmin)).statusCode, 200);
    assert.equal((await t.request('POST', `/api/v1/users/${yardBoss.id}/disable`, yardBoss.sessions[0])).statusCode, 401, 'its sessions just ended');
    const boss = await loginAs('yard.boss', 'first password 1');
    const self = await t.request('POST', `/api/v1/users/${yardBoss.id}/disable`, boss.json().token);
    assert.equal(self.statusCode, 409);
    assert.equal((await t.request('GET', `/api/v1/users/${u.id}`, t.adminKey)).json().disabled, false, 'nothing was changed by refused calls');
  });
});
