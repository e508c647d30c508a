// A platform that was down for an hour comes back to a fleet still on the road: the trucks were not
// silent, the platform was. The restart is the first input after the rebuild (stored, so a rebuild
// agrees), no tick runs through the downtime, and signal_lost waits for a silence heard after it.
// The ticks the previous run did go through (up to its last timer alert) are replayed before the
// jump, so the rebuilt engine holds every alert the table holds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/monitor/monitor.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { journey, telemetryInputs, tripFixture, tripInputs, worldInputs } from './scenario.ts';

describe('monitor: a restart after downtime', () => {
  let tdb: TestDb;
  let clock = Date.parse('2025-03-03T00:00:00Z');
  const now = () => clock;
  const t = tripFixture(7);
  let lastReportMs = 0;
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  const alertsOfTrip = () => tdb.db.query(`select alert_id, alert_type, opened_at, detail from alerts where plate = $1 order by alert_id`, [t.plate]);

  it('records the restart and raises no signal_lost for the downtime', async () => {
    const first = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    await first.start();
    await first.submit([...worldInputs(), ...tripInputs(t)]);
    for (const tel of journey(t, clock, { steps: 10 }).slice(0, 4)) {
      clock += 60_000;
      await first.submit(telemetryInputs([tel]));
    }
    lastReportMs = clock;
    await first.settled();
    assert.equal(first.engine.tripForPlate(t.plate)?.state, 'in_transit');
    await first.close();

    clock += 3_600_000;
    const second = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    await second.start();
    const [resumed] = await tdb.db.query(`select type, at, data from engine_inputs order by seq desc limit 1`);
    assert.equal(resumed.type, 'platformResumed');
    assert.equal(new Date(resumed.at).getTime(), clock);
    assert.equal(Date.parse(resumed.data.lastInputAt), lastReportMs);
    second.tick();
    await second.settled();
    assert.deepEqual(await alertsOfTrip(), []);

    // Silence heard after the restart counts: 300 s of it opens the alert, which tells the whole gap.
    clock += 299_000;
    second.tick();
    await second.settled();
    assert.deepEqual(await alertsOfTrip(), []);
    clock += 2_000;
    second.tick();
    await second.settled();
    const alerts = await alertsOfTrip();
    assert.deepEqual(alerts.map((a) => a.alert_type), ['signal_lost']);
    assert.equal(Date.parse(alerts[0].detail.lastReportAt), lastReportMs);
    assert.ok(alerts[0].detail.silentSeconds >= 3600 + 300, `silent ${alerts[0].detail.silentSeconds} s`);
    await second.close();
  });

  it('rebuilds the same alerts from the log, the restart included', async () => {
    const before = await alertsOfTrip();
    await tdb.db.query('delete from alerts');
    await tdb.db.query('update monitor_progress set outputs_seq = 0');
    const again = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    await again.start();
    await again.settled();
    const after = await alertsOfTrip();
    assert.deepEqual(after.map((a) => [a.alert_id, a.alert_type, new Date(a.opened_at).toISOString()]), before.map((a) => [a.alert_id, a.alert_type, new Date(a.opened_at).toISOString()]));
    // The rebuilt engine holds the alert open too: the truck's next report clears it.
    clock += 10_000;
    const back = journey(t, clock, { steps: 10 })[5];
    back.ts = new Date(clock).toISOString();
    await again.submit(telemetryInputs([back]));
    await again.settled();
    const [cleared] = await tdb.db.query(`select cleared_at from alerts where plate = $1 and alert_type = 'signal_lost'`, [t.plate]);
    assert.ok(cleared.cleared_at, 'the report clears the alert');
    await again.close();
  });
});
