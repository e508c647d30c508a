// Notifications end to end below the API: an alert the monitor stored reaches a mailbox through a
// real SMTP server and a browser through a push service (VAPID-signed, aes128gcm, decrypted here);
// a burst is digested; rules and the access policy decide who hears of what.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/auth/secrets.ts';
import type { AlertType, Severity } from '../../src/core/types.ts';
import { enqueueAlertNotifications, enqueueNotification, type StoredAlert } from '../../src/notifications/events.ts';
import { createMailer, type Mailer } from '../../src/notifications/mailer.ts';
import { createNotifier, type Notifier } from '../../src/notifications/notifier.ts';
import type { NotificationRule } from '../../src/notifications/rules.ts';
import { vapidKeys } from '../../src/notifications/vapid.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { decryptAes128gcm, newBrowser, startMailbox, startPushService, verifyVapid, type Mailbox, type PushService } from './servers.ts';

const FLEET_A = '12345681';
const FLEET_B = '12345704';
const YARD_C = '12345726';
const WINDOW_MS = 300_000;

let tdb: TestDb;
let mailbox: Mailbox;
let push: PushService;
let mailer: Mailer;
let clock: number;
const vapid = vapidKeys({ vapidSubject: 'mailto:jmc@customs.example', immediatePerWindow: 3, digestWindowMs: WINDOW_MS }, '');

function notifier(): Notifier {
  return createNotifier(tdb.db, {
    mailer,
    vapid,
    config: { immediatePerWindow: 3, digestWindowMs: WINDOW_MS },
    allowedNetworks: '127.0.0.0/8',
    now: () => new Date(clock),
  });
}

async function company(ubn: string, roles: string[]) {
  await tdb.db.query('insert into companies (ubn, name, roles) values ($1,$2,$3) on conflict (ubn) do nothing', [ubn, `Company ${ubn}`, roles]);
}

async function person(ubn: string, roles: string[], prefs?: { email?: string; rules?: NotificationRule[] }): Promise<string> {
  const id = newId('usr');
  await tdb.db.query(`insert into users (id, username, name, company_ubn, roles, password_hash) values ($1,$1,$1,$2,$3,'x')`, [id, ubn, roles]);
  if (prefs) {
    await tdb.db.query('insert into notification_preferences (user_id, email, rules) values ($1,$2,$3)', [
      id, prefs.email ?? null, prefs.rules ? JSON.stringify(prefs.rules) : null,
    ]);
  }
  return id;
}

let alertN = 0;
/** An alert as the monitor's writer stores it: its row, then (deliver) its notification event. */
async function alertEvent(o: { plate: string; visibleTo: string[]; type?: AlertType; severity?: Severity; cnNos?: string[] }): Promise<StoredAlert> {
  const alertId = `alert-${++alertN}`;
  const at = new Date(clock).toISOString();
  const type = o.type ?? 'seal_tamper';
  const severity = o.severity ?? 'critical';
  await tdb.db.query(
    `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, cn_nos, lat, lon, opened_at, visible_to)
     values ($1,$2,$3,0,$4,$5,$6,22.6,120.3,$7,$8)`,
    [alertId, type, severity, `trip-${o.plate}`, o.plate, o.cnNos ?? [], at, o.visibleTo],
  );
  return {
    at,
    alert: { alertId, alertType: type, severity, tripId: `trip-${o.plate}`, cnNos: o.cnNos ?? [], plate: o.plate, lat: 22.6, lon: 120.3 },
    audience: o.visibleTo,
  };
}

async function deliver(n: Notifier, alerts: StoredAlert[]) {
  await tdb.db.transaction((tx) => enqueueAlertNotifications(tx, alerts));
  return n.runOnce();
}

before(async () => {
  mailbox = await startMailbox();
  push = await startPushService();
  mailer = createMailer({ smtpUrl: mailbox.url, from: 'SealWatch <no-reply@customs.example>' });
});
after(async () => {
  mailer.close();
  await mailbox.close();
  await push.close();
});

