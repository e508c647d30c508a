// seal_tamper for passive seals: a `removed` read away from the destination once the trip was
// sealed or had left (CONTRACT section 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { C1, PassiveSim, PTRIP } from '../engine/passive-scenario.ts';
import { LAT, types } from '../engine/scenario.ts';

test('engine: a seal cut on the road is tampering, with the read’s place', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] }).applyBoth();
  sim.wait(60).gate('KHH-T1', 'out');
  const out = sim.wait(600).read('P1', 'removed', { lat: LAT, lon: 120.34 }, { readId: 'cut-1', containerNo: C1 });
  assert.deepEqual(types(out), ['alert:seal_tamper']);
  const [a] = sim.alerts('seal_tamper');
  assert.equal(a.alertId, `${PTRIP}:seal_tamper:1`);
  assert.equal(a.severity, 'critical');
  assert.deepEqual([a.detail.sealId, a.detail.event, a.detail.source, a.detail.readId, a.detail.containerNo, a.lat, a.lon], ['P1', 'removed', 'read', 'cut-1', C1, LAT, 120.34]);
  assert.deepEqual(types(sim.wait(60).read('P1', 'removed', { lat: LAT, lon: 120.345 })), [], 'the same seal once');
});

test('engine: removed at the origin after sealing is tampering; before sealing it undoes the application', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] });
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  assert.deepEqual(types(sim.wait(60).read('P1', 'removed', 'KHH-T1')), [], 'a wrong seal taken off before the trip is sealed');
  sim.wait(60).read('P2', 'applied', 'KHH-T1');
  assert.equal(sim.tripState(PTRIP), 'planned', 'P1 is off again');
  sim.wait(60).read('P1', 'applied', 'KHH-T1');
  assert.equal(sim.tripState(PTRIP), 'sealed');
  assert.deepEqual(types(sim.wait(60).read('P2', 'removed', 'KHH-T1')), ['alert:seal_tamper']);
});

test('engine: removed at the destination is the end of the trip, not tampering', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] }).applyBoth();
  sim.wait(60).gate('KHH-T1', 'out');
  assert.deepEqual(types(sim.wait(1800).read('P1', 'removed', 'KHH-CY9')), ['trip:arrived']);
  assert.deepEqual(types(sim.wait(60).read('P2', 'removed', 'KHH-CY9')), ['trip:closed']);
  assert.deepEqual(sim.alerts(), []);
});
