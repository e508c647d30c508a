// The notification API: each person their own rules, address and push subscriptions; checked and
// audited; API keys have none.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { newBrowser } from './servers.ts';

const V1 = '/api/v1';
const FLEET = '12345681';
let t: TestApp;
let fleet: string;
let colleague: string;
let officer: string;

describe('notification API', () => {
  before(async () => {
    t = await testApp({ config: { webhooks: { allowedNetworks: '127.0.0.0/8' }, mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'a@b.example' } } });
    fleet = await t.userFor(FLEET, ['fleet_operator'], { username: 'fleet.op' });
    colleague = await t.userFor(FLEET, ['fleet_operator'], { username: 'fleet.colleague' });
    officer = await t.userFor(CUSTOMS_UBN, ['customs_officer'], { username: 'officer' });
  });
  after(() => t.close());

  it('gives everyone the VAPID public key, and nobody without credentials', async () => {
    const r = await t.request('GET', `${V1}/notifications/push/key`, fleet);
    assert.equal(r.statusCode, 200);
    assert.equal(Buffer.from(r.json().publicKey, 'base64url').length, 65);
    assert.equal((await t.request('GET', `${V1}/notifications/push/key`, officer)).json().publicKey, r.json().publicKey, 'one key pair');
    assert.equal((await t.request('GET', `${V1}/notifications/push/key`)).statusCode, 401);
    assert.equal((await t.request('GET', `${V1}/notifications/preferences`)).statusCode, 401);
  });

  it("shows a role's defaults until a person saves their own, then theirs; audited", async () => {
    const d = (await t.request('GET', `${V1}/notifications/preferences`, officer)).json();
    assert.deepEqual(d.rules, [{ kind: 'alert', channels: ['push', 'email'], severities: ['critical'] }]);
    assert.equal(d.defaultRules, true);
    assert.equal(d.mailEnabled, true);
    assert.deepEqual(d.throttle, { immediatePerWindow: 3, digestWindowSeconds: 300 });
    const rules = [{ kind: 'alert', channels: ['email'], alertTypes: ['seal_tamper'], severities: ['critical', 'high'], ownTripsOnly: true }, { kind: 'application_decided', channels: ['push'] }];
    const put = await t.request('PUT', `${V1}/notifications/preferences`, fleet, { email: 'ops@fleet.example', rules });
    assert.equal(put.statusCode, 200, put.body);
    const got = (await t.request('GET', `${V1}/notifications/preferences`, fleet)).json();
    assert.equal(got.email, 'ops@fleet.example');
    assert.deepEqual(got.rules, rules);
    assert.equal(got.defaultRules, false);
    // A colleague of the same company still has the defaults: rules are a person's own.
    assert.equal((await t.request('GET', `${V1}/notifications/preferences`, colleague)).json().defaultRules, true);
    const [entry] = await t.tdb.db.query(`select action, resource, after from audit_log where resource = 'notification_preferences'`);
    assert.equal(entry.action, 'update');
    assert.equal(entry.after.email, 'ops@fleet.example');
    // Back to the defaults, keeping the address.
    const reset = await t.request('PUT', `${V1}/notifications/preferences`, fleet, { email: 'ops@fleet.example', rules: null });
    assert.equal(reset.json().defaultRules, true);
  });

  it('refuses bad preferences naming each field', async () => {
    const bad = async (body: unknown, token = fleet) => {
      const r = await t.request('PUT', `${V1}/notifications/preferences`, token, body);
      assert.equal(r.statusCode, 422, r.body);
      return (r.json().errors as { path: string }[]).map((e) => e.path);
    };
    assert.ok((await bad({ email: 'not an address', rules: [] })).some((p) => p.startsWith('/body/email')));
    assert.ok((await bad({ rules: [{ kind: 'alert', channels: [] }] })).some((p) => p.startsWith('/body/rules/0/channels')));
    assert.ok((await bad({ rules: [{ kind: 'alert', channels: ['sms'] }] })).some((p) => p.startsWith('/body/rules/0/channels')));
    assert.ok((await bad({ rules: [{ kind: 'alert', channels: ['email'], alertTypes: ['no_such_alert'] }] })).some((p) => p.startsWith('/body/rules/0/alertTypes')));
    assert.ok((await bad({ rules: [{ kind: 'alert', channels: ['email'], severities: ['urgent'] }] })).some((p) => p.startsWith('/body/rules/0/severities')));
    assert.ok((await bad({ rules: [{ kind: 'gossip', channels: ['email'] }] })).some((p) => p.startsWith('/body/rules/0/kind')));
    assert.ok((await bad({ rules: [{ kind: 'alert', channels: ['email'], extra: 1 }] })).some((p) => p.startsWith('/body/rules/0')));
    assert.deepEqual(await bad({ rules: [{ kind: 'application_decided', channels: ['email'], severities: ['critical'] }] }), ['/body/rules/0/severities']);
    assert.deepEqual(await bad({ rules: [{ kind: 'alert', channels: ['email'], ownTripsOnly: true }] }, officer), ['/body/rules/0/ownTripsOnly']);
    assert.ok((await bad({ rules: Array.from({ length: 21 }, () => ({ kind: 'alert', channels: ['email'] })) })).some((p) => p.startsWith('/body/rules')));
  });

  it('keeps API keys out: they are systems, not people', async () => {
    const key = await t.keyFor(FLEET, ['fleet_operator']);
    assert.equal((await t.request('GET', `${V1}/notifications/preferences`, key)).statusCode, 403);
    assert.equal((await t.request('PUT', `${V1}/notifications/preferences`, key, { rules: [] })).statusCode, 403);
    assert.equal((await t.request('GET', `${V1}/notifications/push/subscriptions`, key)).statusCode, 403);
  });

  it("subscribes a person's browsers, checks the subscription, and lets only its owner remove it", async () => {
    const browser = newBrowser();
    const sub = browser.subscription('https://fcm.googleapis.com/fcm/send/abc123');
    const created = await t.request('POST', `${V1}/notifications/push/subscriptions`, fleet, { ...sub, expirationTime: null });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.equal((await t.request('POST', `${V1}/notifications/push/subscriptions`, fleet, sub)).statusCode, 200, 'the same browser again');
    const list = (await t.request('GET', `${V1}/notifications/push/subscriptions`, fleet)).json();
    assert.deepEqual(list.map((s: { id: string }) => s.id), [id]);
    assert.deepEqual((await t.request('GET', `${V1}/notifications/push/subscriptions`, colleague)).json(), []);
    assert.equal((await t.request('DELETE', `${V1}/notifications/push/subscriptions/${id}`, colleague)).statusCode, 404);
    assert.equal((await t.request('DELETE', `${V1}/notifications/push/subscriptions/${id}`, officer)).statusCode, 404, "not even customs removes a person's");
    // The same browser subscribed by whoever logs in next is theirs from then on.
    assert.equal((await t.request('POST', `${V1}/notifications/push/subscriptions`, colleague, sub)).statusCode, 200);
    assert.deepEqual((await t.request('GET', `${V1}/notifications/push/subscriptions`, fleet)).json(), []);
    assert.equal((await t.request('DELETE', `${V1}/notifications/push/subscriptions/${id}`, colleague)).statusCode, 204);
    assert.deepEqual((await t.request('GET', `${V1}/notifications/push/subscriptions`, colleague)).json(), []);
    const audits = await t.tdb.db.query(`select action from audit_log where resource = 'push_subscription' order by id`);
    assert.deepEqual(audits.map((a) => a.action), ['create', 'update', 'update', 'delete']);

    const refused = async (body: unknown) => {
      const r = await t.request('POST', `${V1}/notifications/push/subscriptions`, fleet, body);
      assert.equal(r.statusCode, 422, r.body);
      return (r.json().errors as { path: string }[]).map((e) => e.path);
    };
    assert.deepEqual(await refused({ ...sub, endpoint: 'http://push.example/x' }), ['/body/endpoint']);
    assert.deepEqual(await refused({ ...sub, endpoint: 'https://10.1.2.3/push' }), ['/body/endpoint']);
    assert.deepEqual(await refused({ ...sub, endpoint: 'https://user:pw@push.example/x' }), ['/body/endpoint']);
    assert.deepEqual(await refused({ ...sub, keys: { ...sub.keys, p256dh: 'A'.repeat(87) } }), ['/body/keys/p256dh']);
    assert.ok((await refused({ ...sub, keys: { p256dh: sub.keys.p256dh } })).some((p) => p.startsWith('/body/keys')));
    assert.ok((await refused({ endpoint: 'x' })).some((p) => p.startsWith('/body')));
    // On a network the deployment allows (WEBHOOK_ALLOWED_NETWORKS), a private push service over http.
    assert.equal((await t.request('POST', `${V1}/notifications/push/subscriptions`, fleet, browser.subscription('http://127.0.0.1:9/push/x'))).statusCode, 201);
  });
});

