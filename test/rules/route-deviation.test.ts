import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALERT_PARAMS } from '../../src/core/alert-params.ts';
import { CLEAR, NONE, OPEN } from '../../src/core/rules/actions.ts';
import { newDeviationState, onCorridorFix } from '../../src/core/rules/route-deviation.ts';
import { LAT, Sim, TRIP } from '../engine/scenario.ts';

const P = DEFAULT_ALERT_PARAMS;

test('opens after 3 consecutive fixes outside spanning 60 s, once per episode', () => {
  const s = newDeviationState();
  assert.equal(onCorridorFix(s, true, 0, P), NONE);
  assert.equal(onCorridorFix(s, true, 20_000, P), NONE);
  assert.equal(onCorridorFix(s, true, 40_000, P), NONE, 'three fixes but only 40 s');
  assert.equal(onCorridorFix(s, true, 60_000, P), OPEN);
  assert.equal(onCorridorFix(s, true, 120_000, P), NONE, 'one alert per episode');
});

test('clears after 2 consecutive fixes inside; one inside fix is not enough', () => {
  const s = newDeviationState();
  for (const t of [0, 30_000, 60_000]) onCorridorFix(s, true, t, P);
  assert.equal(onCorridorFix(s, false, 90_000, P), NONE);
  assert.equal(onCorridorFix(s, true, 120_000, P), NONE, 'still open, the inside count restarts');
  assert.equal(onCorridorFix(s, false, 150_000, P), NONE);
  assert.equal(onCorridorFix(s, false, 180_000, P), CLEAR);
});

test('an inside fix resets the consecutive count', () => {
  const s = newDeviationState();
  onCorridorFix(s, true, 0, P);
  onCorridorFix(s, true, 30_000, P);
  onCorridorFix(s, false, 60_000, P);
  assert.equal(onCorridorFix(s, true, 90_000, P), NONE);
  assert.equal(onCorridorFix(s, true, 120_000, P), NONE);
  assert.equal(onCorridorFix(s, true, 150_000, P), OPEN);
});

test('engine: a real detour opens one alert and clears on return', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.33);
  for (const lon of [120.335, 120.34, 120.345, 120.35]) sim.wait(60).fix(lon, LAT + 0.005);
  const alerts = sim.alerts('route_deviation');
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].alertId, `${TRIP}:route_deviation:1`);
  assert.equal(alerts[0].severity, 'high');
  assert.ok((alerts[0].detail.distanceM as number) > 500);
  sim.wait(60).fix(120.355, LAT);
  assert.deepEqual(sim.cleared('route_deviation'), []);
  sim.wait(60).fix(120.36, LAT);
  assert.deepEqual(sim.cleared('route_deviation'), [`${TRIP}:route_deviation:1`]);
  // A second detour is a second episode with the next id.
  for (const lon of [120.365, 120.37, 120.375]) sim.wait(60).fix(lon, LAT - 0.005);
  assert.deepEqual(sim.alerts('route_deviation').map((a) => a.alertId), [`${TRIP}:route_deviation:1`, `${TRIP}:route_deviation:2`]);
});

test('engine: GPS drift at the corridor edge (alternating just outside / just inside) never alerts', () => {
  const sim = new Sim().setup();
  // ~210 m and ~190 m north of the road, alternating, for 20 minutes.
  for (let i = 1; i <= 20; i++) sim.wait(60).fix(120.31 + i * 0.002, LAT + (i % 2 ? 0.0019 : 0.0017));
  assert.equal(sim.alerts('route_deviation').length, 0);
});

test('engine: fixes with hdop above maxHdop are ignored', () => {
  const sim = new Sim().setup();
  for (let i = 1; i <= 6; i++) sim.wait(30).fix(120.31 + i * 0.002, LAT + 0.01, { hdop: 9 });
  assert.equal(sim.alerts('route_deviation').length, 0);
});

test('engine: a single outlier (impossible jump) is not used', () => {
  const sim = new Sim().setup();
  sim.wait(20).fix(120.312, LAT);
  sim.wait(20).fix(120.314, LAT + 0.2); // 22 km in 20 s
  sim.wait(20).fix(120.316, LAT);
  assert.equal(sim.alerts().length, 0);
});

test('engine: per-route corridor width and global params apply', () => {
  const wide = new Sim().setup({ route: { corridorWidthM: 1000 } });
  for (const lon of [120.335, 120.34, 120.345, 120.35]) wide.wait(60).fix(lon, LAT + 0.005);
  assert.equal(wide.alerts('route_deviation').length, 0, '550 m is inside a 1 km corridor');
  const strict = new Sim({ deviationMinFixes: 2, deviationMinSeconds: 30 }).setup();
  for (const lon of [120.315, 120.32]) strict.wait(30).fix(lon, LAT + 0.005);
  assert.equal(strict.alerts('route_deviation').length, 1);
  const perRoute = new Sim().setup({ route: { alertParams: { deviationMinFixes: 5 } } });
  for (const lon of [120.335, 120.34, 120.345, 120.35]) perRoute.wait(60).fix(lon, LAT + 0.005);
  assert.equal(perRoute.alerts('route_deviation').length, 0, 'route asks for 5 fixes');
});

test('engine: an open deviation is cleared when the trip arrives', () => {
  const sim = new Sim().setup();
  for (const lon of [120.33, 120.35, 120.37]) sim.wait(60).fix(lon, LAT + 0.005);
  assert.equal(sim.alerts('route_deviation').length, 1);
  sim.wait(60).fix(120.4, LAT);
  assert.deepEqual(sim.cleared('route_deviation'), [`${TRIP}:route_deviation:1`]);
});
