import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTERED, EVADED, nextEvaded, PENDING } from '../../src/core/rules/inspection-evasion.ts';
import { LAT, Sim, square, TRIP } from '../engine/scenario.ts';

test('nextEvaded: pending checkpoints passed by more than the margin, in route order; all at arrival', () => {
  const status = Uint8Array.from([PENDING, ENTERED, PENDING]);
  const pos = Float64Array.from([1000, 2000, 3000]);
  assert.equal(nextEvaded(status, pos, 1900, 1000, false), -1);
  assert.equal(nextEvaded(status, pos, 2001, 1000, false), 0);
  status[0] = EVADED;
  assert.equal(nextEvaded(status, pos, 2001, 1000, false), -1);
  assert.equal(nextEvaded(status, pos, 2001, 1000, true), 2);
});

test('engine: passing around the station inside the corridor raises one evasion once 1 km past it', () => {
  const sim = new Sim().setup({ route: { checkpoints: ['KHH-X1'] } });
  // ~165 m north of the road: in the corridor, outside the station (120.349..120.351, ±110 m).
  for (const lon of [120.32, 120.33, 120.34, 120.35, 120.355]) sim.wait(60).fix(lon, LAT + 0.0015);
  assert.equal(sim.alerts('inspection_evasion').length, 0, 'only 500 m past the station');
  sim.wait(60).fix(120.36, LAT + 0.0015);
  const a = sim.alerts('inspection_evasion');
  assert.equal(a.length, 1);
  assert.equal(a[0].alertId, `${TRIP}:inspection_evasion:1`);
  assert.equal(a[0].detail.checkpoint, 'KHH-X1');
  assert.equal(a[0].detail.reason, 'passed');
  sim.drive(120.36, 120.4, 0.005, 60, 0.0015);
  assert.equal(sim.alerts('inspection_evasion').length, 1, 'not again at arrival');
  assert.equal(sim.tripState(), 'arrived');
});

test('engine: sparse fixes on both sides of the station count as entering it (fast pass)', () => {
  const sim = new Sim().setup({ route: { checkpoints: ['KHH-X1'] } });
  sim.wait(60).fix(120.33, LAT);
  sim.wait(60).fix(120.346, LAT); // before the station
  sim.wait(60).fix(120.356, LAT); // after it: no fix inside, the segment crosses it
  sim.drive(120.356, 120.4, 0.004);
  assert.equal(sim.tripState(), 'arrived');
  assert.equal(sim.alerts('inspection_evasion').length, 0);
});

test('engine: arriving without entering a station just before the destination is an evasion', () => {
  const sim = new Sim().setup({ route: { checkpoints: ['KHH-X1'] } });
  sim.apply('facility', { code: 'KHH-X1', name: 'X-ray station', kind: 'inspection_station', area: square(120.392, LAT + 0.0015, 0.0005) });
  sim.drive(120.31, 120.4);
  const a = sim.alerts('inspection_evasion');
  assert.equal(a.length, 1);
  assert.equal(a[0].detail.reason, 'arrived');
  const order = sim.all.filter((o) => o.type !== 'alertCleared').map((o) => o.type === 'alert' ? o.data.alertType : o.type === 'trip' ? o.data.state : o.type);
  assert.deepEqual(order.slice(-4), ['inspection_evasion', 'arrived', 'command', 'command']);
});

test('engine: two stations entered in order raise nothing', () => {
  const sim = new Sim();
  sim.apply('facility', { code: 'KHH-X2', name: 'Second station', kind: 'inspection_station', area: square(120.38, LAT, 0.001) });
  sim.setup({ route: { checkpoints: ['KHH-X1', 'KHH-X2'] } });
  sim.drive(120.31, 120.4, 0.0025, 30);
  assert.equal(sim.tripState(), 'arrived');
  assert.equal(sim.alerts('inspection_evasion').length, 0);
});

test('engine: a route with a spur to the station and back; skipping the spur is an evasion, driving it is not', () => {
  // Road east to 120.33, north 1.1 km to the station, back south, then east to the yard.
  const spur = [[120.3, LAT], [120.31, LAT], [120.32, LAT], [120.33, LAT], [120.33, LAT + 0.005], [120.33, LAT + 0.01], [120.33, LAT + 0.005], [120.33, LAT], [120.34, LAT], [120.36, LAT], [120.38, LAT], [120.4, LAT]];
  const station = { code: 'KHH-X9', name: 'Spur station', kind: 'inspection_station' as const, area: square(120.33, LAT + 0.01, 0.0008) };
  const route = { path: { type: 'LineString' as const, coordinates: spur }, checkpoints: ['KHH-X9'] };

  const driven = new Sim();
  driven.apply('facility', station);
  driven.setup({ route });
  driven.wait(60).fix(120.32, LAT);
  driven.wait(60).fix(120.33, LAT);
  for (const dLat of [0.003, 0.006, 0.0095, 0.006, 0.003, 0]) driven.wait(60).fix(120.33, LAT + dLat);
  driven.drive(120.33, 120.4);
  assert.equal(driven.tripState(), 'arrived');
  assert.equal(driven.alerts('inspection_evasion').length, 0);
  assert.equal(driven.alerts('route_deviation').length, 0);

  const skipped = new Sim();
  skipped.apply('facility', station);
  skipped.setup({ route });
  skipped.drive(120.31, 120.4);
  const a = skipped.alerts('inspection_evasion');
  assert.equal(a.length, 1);
  assert.equal(a[0].detail.reason, 'passed', 'detected on the road, before arrival');
});

test('engine: turning round inside a station between two fixes counts as entering it', () => {
  // The route runs east past the station (120.35), turns inside it and comes back a little, then
  // leaves north-east: the fixes before and after the turn are both outside and their straight
  // segment misses the station, but both are on the route's road on either side of it.
  const path = [[120.3, LAT], [120.34, LAT], [120.3505, LAT], [120.346, LAT + 0.0008], [120.36, LAT + 0.004], [120.4, LAT]];
  const sim = new Sim().setup({ route: { path: { type: 'LineString', coordinates: path }, checkpoints: ['KHH-X1'] } });
  sim.drive(120.31, 120.34, 0.005, 30);
  sim.wait(30).fix(120.3465, LAT, { speedKmh: 80 }); // approaching, 250 m short
  sim.wait(30).fix(120.3475, LAT + 0.0007, { speedKmh: 80 }); // after the turn, outside
  sim.drive(120.35, 120.36, 0.005, 60, 0.004);
  sim.drive(120.36, 120.4, 0.01, 60);
  assert.equal(sim.tripState(), 'arrived');
  assert.equal(sim.alerts('inspection_evasion').length, 0);
});
