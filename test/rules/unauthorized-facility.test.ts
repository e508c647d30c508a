import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALERT_PARAMS } from '../../src/core/alert-params.ts';
import { CLEAR, NONE, START } from '../../src/core/rules/actions.ts';
import { isAuthorizedFacility, newDwellState, onDwellFix, onDwellWake } from '../../src/core/rules/unauthorized-facility.ts';
import { LAT, Sim, TRIP } from '../engine/scenario.ts';
import type { Facility } from '../../src/core/types.ts';

const P = DEFAULT_ALERT_PARAMS;

test('authorised: origin, destination, the route checkpoints, rest areas and customs stations', () => {
  const f = (code: string, kind: Facility['kind']) => ({ code, kind, name: code, area: { type: 'Polygon', coordinates: [] } }) as Facility;
  assert.equal(isAuthorizedFacility(f('A', 'warehouse'), 'A', 'B', []), true);
  assert.equal(isAuthorizedFacility(f('B', 'warehouse'), 'A', 'B', []), true);
  assert.equal(isAuthorizedFacility(f('C', 'factory'), 'A', 'B', ['C']), true);
  assert.equal(isAuthorizedFacility(f('D', 'rest_area'), 'A', 'B', []), true);
  assert.equal(isAuthorizedFacility(f('E', 'inspection_station'), 'A', 'B', []), true);
  assert.equal(isAuthorizedFacility(f('F', 'container_yard'), 'A', 'B', []), false);
});

test('rule: dwell opens from the wake-up after 5 min; leaving needs two fixes outside', () => {
  const s = newDwellState();
  assert.equal(onDwellFix(s, 'W', 0, true, P), START);
  assert.equal(onDwellWake(s, 4 * 60_000, 4 * 60_000, P), false);
  assert.equal(onDwellWake(s, 5 * 60_000, 5 * 60_000, P), true);
  assert.equal(onDwellFix(s, null, 6 * 60_000, true, P), NONE, 'one fix across the fence');
  assert.equal(onDwellFix(s, 'W', 7 * 60_000, true, P), NONE);
  assert.equal(onDwellFix(s, null, 8 * 60_000, true, P), NONE);
  assert.equal(onDwellFix(s, null, 9 * 60_000, true, P), CLEAR);
});

test('engine: five minutes in a bonded warehouse off the plan raises one alert; leaving clears it', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.365);
  for (let i = 0; i < 6; i++) sim.wait(60).fix(120.37, LAT + 0.0012, { speedKmh: 3 });
  const a = sim.alerts('unauthorized_facility');
  assert.equal(a.length, 1);
  assert.equal(a[0].alertId, `${TRIP}:unauthorized_facility:1`);
  assert.equal(a[0].detail.facility, 'KHH-W5');
  assert.equal(sim.alerts('abnormal_stop').length, 0, 'a stop inside a facility is this alert, not a stop');
  sim.wait(60).fix(120.375, LAT);
  sim.wait(60).fix(120.38, LAT);
  assert.deepEqual(sim.cleared('unauthorized_facility'), [`${TRIP}:unauthorized_facility:1`]);
});

test('engine: a short stop, and driving along the fence with drifting fixes, do not alert', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.365);
  for (let i = 0; i < 3; i++) sim.wait(60).fix(120.37, LAT + 0.0012);
  sim.wait(60).fix(120.375, LAT);
  sim.wait(60).fix(120.38, LAT);
  assert.equal(sim.alerts('unauthorized_facility').length, 0);
  // Another vehicle's run: the road hugs the warehouse fence; fixes wander across it while passing.
  const along = new Sim().setup();
  along.drive(120.31, 120.365);
  for (let i = 0; i <= 6; i++) along.wait(30).fix(120.3685 + i * 0.0005, LAT + (i % 2 ? 0.00015 : 0.00025));
  along.drive(120.3715, 120.39);
  assert.equal(along.alerts('unauthorized_facility').length, 0);
});

test('engine: an open alert does not flap while fixes drift across the fence', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.365);
  for (let i = 0; i < 6; i++) sim.wait(60).fix(120.37, LAT + 0.0012, { speedKmh: 0 });
  assert.equal(sim.alerts('unauthorized_facility').length, 1);
  for (let i = 0; i < 10; i++) sim.wait(60).fix(120.3695, LAT + (i % 2 ? 0.00015 : 0.0003), { speedKmh: 0 });
  assert.equal(sim.alerts('unauthorized_facility').length, 1);
  assert.equal(sim.cleared('unauthorized_facility').length, 0);
});

test('engine: a rest area is allowed', () => {
  const sim = new Sim().setup();
  for (let i = 0; i < 20; i++) sim.wait(60).fix(120.32, LAT + 0.0012, { speedKmh: 0 });
  assert.equal(sim.alerts('unauthorized_facility').length, 0);
});
