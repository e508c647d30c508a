import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elsewhereFacility } from '../../src/core/rules/seal-read-elsewhere.ts';
import type { RuleTrip } from '../../src/core/rules/rule.ts';
import { C1, PassiveSim, PTRIP } from '../engine/passive-scenario.ts';
import { LAT, types } from '../engine/scenario.ts';

const trip = (s: Partial<RuleTrip>) => ({ origin: 'O', destination: 'D', cpCodes: ['X'], departedAtMs: 100, arrivedAtMs: NaN, ...s }) as RuleTrip;

test('rule: in transit at the read time and at a facility not on the trip', () => {
  assert.equal(elsewhereFacility(trip({}), ['W'], 200), 'W');
  assert.equal(elsewhereFacility(trip({}), ['X'], 200), null, 'a checkpoint');
  assert.equal(elsewhereFacility(trip({}), ['O'], 200), null);
  assert.equal(elsewhereFacility(trip({}), ['D'], 200), null);
  assert.equal(elsewhereFacility(trip({}), ['W', 'X'], 200), null, 'a position inside both a checkpoint and another area');
  assert.equal(elsewhereFacility(trip({}), [], 200), null, 'outside every facility');
  assert.equal(elsewhereFacility(trip({}), ['W'], 50), null, 'before departure');
  assert.equal(elsewhereFacility(trip({ arrivedAtMs: 300 }), ['W'], 300), null, 'after arrival');
  assert.equal(elsewhereFacility(trip({ arrivedAtMs: 300 }), ['W'], 299), 'W', 'a late read taken on the road');
});

test('engine: a seal of a trip in transit read at a bonded warehouse, once per facility', () => {
  const sim = new PassiveSim().setupPassive().applyBoth();
  sim.wait(60).gate('KHH-T1', 'out');
  assert.deepEqual(types(sim.wait(60).read('P1', 'checked', 'KHH-X1')), [], 'its checkpoint');
  assert.deepEqual(types(sim.wait(60).read('P1', 'checked', { lat: LAT, lon: 120.33 })), [], 'on the road, at no facility');
  const out = sim.wait(600).read('P1', 'checked', { lat: LAT + 0.0012, lon: 120.37 }, { containerNo: C1, readId: 'w-1' });
  assert.deepEqual(types(out), ['alert:seal_read_elsewhere']);
  const [a] = sim.alerts('seal_read_elsewhere');
  assert.equal(a.alertId, `${PTRIP}:seal_read_elsewhere:1`);
  assert.equal(a.severity, 'high');
  assert.deepEqual([a.detail.facility, a.detail.sealNo, a.detail.readId, a.lat, a.lon], ['KHH-W5', 'P1', 'w-1', LAT + 0.0012, 120.37]);
  assert.deepEqual(types(sim.wait(60).read('P2', 'checked', 'KHH-W5')), [], 'the same facility again');
  assert.deepEqual(types(sim.wait(60).read('P2', 'checked', 'KHH-R1')), ['alert:seal_read_elsewhere'], 'a rest area is not on the trip either');
});

test('engine: not before departure, nor after arrival', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] }).applyBoth();
  sim.wait(60).read('P1', 'checked', 'KHH-T1');
  sim.wait(60).gate('KHH-T1', 'out');
  sim.wait(600).gate('KHH-CY9', 'in');
  assert.deepEqual(types(sim.wait(600).read('P1', 'checked', 'KHH-W5')), []);
  assert.deepEqual(sim.alerts(), []);
});
