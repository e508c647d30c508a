// /stream carries an alert's amendments: when a second seal of the same truck is tampered with,
// the tampering alert already open learns its seal id, and whoever may see the alert is told at
// once (the monitoring centre's queue would otherwise show the first seal only until a reload).
// A company the alert does not concern hears nothing of it.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/monitor/monitor.ts';
import { StreamHub, type HubSocket } from '../../src/stream/hub.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { FLEET_UBN, fix, telemetryInputs, tripFixture, tripInputs, worldInputs } from '../monitor/scenario.ts';
import { eventually } from '../monitor/harness.ts';

const OUTSIDER = '12345681';

/** A subscriber's socket that keeps what it is sent, decoded. */
function socket(): HubSocket & { received: any[] } {
  const received: any[] = [];
  return {
    received,
    bufferedAmount: 0,
    readyState: 1,
    send: (data: string) => received.push(...[JSON.parse(data)].flat()),
    close: () => undefined,
    on: () => undefined,
    ping: () => undefined,
    terminate: () => undefined,
  };
}

let tdb: TestDb;
before(async () => {
  tdb = await testDb();
});
after(() => tdb.close());

it('sends alertUpdated with the second tampered seal to those who may see the alert, and to no one else', async () => {
  let clock = Date.parse('2025-03-03T00:00:00Z');
  const log = { info: () => {}, error: () => {}, warn: () => {} };
  const m = new Monitor(tdb.db, { now: () => clock, tickIntervalMs: 0, log: log as any });
  const hub = new StreamHub();
  const fleet = socket();
  const outsider = socket();
  hub.attach(fleet, { all: false, companyUbn: FLEET_UBN });
  hub.attach(outsider, { all: false, companyUbn: OUTSIDER });
  m.listen(hub.publish);
  try {
    await m.start();
    const t = tripFixture(1);
    await m.submit([...worldInputs(), ...tripInputs(t)]);
    const report = async (km: number, seals: [string, string]) => {
      clock += 60_000;
      await m.submit(telemetryInputs([fix(t, km, clock, seals)]));
    };
    for (const km of [0, 1, 2]) await report(km, ['locked', 'locked']);
    await report(3, ['tampered', 'locked']);
    await report(4, ['tampered', 'tampered']);
    await m.settled();

    const opened = await eventually(() => fleet.received.find((e) => e.type === 'alert' && e.data.alertType === 'seal_tamper'), 5000, 'the tamper alert');
    const updated = await eventually(() => fleet.received.find((e) => e.type === 'alertUpdated' && e.data.alertId === opened.data.alertId), 5000, 'its amendment');
    assert.equal(updated.data.alertType, 'seal_tamper');
    assert.equal(updated.data.tripId, opened.data.tripId);
    assert.equal(updated.data.status, 'open');
    const [stored] = await tdb.db.query('select detail from alerts where alert_id = $1', [opened.data.alertId]);
    assert.deepEqual(updated.data.detail, stored.detail, 'the whole detail as stored, not only what changed');
    assert.ok(JSON.stringify(updated.data.detail).includes(t.seals[1]), 'names the second seal');
    assert.ok(!JSON.stringify(opened.data.detail).includes(t.seals[1]), 'the opening named the first seal only');

    assert.deepEqual(outsider.received.filter((e) => e.type === 'alert' || e.type === 'alertUpdated'), []);
  } finally {
    hub.close();
    await m.close();
  }
});