describe('notifications', () => {
  beforeEach(async () => {
    tdb = await testDb();
    clock = Date.parse('2026-12-07T01:00:00Z');
    mailbox.mails.length = 0;
    push.requests.length = 0;
    await company(CUSTOMS_UBN, ['customs']);
    await company(FLEET_A, ['fleet']);
    await company(FLEET_B, ['fleet']);
    await company(YARD_C, ['yard']);
    for (const [plate, fleet] of [['KNA6001', FLEET_A], ['KNB6002', FLEET_B], ['KNA6003', FLEET_A]]) {
      await tdb.db.query(`insert into vehicles (plate, kind, category, fleet_ubn, body) values ($1,'tractor',1,$2,'{}')`, [plate, fleet]);
    }
  });
  afterEach(() => tdb.close());

  it('brings a new alert to an officer by mail through SMTP and by Web Push, signed and encrypted', async () => {
    const officer = await person(CUSTOMS_UBN, ['customs_officer'], { email: 'officer@customs.example' });
    const browser = newBrowser();
    const sub = browser.subscription(`${push.base}/push/officer-phone`);
    await tdb.db.query('insert into push_subscriptions (id, user_id, endpoint, p256dh, auth) values ($1,$2,$3,$4,$5)', [
      'psub_1', officer, sub.endpoint, sub.keys.p256dh, sub.keys.auth,
    ]);
    const n = notifier();
    const r = await deliver(n, [await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A], type: 'seal_tamper', severity: 'critical' })]);
    assert.deepEqual(r, { events: 1, items: 2, messages: 2, sent: 2 });

    const [mail] = await mailbox.waitFor(1);
    assert.deepEqual(mail.to, ['officer@customs.example']);
    assert.equal(mail.from, 'no-reply@customs.example');
    assert.match(mail.subject, /【重大】封條異常 KNA6001 \/ Critical: Seal tampering/);
    assert.match(mail.text, /車牌：KNA6001/);
    assert.match(mail.text, /警示編號：alert-1/);
    assert.match(mail.text, /時間：2026-12-07 09:00:00 \(UTC\+8\)/);

    assert.equal(push.requests.length, 1);
    const req = push.requests[0];
    assert.equal(req.path, '/push/officer-phone');
    assert.equal(req.headers['content-encoding'], 'aes128gcm');
    assert.equal(req.headers.urgency, 'high');
    assert.ok(Number(req.headers.ttl) > 0);
    const jwt = await verifyVapid(req.headers, vapid.publicKey, push.base);
    assert.equal(jwt.sub, 'mailto:jmc@customs.example');
    assert.ok(jwt.exp! * 1000 > Date.now());
    const payload = JSON.parse(decryptAes128gcm(req.body, browser));
    assert.equal(payload.kind, 'alert');
    assert.equal(payload.alertId, 'alert-1');
    assert.equal(payload.tag, 'alert:alert-1');
    assert.match(payload.title, /封條異常 KNA6001/);

    // Nothing more is sent on the next round, and the same alert handed over again is not told twice.
    assert.deepEqual(await deliver(n, [await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A], severity: 'low' })]), { events: 1, items: 0, messages: 0, sent: 0 });
    const [again] = await tdb.db.query(`select count(*)::int as n from notification_events`);
    await enqueueNotification(tdb.db, { kind: 'alert', at: new Date(clock).toISOString(), alert: { alertId: 'alert-1', alertType: 'seal_tamper', severity: 'critical', tripId: null, plate: 'KNA6001', cnNos: [], lat: null, lon: null }, audience: [] });
    assert.deepEqual(await tdb.db.query(`select count(*)::int as n from notification_events`), [again]);
    assert.equal(mailbox.mails.length, 1);
  });

  it('sends a burst of 100 alerts as the first three and one digest, not 100 mails', async () => {
    await person(CUSTOMS_UBN, ['customs_officer'], { email: 'officer@customs.example', rules: [{ kind: 'alert', channels: ['email'] }] });
    const n = notifier();
    const burst: StoredAlert[] = [];
    for (let i = 0; i < 100; i++) burst.push(await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A], type: i % 2 ? 'route_deviation' : 'seal_tamper', severity: i % 2 ? 'high' : 'critical' }));
    const r = await deliver(n, burst);
    assert.deepEqual(r, { events: 50, items: 50, messages: 3, sent: 3 }, 'a round expands 50 events');
    await n.runOnce();
    await n.runOnce();
    assert.equal(mailbox.mails.length, 3, 'the first three at once, the rest held');
    const held = await tdb.db.query(`select count(*)::int as n from notification_items where mode = 'held' and message_id is null`);
    assert.equal(held[0].n, 97);

    clock += WINDOW_MS - 1000;
    await n.runOnce();
    assert.equal(mailbox.mails.length, 3, 'no digest before the window has passed');
    clock += 1000;
    const flushed = await n.runOnce();
    assert.equal(flushed.sent, 1);
    const mails = await mailbox.waitFor(4);
    assert.equal(mails.length, 4);
    const digest = mails[3];
    assert.match(digest.subject, /彙整：97 則通知（警示 97 則，重大 48 則）/);
    assert.match(digest.subject, /Digest: 97 notifications/);
    assert.equal(digest.text.split('\n').filter((l) => l.startsWith('- ')).length, 50, 'fifty listed');
    assert.match(digest.text, /另有 47 則 \/ and 47 more/);

    // The storm goes on: right after a digest everything is held for the next one.
    const more: StoredAlert[] = [];
    for (let i = 0; i < 5; i++) more.push(await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A] }));
    await deliver(n, more);
    assert.equal(mailbox.mails.length, 4);
    clock += WINDOW_MS;
    await n.runOnce();
    await mailbox.waitFor(5);
    assert.match(mailbox.mails[4].subject, /5 則通知/);
    // A quiet window later, single messages again.
    clock += WINDOW_MS + 1;
    await deliver(n, [await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A], type: 'overdue', severity: 'high' })]);
    await mailbox.waitFor(6);
    assert.match(mailbox.mails[5].subject, /逾時進站 KNA6001/);
    const messages = await tdb.db.query(`select mode, count(*)::int as n from notification_messages group by mode order by mode`);
    assert.deepEqual(messages, [{ mode: 'digest', n: 2 }, { mode: 'single', n: 4 }]);
    // A month later what was sent is gone from the outbox.
    clock += 31 * 86_400_000;
    await n.runOnce();
    for (const table of ['notification_events', 'notification_items', 'notification_messages']) {
      assert.deepEqual(await tdb.db.query(`select count(*)::int as n from ${table}`), [{ n: 0 }], table);
    }
  });

  it('tells people only what their rules ask for and the access policy lets them see', async () => {
    const all: NotificationRule[] = [{ kind: 'alert', channels: ['email'] }];
    await person(FLEET_A, ['fleet_operator'], { email: 'a-all@fleet.example', rules: all });
    await person(FLEET_A, ['fleet_operator'], { email: 'a-tamper@fleet.example', rules: [{ kind: 'alert', channels: ['email'], alertTypes: ['seal_tamper'] }] });
    await person(FLEET_A, ['fleet_operator'], { email: 'a-critical@fleet.example', rules: [{ kind: 'alert', channels: ['email'], severities: ['critical'] }] });
    await person(FLEET_A, ['fleet_operator'], { email: 'a-nothing@fleet.example', rules: [] });
    await person(FLEET_B, ['fleet_operator'], { email: 'b-all@fleet.example', rules: all });
    await person(YARD_C, ['yard_operator'], { email: 'c-all@yard.example', rules: all });
    await person(YARD_C, ['yard_operator'], { email: 'c-own@yard.example', rules: [{ kind: 'alert', channels: ['email'], ownTripsOnly: true }] });
    await person(FLEET_A, ['fleet_operator'], { email: 'a-own@fleet.example', rules: [{ kind: 'alert', channels: ['email'], ownTripsOnly: true }] });
    await person(FLEET_A, ['fleet_operator'], { rules: all }); // no address, no push: nothing
    const disabled = await person(FLEET_A, ['fleet_operator'], { email: 'a-disabled@fleet.example', rules: all });
    await tdb.db.query('update users set disabled = true where id = $1', [disabled]);
    // Default rules of a fleet: critical and high alerts.
    await person(FLEET_A, ['fleet_operator'], { email: 'a-default@fleet.example' });
    // A driver of fleet A sees only the trips of the truck it drives now.
    const driver = await person(FLEET_A, ['driver'], { email: 'driver@fleet.example', rules: all });
    await tdb.db.query(`insert into driver_logins (id, user_id, national_id, plate, source) values ('dl1', $1, 'A123456789', 'KNA6003', 'app')`, [driver]);

    const n = notifier();
    // Fleet A's truck on a trip to yard C's facility: the yard sees it, but is no party to it.
    await deliver(n, [
      await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A, YARD_C], type: 'seal_tamper', severity: 'critical' }),
      await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A, YARD_C], type: 'route_deviation', severity: 'high' }),
      await alertEvent({ plate: 'KNA6003', visibleTo: [FLEET_A], type: 'low_battery', severity: 'low' }),
    ]);
    const mails = await mailbox.waitFor(13);
    await new Promise((r) => setTimeout(r, 100));
    const got = (to: string) => mails.filter((m) => m.to.includes(to)).map((m) => /\/ (\w+): /.exec(m.subject)?.[1]);
    assert.deepEqual(got('a-all@fleet.example').sort(), ['Critical', 'High', 'Low']);
    assert.deepEqual(got('a-tamper@fleet.example'), ['Critical']);
    assert.deepEqual(got('a-critical@fleet.example'), ['Critical']);
    assert.deepEqual(got('a-own@fleet.example').sort(), ['Critical', 'High', 'Low']);
    assert.deepEqual(got('a-default@fleet.example').sort(), ['Critical', 'High']);
    assert.deepEqual(got('c-all@yard.example').sort(), ['Critical', 'High']);
    assert.deepEqual(got('c-own@yard.example'), [], 'a trip to its facility is not its own');
    assert.deepEqual(got('driver@fleet.example'), ['Low'], 'a driver hears only of the truck it drives');
    assert.deepEqual(got('b-all@fleet.example'), [], "another fleet never hears of fleet A's trucks");
    assert.deepEqual(got('a-nothing@fleet.example'), []);
    assert.deepEqual(got('a-disabled@fleet.example'), []);
    assert.equal(mails.length, 13);
  });

  it('tells an applicant company of its decision and the named companies of a declaration change', async () => {
    const rules: NotificationRule[] = [{ kind: 'application_decided', channels: ['email'] }, { kind: 'declaration_changed', channels: ['email'] }];
    const applicant = await person(FLEET_A, ['fleet_operator'], { email: 'a@fleet.example', rules });
    await person(FLEET_B, ['fleet_operator'], { email: 'b@fleet.example', rules });
    await person(CUSTOMS_UBN, ['customs_officer'], { email: 'officer@customs.example', rules });
    const n = notifier();
    await tdb.db.transaction(async (tx) => {
      await enqueueNotification(tx, {
        kind: 'application_decided', at: new Date(clock).toISOString(), applicationId: 'app-1', applicationType: 'fleet_registration',
        decision: 'approved', companyUbn: FLEET_A, applicantUserId: applicant, title: '車隊登記 KNA6001', note: '資料齊全',
      });
      await enqueueNotification(tx, {
        kind: 'declaration_changed', at: new Date(clock).toISOString(), declarationNo: 'AA12345678901', status: 'released',
        companyUbns: [FLEET_B], containerNos: ['CSQU3054383'], summary: '放行',
      });
    });
    await n.runOnce();
    const mails = await mailbox.waitFor(3);
    const to = (a: string) => mails.filter((m) => m.to.includes(a)).map((m) => m.subject);
    assert.deepEqual(to('a@fleet.example'), ['申請核准：車隊登記 KNA6001 / Application approved']);
    assert.match(mails.find((m) => m.to.includes('a@fleet.example'))!.text, /審查意見：資料齊全/);
    assert.deepEqual(to('b@fleet.example'), ['報單 AA12345678901 狀態：released / Declaration AA12345678901: released']);
    assert.deepEqual(to('officer@customs.example'), ['報單 AA12345678901 狀態：released / Declaration AA12345678901: released']);
  });

  it('retries a push service that fails, and forgets a subscription the service says is gone', async () => {
    const officer = await person(CUSTOMS_UBN, ['customs_officer'], { rules: [{ kind: 'alert', channels: ['push'] }] });
    const phone = newBrowser().subscription(`${push.base}/push/phone`);
    const old = newBrowser().subscription(`${push.base}/push/old-laptop`);
    for (const [id, s] of [['psub_phone', phone], ['psub_old', old]] as const) {
      await tdb.db.query('insert into push_subscriptions (id, user_id, endpoint, p256dh, auth) values ($1,$2,$3,$4,$5)', [id, officer, s.endpoint, s.keys.p256dh, s.keys.auth]);
    }
    push.status.set('/push/phone', 503);
    push.status.set('/push/old-laptop', 410);
    const n = notifier();
    const r = await deliver(n, [await alertEvent({ plate: 'KNA6001', visibleTo: [FLEET_A] })]);
    assert.equal(r.sent, 0);
    assert.deepEqual((await tdb.db.query('select id from push_subscriptions')).map((x) => x.id), ['psub_phone']);
    const [m] = await tdb.db.query('select attempts, last_error, next_attempt_at, sent_at from notification_messages');
    assert.equal(m.attempts, 1);
    assert.equal(m.last_error, 'HTTP 503');
    assert.equal(m.sent_at, null);
    push.status.delete('/push/phone');
    clock = new Date(m.next_attempt_at).getTime();
    assert.equal((await n.runOnce()).sent, 1);
    assert.deepEqual(push.requests.map((q) => q.path), ['/push/old-laptop', '/push/phone', '/push/phone']);
  });
});
