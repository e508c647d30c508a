import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommandDispatcher } from '../../src/gateways/commands/dispatcher.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

describe('command dispatcher: channel choice and the commands table', () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await testDb();
    for (const [id, device] of [['c1', 'S1'], ['c2', 'S2'], ['c3', 'S3'], ['c4', 'S4']]) {
      await tdb.db.query(`insert into commands (command_id, device_id, command, trip_id, at) values ($1, $2, 'unlock', 'T1', now())`, [id, device]);
    }
  });
  after(() => tdb.close());

  it('prefers the device on JT/T 808, then its OBU on JT/T 808, then MQTT; records failures', async () => {
    const jtSent: unknown[][] = [];
    const mqttSent: unknown[][] = [];
    let mqttDown = false;
    const d = new CommandDispatcher({
      db: tdb.db,
      jt808: () => ({ sendCommand: (id, cmd) => (id === 'S1' || id === 'OBU2' ? (jtSent.push([id, cmd]), true) : false) }),
      mqtt: () => ({
        publishCommand: async (id, body) => {
          if (mqttDown) throw new Error('broker unreachable');
          mqttSent.push([id, body]);
        },
      }),
      obuOf: (seal) => (seal === 'S2' ? 'OBU2' : undefined),
    });
    const sent = await d.resendPending();
    assert.equal(sent, 4);
    assert.deepEqual(jtSent, [['S1', { command: 'unlock', tripId: 'T1' }], ['OBU2', { command: 'unlock', tripId: 'T1', sealId: 'S2' }]]);
    assert.deepEqual(mqttSent.map((m) => m[0]), ['S3', 'S4']);
    const rows = await tdb.db.query('select command_id, status, channel from commands order by command_id');
    assert.deepEqual(rows.map((r) => [r.status, r.channel]), [['sent', 'jt808'], ['sent', 'jt808:OBU2'], ['sent', 'mqtt'], ['sent', 'mqtt']]);
    // Nothing pending is left; a new one fails when no channel can take it.
    assert.equal(await d.resendPending(), 0);
    await tdb.db.query(`insert into commands (command_id, device_id, command, at) values ('c5', 'S5', 'unlock', now())`);
    mqttDown = true;
    const r = await d.dispatch({ commandId: 'c5', deviceId: 'S5', command: 'unlock' });
    assert.equal(r.status, 'failed');
    const [c5] = await tdb.db.query(`select status, error from commands where command_id = 'c5'`);
    assert.deepEqual([c5.status, c5.error], ['failed', 'broker unreachable']);
  });
});

describe('command dispatcher: retries until acknowledged or expired', () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  it('sends an unacknowledged command again through the channel that reaches the device then, until it expires', async () => {
    const t0 = Date.now();
    await tdb.db.query(`insert into commands (command_id, device_id, command, trip_id, at) values ('r1', 'S9', 'unlock', 'T9', $1), ('r2', 'S8', 'unlock', 'T8', $1)`, [
      new Date(t0).toISOString(),
    ]);
    let obuOnline = false;
    const jtSent: string[] = [];
    const mqttSent: string[] = [];
    const d = new CommandDispatcher({
      db: tdb.db,
      jt808: () => ({ sendCommand: (id) => (obuOnline && id === 'OBU9' ? (jtSent.push(id), true) : false) }),
      mqtt: () => ({ publishCommand: async (id) => void mqttSent.push(id) }),
      obuOf: (seal) => (seal === 'S9' ? 'OBU9' : undefined),
    });
    await d.dispatch({ commandId: 'r1', deviceId: 'S9', command: 'unlock', tripId: 'T9' });
    await d.dispatch({ commandId: 'r2', deviceId: 'S8', command: 'unlock', tripId: 'T8' });
    assert.deepEqual(mqttSent, ['S9', 'S8'], 'the OBU is out of reach at the gate: MQTT');
    // S8 reports unlocked; S9's OBU comes back on JT/T 808.
    await tdb.db.query(`update commands set status = 'acknowledged', acknowledged_at = now() where command_id = 'r2'`);
    obuOnline = true;
    assert.equal(await d.retryUnacknowledged(Date.now()), 0, 'not before the retry interval');
    assert.equal(await d.retryUnacknowledged(Date.now() + 31_000), 1);
    assert.deepEqual(jtSent, ['OBU9']);
    const [r1] = await tdb.db.query(`select status, channel, attempts from commands where command_id = 'r1'`);
    assert.deepEqual([r1.status, r1.channel, r1.attempts], ['sent', 'jt808:OBU9', 2]);
    const [r2] = await tdb.db.query(`select status, attempts from commands where command_id = 'r2'`);
    assert.deepEqual([r2.status, r2.attempts], ['acknowledged', 1], 'an acknowledged command is not sent again');
    // Never acknowledged: after ten minutes it expires and is no longer sent.
    assert.equal(await d.retryUnacknowledged(t0 + 11 * 60_000), 0);
    const [expired] = await tdb.db.query(`select status, error from commands where command_id = 'r1'`);
    assert.equal(expired.status, 'expired');
    assert.match(expired.error, /not acknowledged within 10 min/);
  });
});
