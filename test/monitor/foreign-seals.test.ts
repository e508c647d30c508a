// The live monitor and an OBU that names another fleet's seals: the other trip, its seals and their
// unlock commands are left alone, and the refusals are warned about with device and seal id (a few
// per device and interval, then a count) and counted in the monitor's stats.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/monitor/monitor.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { fix, journey, telemetryInputs, tripFixture, tripInputs, worldInputs } from './scenario.ts';

let tdb: TestDb;
before(async () => {
  tdb = await testDb();
});
after(() => tdb.close());

it('ignores, warns about and counts seal reports from an OBU the seal is not linked to', async () => {
  let clock = Date.parse('2025-03-03T00:00:00Z');
  const warnings: { extra: any; msg: string }[] = [];
  const log = { info: () => {}, error: () => {}, warn: (extra: any, msg: string) => warnings.push({ extra, msg }) };
  // A clock that stands still for the log budget: every refusal falls in one interval.
  const m = new Monitor(tdb.db, { now: () => clock, tickIntervalMs: 0, log: log as any, refusedSealLog: { perInterval: 2, now: () => 0 } });
  await m.start();
  const [mine, theirs] = [tripFixture(1), tripFixture(2)];
  await m.submit([...worldInputs(), ...tripInputs(mine), ...tripInputs(theirs)]);
  for (const tel of journey(mine, clock)) {
    clock += 60_000;
    await m.submit(telemetryInputs([tel]));
  }
  await m.settled();
  const trip = m.engine.tripForPlate(mine.plate)!;
  assert.equal(trip.state, 'arrived');

  // The other fleet's OBU, at the origin, names this trip's seals: one opened, one tampered.
  for (let i = 1; i <= 5; i++) {
    clock += 10_000;
    const report = fix(theirs, 0, clock, ['locked', 'locked']);
    report.seals = [{ id: mine.seals[0], state: 'unlocked' }, { id: mine.seals[1], state: 'tampered' }];
    await m.submit(telemetryInputs([report]));
  }
  await m.settled();

  assert.equal(m.engine.getTrip(trip.tripId)?.state, 'arrived', 'not closed by another OBU\'s word');
  assert.deepEqual(m.engine.getTrip(trip.tripId)?.seals.map((s) => s.state), ['locked', 'locked']);
  const alerts = await tdb.db.query('select alert_type from alerts');
  assert.deepEqual(alerts, [], 'no seal_tamper on the other trip');
  const commands = await tdb.db.query(`select device_id, status from commands order by device_id`);
  assert.deepEqual(commands.map((c) => c.device_id), mine.seals);
  assert.ok(commands.every((c) => c.status !== 'acknowledged'), 'the unlocks are not acknowledged by another OBU');

  assert.equal(m.stats().engine.refusedSeals, 10);
  const refused = warnings.filter((w) => w.msg.startsWith('monitor: seal report refused'));
  assert.deepEqual(refused.map((w) => w.extra), [
    { deviceId: theirs.obu, sealId: mine.seals[0] },
    { deviceId: theirs.obu, sealId: mine.seals[1] },
  ]);
  await m.close();
  const summary = warnings.filter((w) => w.msg.startsWith('monitor: more seal reports refused'));
  assert.deepEqual(summary.map((w) => w.extra), [{ deviceId: theirs.obu, suppressed: 8, intervalMs: 60_000 }]);
});
