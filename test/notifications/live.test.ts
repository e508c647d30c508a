// The live alert stream feeds the notifier: a seal tampered on the road reaches the fleet's
// mailbox, its notification stored by the monitor's writer in the alert's own transaction.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { monitorExtension } from '../../src/monitor/extension.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { notificationsExtension } from '../../src/notifications/extension.ts';
import { startServer } from '../../src/server.ts';
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
    const t = tripFixture(1);
    await monitor.submit([...worldInputs(), ...tripInputs(t)]);
    for (const tel of journey(t, clock, { tamperAtKm: 3 })) {
      clock += 60_000;
      await monitor.submit(telemetryInputs([tel]));
    }
    await monitor.settled();
    const outbox = await tdb.db.query<{ key: string }>(`select key from notification_events where kind = 'alert'`);
    const [alert] = await tdb.db.query<{ alert_id: string }>('select alert_id from alerts');
    assert.deepEqual(outbox.map((r) => r.key), [`alert:${alert.alert_id}`], 'the writer stored the new alert for the notifier, once, with the alert');
    const r = await notifier.runOnce();
    assert.deepEqual(r, { events: 1, items: 1, messages: 1, sent: 1 });
    const [mail] = await mailbox.waitFor(1);
    assert.deepEqual(mail.to, ['dispatch@fleet.example']);
    assert.match(mail.subject, new RegExp(`封條異常 ${t.plate}`));
    mailer.close();
    await monitor.close();
  });

  it('runs in the server: the extension takes alerts from the monitor and mails them without being asked', async () => {
    const second = await testDb();
    const db = second.db;
    await db.query(`insert into companies (ubn, name, roles) values ($1, 'Fleet', '{fleet}') on conflict do nothing`, [FLEET_UBN]);
    await db.query(`insert into users (id, username, name, company_ubn, roles, password_hash) values ('usr_fleet', 'fleet', 'Fleet', $1, '{fleet_operator}', 'x')`, [FLEET_UBN]);
    await db.query(`insert into notification_preferences (user_id, email) values ('usr_fleet', 'night-shift@fleet.example')`);
    let clock = Date.parse('2025-03-03T00:00:00Z');
    const config = { ...loadConfig({ SMTP_URL: mailbox.url, MAIL_FROM: 'no-reply@customs.example' }), checkResponses: true, dataDir: '', httpPort: 0, httpHost: '127.0.0.1' };
    const server = await startServer(config, {
      db,
      logger: false,
      extensions: [monitorExtension({ now: () => clock, tickIntervalMs: 0 }), notificationsExtension({ pollMs: 60_000 })],
    });
    try {
      assert.ok(server.ctx.services.mailer?.enabled, 'the mailer is there for every part');
      const before = mailbox.mails.length;
      const t = tripFixture(2);
      await server.ctx.inputs.submit([...worldInputs(), ...tripInputs(t)]);
      for (const tel of journey(t, clock, { tamperAtKm: 3 })) {
        clock += 60_000;
        await server.ctx.inputs.submit(telemetryInputs([tel]));
      }
      // The poll is a minute away: the stored alert wakes the loop.
      const mails = await mailbox.waitFor(before + 1, 10_000);
      assert.deepEqual(mails[before].to, ['night-shift@fleet.example']);
      assert.match(mails[before].subject, new RegExp(`封條異常 ${t.plate}`));
    } finally {
      await server.close();
      await second.close();
    }
  });
});
