import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALERT_PARAMS } from '../../src/core/alert-params.ts';
import { CLEAR, NONE, OPEN } from '../../src/core/rules/actions.ts';
import { onBattery } from '../../src/core/rules/low-battery.ts';
import { iso, LAT, LOCKED, Sim, TRIP, types } from '../engine/scenario.ts';

const P = DEFAULT_ALERT_PARAMS;

test('rule: below 20 opens, clears only at 25 or more', () => {
  const s = { batteryLow: false };
  assert.equal(onBattery(s, 20, P), NONE);
  assert.equal(onBattery(s, 19, P), OPEN);
  assert.equal(onBattery(s, 18, P), NONE);
  assert.equal(onBattery(s, 21, P), NONE);
  assert.equal(onBattery(s, 19, P), NONE, 'hovering around 20 % is one episode');
  assert.equal(onBattery(s, 25, P), CLEAR);
});

test('engine: per device, OBU and seals, with the trip as subject', () => {
  const sim = new Sim().setup();
  sim.wait(60).fix(120.32, LAT, { battery: 15, seals: [{ ...LOCKED[0], battery: 18 }, { ...LOCKED[1], battery: 80 }] });
  const a = sim.alerts('low_battery');
  assert.deepEqual(a.map((x) => x.detail.deviceId), ['OBU1', 'S1']);
  assert.deepEqual(a.map((x) => x.alertId), [`${TRIP}:low_battery:1`, `${TRIP}:low_battery:2`]);
  assert.equal(a[0].severity, 'low');
  // The seal's own uplink reports it recharged.
  const out = sim.wait(60).apply('telemetry', { deviceId: 'S1', ts: iso(sim.t), state: 'locked', battery: 60 });
  assert.deepEqual(types(out), ['cleared:low_battery']);
  assert.deepEqual(sim.cleared('low_battery'), [`${TRIP}:low_battery:2`]);
});

test('engine: a device with no trip is reported against its plate', () => {
  const sim = new Sim();
  sim.apply('vehicle', { plate: 'KLA6002', kind: 'tractor', category: 3, obuId: 'OBU7' });
  sim.apply('telemetry', { deviceId: 'OBU7', ts: iso(sim.t), lat: LAT, lon: 120.2, battery: 10 });
  const a = sim.alerts('low_battery');
  assert.equal(a.length, 1);
  assert.equal(a[0].alertId, 'KLA6002:low_battery:1');
  assert.equal(a[0].tripId, null);
  assert.equal(a[0].plate, 'KLA6002');
});
