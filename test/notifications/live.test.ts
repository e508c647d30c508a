// The live alert stream feeds the notifier: a seal tampered on the road reaches the fleet's
// mailbox, taken from the monitor's stored outputs as /stream and the command dispatcher take them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/monitor/monitor.ts';
import { createMailer } from '../../src/notifications/mailer.ts';
import { createNotifier } from '../../src/notifications/notifier.ts';
import { vapidKeys } from '../../src/notifications/vapid.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { FLEET_UBN, journey, telemetryInputs, tripFixture, tripInputs, worldInputs } from '../monitor/scenario.ts';
import { startMailbox, type Mailbox } from './servers.ts';

describe('notifications from the live alert stream', () => {
  let tdb: TestDb;
  let mailbox: Mailbox;
  before(async () => {
    tdb = await testDb();
    mailbox = await startMailbox();
  });
  after(async () => {
    await mailbox.close();
    await tdb.close();
  });

  it("mails a fleet operator its truck's seal tampering as the monitor stores it", async () => {
    await tdb.db.query(`insert into companies (ubn, name, roles) values ($1, 'Fleet', '{fleet}') on conflict do nothing`, [FLEET_UBN]);
    await tdb.db.query(`insert into users (id, username, name, company_ubn, roles, password_hash) values ('usr_fleet', 'fleet', 'Fleet', $1, '{fleet_operator}', 'x')`, [FLEET_UBN]);
    await tdb.db.query(`insert into notification_preferences (user_id, email) values ('usr_fleet', 'dispatch@fleet.example')`);
    let clock = Date.parse('2025-03-03T00:00:00Z');
    const monitor = new Monitor(tdb.db, { now: () => clock, tickIntervalMs: 0 });
    await monitor.start();
    const mailer = createMailer({ smtpUrl: mailbox.url, from: 'no-reply@customs.example' });
    const notifier = createNotifier(tdb.db, {
      mailer,
      vapid: vapidKeys({ vapidSubject: 'mailto:no-reply@customs.example', immediatePerWindow: 3, digestWindowMs: 300_000 }, ''),
      config: { immediatePerWindow: 3, digestWindowMs: 300_000 },
    });
    let stored = 0;
    notifier.onStored = () => stored++;
    const stop = monitor.listen((e) => notifier.onMonitorEvents(e));
    const t = tripFixture(1);
    await monitor.submit([...worldInputs(), ...tripInputs(t)]);
    for (const tel of journey(t, clock, { tamperAtKm: 3 })) {
      clock += 60_000;
      await monitor.submit(telemetryInputs([tel]));
    }
    await monitor.settled();
    await notifier.stored();
    assert.equal(stored, 1, 'the new alert was stored for the notifier, once');
    const r = await notifier.runOnce();
    assert.deepEqual(r, { events: 1, items: 1, messages: 1, sent: 1 });
    const [mail] = await mailbox.waitFor(1);
    assert.deepEqual(mail.to, ['dispatch@fleet.example']);
    assert.match(mail.subject, new RegExp(`封條異常 ${t.plate}`));
    stop();
    mailer.close();
    await monitor.close();
  });
});