describe('mail and notification settings from the environment', () => {
  it('reads SMTP_URL, MAIL_FROM, VAPID keys and the throttle, and refuses bad values by name', () => {
    const c = loadConfig({});
    assert.deepEqual(c.mail, { smtpUrl: undefined, from: 'SealWatch <no-reply@sealwatch.invalid>' });
    assert.equal(c.notifications.vapid, undefined);
    assert.equal(c.notifications.vapidSubject, 'mailto:no-reply@sealwatch.invalid');
    assert.equal(c.notifications.immediatePerWindow, 3);
    assert.equal(c.notifications.digestWindowMs, 300_000);
    const keys = { VAPID_PUBLIC_KEY: Buffer.alloc(65, 4).toString('base64url'), VAPID_PRIVATE_KEY: Buffer.alloc(32, 1).toString('base64url') };
    const d = loadConfig({ SMTP_URL: 'smtp://u:p@mail.example:587', MAIL_FROM: 'JMC <jmc@customs.example>', ...keys, NOTIFY_IMMEDIATE: '0', NOTIFY_DIGEST_WINDOW_S: '60' });
    assert.deepEqual(d.mail, { smtpUrl: 'smtp://u:p@mail.example:587', from: 'JMC <jmc@customs.example>' });
    assert.deepEqual(d.notifications, { vapid: { publicKey: keys.VAPID_PUBLIC_KEY, privateKey: keys.VAPID_PRIVATE_KEY }, vapidSubject: 'mailto:jmc@customs.example', immediatePerWindow: 0, digestWindowMs: 60_000 });
    assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example' }), /SMTP_URL/);
    assert.throws(() => loadConfig({ MAIL_FROM: 'nobody' }), /MAIL_FROM/);
    assert.throws(() => loadConfig({ VAPID_PUBLIC_KEY: keys.VAPID_PUBLIC_KEY }), /VAPID_PRIVATE_KEY/);
    assert.throws(() => loadConfig({ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: keys.VAPID_PRIVATE_KEY }), /VAPID_PUBLIC_KEY/);
    assert.throws(() => loadConfig({ VAPID_SUBJECT: 'someone' }), /VAPID_SUBJECT/);
    assert.throws(() => loadConfig({ NOTIFY_DIGEST_WINDOW_S: '1' }), /NOTIFY_DIGEST_WINDOW_S/);
    assert.throws(() => loadConfig({ NOTIFY_IMMEDIATE: '-1' }), /NOTIFY_IMMEDIATE/);
  });
});
