import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALERT_PARAMS } from '../../src/core/alert-params.ts';
import { isSignalLost, signalDueMs } from '../../src/core/rules/signal-lost.ts';
import { iso, LAT, LOCKED, Sim, TRIP, types } from '../engine/scenario.ts';

const P = DEFAULT_ALERT_PARAMS;

test('rule: 300 s of silence while in transit', () => {
  assert.equal(signalDueMs(1000, P), 301_000);
  assert.equal(isSignalLost('in_transit', 300_999, 1000, P), false);
  assert.equal(isSignalLost('in_transit', 301_000, 1000, P), true);
  assert.equal(isSignalLost('sealed', 9e9, 1000, P), false);
});

test('engine: opens on a tick after 300 s without OBU telemetry, once; the next report clears it', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  for (let i = 0; i < 4; i++) assert.equal(sim.wait(60).tick().length, 0);
  const out = sim.wait(60).tick();
  assert.deepEqual(types(out), ['alert:signal_lost']);
  for (let i = 0; i < 10; i++) sim.wait(60).tick();
  assert.equal(sim.alerts('signal_lost').length, 1);
  const back = sim.wait(5).fix(120.33, LAT);
  assert.deepEqual(types(back), ['cleared:signal_lost']);
  assert.deepEqual(sim.cleared('signal_lost'), [`${TRIP}:signal_lost:1`]);
});

test('engine: a seal uplink does not count as OBU telemetry; not monitored before departure', () => {
  const sim = new Sim().setup();
  for (let i = 0; i < 6; i++) sim.wait(60).apply('telemetry', { deviceId: 'S1', ts: iso(sim.t), state: 'locked' });
  assert.equal(sim.alerts('signal_lost').length, 1);
  const parked = new Sim().setup({ stayAtOrigin: true });
  for (let i = 0; i < 20; i++) parked.wait(60).tick();
  assert.equal(parked.alerts('signal_lost').length, 0);
});

test('engine: a buffered batch after the gap clears it at its first report; old fixes are evaluated in order', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  const last = sim.t;
  for (let i = 0; i < 10; i++) sim.wait(60).tick();
  assert.equal(sim.alerts('signal_lost').length, 1);
  const first = sim.apply('telemetry', { deviceId: 'OBU1', ts: iso(last + 60_000), lat: LAT, lon: 120.325, speedKmh: 40, seals: LOCKED });
  assert.deepEqual(types(first), ['cleared:signal_lost']);
  // The rest of the batch drives off the corridor and back: geometry is evaluated on its fix times.
  for (let i = 2; i <= 9; i++) {
    const off = i >= 3 && i <= 6;
    sim.apply('telemetry', { deviceId: 'OBU1', ts: iso(last + i * 60_000), lat: off ? LAT + 0.005 : LAT, lon: 120.325 + i * 0.003, speedKmh: 40, seals: LOCKED });
  }
  assert.equal(sim.alerts('route_deviation').length, 1);
  assert.equal(sim.cleared('route_deviation').length, 1);
  assert.equal(sim.alerts('signal_lost').length, 1);
  assert.equal(sim.alerts('abnormal_stop').length, 0);
});

test('engine: out-of-order and duplicate reports do not clear the silence', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  const last = sim.t;
  for (let i = 0; i < 6; i++) sim.wait(60).tick();
  assert.equal(sim.alerts('signal_lost').length, 1);
  assert.equal(sim.fix(120.319, LAT, {}, last - 30_000).length, 0, 'older than the last applied report');
  assert.equal(sim.fix(120.32, LAT, {}, last).length, 0, 'the same report again');
  assert.equal(sim.cleared('signal_lost').length, 0);
});

test('engine: per-route signalLostSeconds', () => {
  const sim = new Sim().setup({ route: { alertParams: { signalLostSeconds: 120 } } });
  sim.wait(60).tick();
  sim.wait(60).tick();
  assert.equal(sim.alerts('signal_lost').length, 1);
});

test('engine: silence while the platform was down is not the device\'s; after the restart it counts again', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  const lastReport = sim.t;
  // Down for an hour: the restart is said first, with no ticks through the downtime.
  sim.wait(3600);
  assert.deepEqual(types(sim.apply('platformResumed', { lastInputAt: iso(lastReport) })), []);
  for (let i = 0; i < 4; i++) assert.equal(sim.wait(60).tick().length, 0);
  assert.equal(sim.wait(59).tick().length, 0);
  const out = sim.wait(1).tick();
  assert.deepEqual(types(out), ['alert:signal_lost']);
  // The detail tells the whole silence, from the last report heard.
  assert.equal(Date.parse(String(sim.alerts('signal_lost')[0].detail.lastReportAt)), lastReport);
  assert.equal(sim.alerts('signal_lost')[0].detail.silentSeconds, 3600 + 300);
});

test('engine: a report after the restart restarts the silence as usual', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT);
  sim.wait(3600).apply('platformResumed', { lastInputAt: null });
  sim.wait(100).fix(120.33, LAT);
  for (let i = 0; i < 5; i++) assert.equal(sim.wait(50).tick().length, 0);
  assert.deepEqual(types(sim.wait(60).tick()), ['alert:signal_lost']);
});
