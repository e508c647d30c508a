import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALERT_PARAMS } from '../../src/core/alert-params.ts';
import { CLEAR, NONE, START } from '../../src/core/rules/actions.ts';
import { newStopState, onStopFix, onStopWake } from '../../src/core/rules/abnormal-stop.ts';
import { iso, LAT, LOCKED, Sim, TRIP } from '../engine/scenario.ts';

const P = DEFAULT_ALERT_PARAMS;

test('rule: a stop starts slow, opens from the wake-up after 15 min of fresh evidence', () => {
  const s = newStopState();
  assert.equal(onStopFix(s, LAT, 120.33, 0, false, 0, true, P), START);
  assert.equal(onStopWake(s, 14 * 60_000, 14 * 60_000, P), false);
  assert.equal(onStopWake(s, 15 * 60_000, 14 * 60_000, P), true);
  assert.equal(onStopWake(s, 16 * 60_000, 16 * 60_000, P), false, 'once');
});

test('rule: no alert when the last evidence is older than signalLostSeconds', () => {
  const s = newStopState();
  onStopFix(s, LAT, 120.33, 0, false, 0, true, P);
  assert.equal(onStopWake(s, 15 * 60_000, 60_000, P), false);
});

test('rule: clears only after moving beyond the radius on consecutive fixes', () => {
  const s = newStopState();
  onStopFix(s, LAT, 120.33, 0, false, 0, true, P);
  onStopWake(s, 15 * 60_000, 15 * 60_000, P);
  assert.equal(onStopFix(s, LAT, 120.3315, 30, false, 16 * 60_000, true, P), NONE, 'one fix 150 m away');
  assert.equal(onStopFix(s, LAT, 120.33, 0, false, 17 * 60_000, true, P), NONE);
  assert.equal(onStopFix(s, LAT, 120.332, 30, false, 18 * 60_000, true, P), NONE);
  assert.equal(onStopFix(s, LAT, 120.334, 30, false, 19 * 60_000, true, P), CLEAR);
});

test('engine: parked on the shoulder for 15 minutes raises one alert; driving off clears it', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  // GPS wander of ~20 m and a speed spike must not restart the stop.
  for (let i = 0; i < 16; i++) sim.wait(60).fix(120.3225 + (i % 2) * 0.0002, LAT + 0.0003, { speedKmh: i === 5 ? 9 : 0 });
  const a = sim.alerts('abnormal_stop');
  assert.equal(a.length, 1);
  assert.equal(a[0].alertId, `${TRIP}:abnormal_stop:1`);
  sim.wait(60).fix(120.33, LAT);
  assert.equal(sim.cleared('abnormal_stop').length, 0, 'one fix away is not yet moving');
  sim.wait(60).fix(120.335, LAT);
  assert.deepEqual(sim.cleared('abnormal_stop'), [`${TRIP}:abnormal_stop:1`]);
});

test('engine: stopping inside a facility (a rest area) is not abnormal', () => {
  const sim = new Sim().setup();
  for (let i = 0; i < 20; i++) sim.wait(60).fix(120.32, LAT + 0.0012, { speedKmh: 0 });
  assert.equal(sim.alerts('abnormal_stop').length, 0);
});

test('engine: slow traffic that keeps moving is not a stop', () => {
  const sim = new Sim().setup();
  for (let i = 1; i <= 20; i++) sim.wait(60).fix(120.31 + i * 0.0015, LAT, { speedKmh: 4 });
  assert.equal(sim.alerts('abnormal_stop').length, 0);
});

test('engine: a buffered batch after a signal gap raises no stop for the gap', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  const lastFix = sim.t;
  for (let i = 0; i < 25; i++) sim.wait(60).tick();
  const before = sim.alerts('abnormal_stop').length;
  // 25 minutes of standing still, uploaded at once.
  for (let i = 1; i <= 25; i++) sim.apply('telemetry', { deviceId: 'OBU1', ts: iso(lastFix + i * 60_000), lat: LAT, lon: 120.3201, speedKmh: 0, seals: LOCKED });
  assert.equal(sim.alerts('abnormal_stop').length, before);
  assert.equal(before, 0);
  // Still standing there afterwards: it takes 15 more minutes of live evidence.
  for (let i = 0; i < 14; i++) sim.wait(60).fix(120.3201, LAT, { speedKmh: 0 });
  assert.equal(sim.alerts('abnormal_stop').length, 0);
  sim.wait(60).fix(120.3201, LAT, { speedKmh: 0 });
  assert.equal(sim.alerts('abnormal_stop').length, 1);
});
