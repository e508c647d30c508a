// Reference data taken out of the registry leaves the engine too (DELETE /facilities, /routes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTrip } from '../../src/engine/index.ts';
import { LAT, Sim, TRIP } from './scenario.ts';

test('a deleted facility raises no unauthorized_facility any more', () => {
  const kept = new Sim().setup();
  kept.drive(120.31, 120.365);
  for (let i = 0; i < 6; i++) kept.wait(60).fix(120.37, LAT + 0.0012, { speedKmh: 3 });
  assert.equal(kept.alerts('unauthorized_facility').length, 1, 'the warehouse counts while it exists');

  const deleted = new Sim().setup();
  deleted.apply('referenceDeleted', { kind: 'facility', code: 'KHH-W5' });
  deleted.drive(120.31, 120.365);
  for (let i = 0; i < 6; i++) deleted.wait(60).fix(120.37, LAT + 0.0012, { speedKmh: 3 });
  assert.equal(deleted.alerts('unauthorized_facility').length, 0);
});

test('a trip whose route is deleted goes on without one: no corridor to leave', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.33);
  assert.equal(getTrip(sim.st, TRIP)?.routeCode, 'R1');
  sim.apply('referenceDeleted', { kind: 'route', code: 'R1' });
  for (const lon of [120.335, 120.34, 120.345, 120.35]) sim.wait(60).fix(lon, LAT + 0.005);
  assert.equal(sim.alerts('route_deviation').length, 0);
  assert.equal(getTrip(sim.st, TRIP)?.routeCode, null);
  assert.equal(getTrip(sim.st, TRIP)?.state, 'in_transit');
});

test('a deleted vehicle no longer maps its OBU\'s reports to a trip', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.33);
  const before = getTrip(sim.st, TRIP)?.lastPosition?.lon;
  sim.apply('referenceDeleted', { kind: 'vehicle', code: 'KNA-6001' });
  sim.apply('referenceDeleted', { kind: 'device', code: 'OBU1' });
  sim.wait(60).fix(120.335, LAT);
  assert.equal(getTrip(sim.st, TRIP)?.lastPosition?.lon, before, 'the report no longer reaches the trip');
});
