import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/monitor/monitor.ts';
import type { MonitorEvent } from '../../src/monitor/records.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { journey, telemetryInputs, tripFixture, tripInputs, worldInputs } from './scenario.ts';

describe('monitor: input log, engine, outputs, rebuild', () => {
  let tdb: TestDb;
  let clock = Date.parse('2025-03-03T00:00:00Z');
  const now = () => clock;
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  it('stores inputs before acknowledging, applies them, stores and publishes outputs', async () => {
    const m = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    await m.start();
    const events: MonitorEvent[] = [];
    m.listen((e) => events.push(...e));
    const t = tripFixture(1);
    await m.submit([...worldInputs(), ...tripInputs(t)]);
    const [{ n }] = await tdb.db.query('select count(*)::int as n from engine_inputs');
    assert.equal(n, 8);
    // One report a minute of engine time.
    for (const tel of journey(t, clock, { tamperAtKm: 3 })) {
      clock += 60_000;
      await m.submit(telemetryInputs([tel]));
    }
    await m.settled();
    const trip = m.engine.tripForPlate(t.plate);
    assert.ok(trip);
    assert.equal(trip.state, 'arrived');
    const alerts = await tdb.db.query('select alert_id, alert_type, severity, visible_to from alerts');
    assert.deepEqual(alerts.map((a) => a.alert_type), ['seal_tamper']);
    assert.ok(alerts[0].visible_to.includes('12345675'), 'the fleet sees its alert');
    const positions = await tdb.db.query('select count(*)::int as n from positions');
    assert.equal(positions[0].n, 11);
    const states = await tdb.db.query('select state from trip_events where trip_id = $1 order by seq', [trip.tripId]);
    assert.deepEqual(states.map((r) => r.state), ['planned', 'sealed', 'in_transit', 'arrived']);
    const commands = await tdb.db.query('select device_id, status from commands order by device_id');
    assert.deepEqual(commands.map((c) => c.device_id), t.seals);
    assert.ok(events.some((e) => e.type === 'alert' && e.data.alertType === 'seal_tamper'));
    assert.equal(events.filter((e) => e.type === 'position').length, 11);
    const [progress] = await tdb.db.query('select outputs_seq from monitor_progress');
    const [last] = await tdb.db.query('select max(seq) as s from engine_inputs');
    assert.equal(Number(progress.outputs_seq), Number(last.s));
    await m.close();
  });

  it('rebuilds the same state from the log and stores nothing twice', async () => {
    // Forget that outputs were stored: the rebuild writes everything again, idempotently.
    await tdb.db.query('update monitor_progress set outputs_seq = 0');
    const m = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    const events: MonitorEvent[] = [];
    m.listen((e) => events.push(...e));
    const r = await m.start();
    assert.equal(r.inputs, 19);
    assert.equal(m.engine.tripForPlate(tripFixture(1).plate)?.state, 'arrived');
    const [{ n }] = await tdb.db.query('select count(*)::int as n from alerts');
    assert.equal(n, 1);
    const [{ e }] = await tdb.db.query(`select count(*)::int as e from alert_events where kind = 'opened'`);
    assert.equal(e, 1);
    assert.equal(events.length, 0, 'a rebuild announces nothing');
    // The trip goes on: the seals report unlocked at the destination, the trip closes.
    const t = tripFixture(1);
    clock += 60_000;
    const closing = journey(t, clock).at(-1)!;
    closing.ts = new Date(clock + 15 * 60_000).toISOString();
    closing.seals = closing.seals!.map((s) => ({ ...s, state: 'unlocked' }));
    await m.submit(telemetryInputs([closing]));
    await m.settled();
    assert.equal(m.engine.tripForPlate(t.plate), null);
    const [trip] = await tdb.db.query('select state from trips where plate = $1', [t.plate]);
    assert.equal(trip.state, 'closed');
    // A late report (older than the last one) is history: stored, not shown live.
    const late = journey(t, Date.parse('2025-03-03T00:00:00Z'))[2];
    events.length = 0;
    await m.submit(telemetryInputs([late]));
    await m.settled();
    const [{ p }] = await tdb.db.query('select count(*)::int as p from positions where ts = $1', [late.ts]);
    assert.equal(p, 2, 'the late copy is stored beside the original');
    assert.equal(events.filter((e) => e.type === 'position').length, 0);
    const acked = await tdb.db.query(`select status from commands`);
    assert.deepEqual(acked.map((c) => c.status), ['acknowledged', 'acknowledged']);
    await m.close();
  });

  it('drives timers with ticks sequenced from the clock', async () => {
    const m = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    await m.start();
    const t = tripFixture(2);
    clock += 60_000;
    await m.submit(tripInputs(t));
    const trip = journey(t, clock, { steps: 10 }).slice(0, 4);
    for (const tel of trip) {
      clock += 60_000;
      await m.submit(telemetryInputs([tel]));
    }
    // Silence: signal_lost after 300 s of no OBU report, raised by ticks alone.
    clock += 301_000;
    m.tick();
    await m.settled();
    const rows = await tdb.db.query(`select alert_type from alerts where plate = $1`, [t.plate]);
    assert.deepEqual(rows.map((r) => r.alert_type), ['signal_lost']);
    await m.close();
    // A rebuild derives the same ticks and finds the alert stored already.
    await tdb.db.query('update monitor_progress set outputs_seq = 0');
    const again = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    await again.start();
    again.tick();
    await again.settled();
    const [{ n }] = await tdb.db.query(`select count(*)::int as n from alerts where plate = $1`, [t.plate]);
    assert.equal(n, 1);
    await again.close();
  });
});
