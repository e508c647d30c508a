import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOverdue, overdueDeadline } from '../../src/core/rules/overdue.ts';
import { LAT, Sim, TRIP, types } from '../engine/scenario.ts';

test('deadline is departure + maxDurationMin; only an in-transit trip is overdue', () => {
  assert.equal(overdueDeadline(1000, 30), 1000 + 30 * 60_000);
  assert.equal(isOverdue('in_transit', 1_800_999, 1_801_000), false);
  assert.equal(isOverdue('in_transit', 1_801_000, 1_801_000), true);
  assert.equal(isOverdue('arrived', 9e9, 1_801_000), false);
});

test('engine: fires on a tick once the limit passes, with no report needed, once', () => {
  const sim = new Sim().setup({ route: { maxDurationMin: 30 } });
  const departed = sim.t;
  for (let m = 1; m < 30; m++) {
    sim.wait(60);
    if (m % 4 === 0) sim.fix(120.31 + m * 0.0005, LAT, { speedKmh: 8 });
    else sim.tick();
  }
  assert.equal(sim.alerts('overdue').length, 0);
  sim.t = departed + 30 * 60_000;
  const out = sim.tick();
  assert.deepEqual(types(out), ['alert:overdue']);
  assert.equal(out[0].at, '2025-03-03T08:32:00.000+08:00', 'output at = the engine clock');
  assert.equal(sim.alerts('overdue')[0].alertId, `${TRIP}:overdue:1`);
  sim.wait(600).tick();
  sim.wait(60).fix(120.33, LAT);
  assert.equal(sim.alerts('overdue').length, 1);
});

test('engine: a timer also fires on the clock advance of any other input', () => {
  const sim = new Sim().setup({ route: { maxDurationMin: 10 } });
  const out = sim.wait(11 * 60).fix(120.33, LAT);
  // Both timers were due before this report: they fire first, in deadline order, then the report
  // itself ends the silence.
  assert.deepEqual(types(out), ['alert:signal_lost', 'alert:overdue', 'cleared:signal_lost']);
});

test('engine: arriving in time raises nothing, later ticks neither', () => {
  const sim = new Sim().setup({ route: { maxDurationMin: 30 } });
  sim.drive(120.31, 120.4, 0.01);
  assert.equal(sim.tripState(), 'arrived');
  sim.wait(3600).tick();
  assert.equal(sim.alerts('overdue').length, 0);
});
