import { test } from 'node:test';
import assert from 'node:assert/strict';
import { C1, C2, PassiveSim, PTRIP } from '../engine/passive-scenario.ts';
import { types } from '../engine/scenario.ts';

test('engine: at the destination a read finds on a container of the trip a seal not bound to it', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] }).applyBoth();
  sim.wait(60).gate('KHH-T1', 'out');
  const out = sim.wait(1800).read('X77', 'checked', 'KHH-CY9', { containerNo: C1, readId: 'm-1' });
  assert.deepEqual(types(out), ['alert:seal_mismatch'], 'a seal no CN knows, on the trip’s container');
  const [a] = sim.alerts('seal_mismatch');
  assert.equal(a.alertId, `${PTRIP}:seal_mismatch:1`);
  assert.deepEqual([a.detail.containerNo, a.detail.sealNo, a.detail.expectedSealNos, a.detail.source, a.detail.facility], [C1, 'X77', ['P1'], 'read', 'KHH-CY9']);
  assert.deepEqual(types(sim.wait(60).read('X77', 'removed', 'KHH-CY9', { containerNo: C1 })), [], 'once per container and seal');
  assert.deepEqual(types(sim.wait(60).read('P2', 'checked', 'KHH-CY9', { containerNo: C1 })), ['trip:arrived', 'alert:seal_mismatch'], 'the trip’s other seal on the wrong container');
});

test('engine: at a checkpoint too, and not at the origin or on the road', () => {
  const sim = new PassiveSim().setupPassive().applyBoth();
  assert.deepEqual(types(sim.wait(60).read('X77', 'checked', 'KHH-T1', { containerNo: C1 })), [], 'at the origin');
  sim.wait(60).gate('KHH-T1', 'out');
  assert.deepEqual(types(sim.wait(60).read('X77', 'checked', 'KHH-R1', { containerNo: C2 })), [], 'not a checkpoint');
  assert.deepEqual(types(sim.wait(600).read('X77', 'checked', 'KHH-X1', { containerNo: C2 })), ['alert:seal_mismatch']);
  assert.deepEqual(types(sim.wait(60).read('P2', 'checked', 'KHH-X1', { containerNo: C2 })), [], 'the right seal');
});

test('engine: a lane at the destination reads a seal number not bound to the containers it saw', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] }).applyBoth();
  sim.wait(60).gate('KHH-T1', 'out');
  const out = sim.wait(1800).gate('KHH-CY9', 'in', { sealNos: ['P1', 'P2', 'Z9'] });
  assert.deepEqual(types(out).filter((x) => x.startsWith('alert')), ['alert:gate_mismatch', 'alert:seal_mismatch']);
  const [a] = sim.alerts('seal_mismatch');
  assert.deepEqual([a.detail.sealNo, a.detail.source, a.detail.lane], ['Z9', 'gate', 'L1']);
  const clean = new PassiveSim().setupPassive({ checkpoints: [] }).applyBoth();
  clean.wait(60).gate('KHH-T1', 'out');
  clean.wait(1800).gate('KHH-CY9', 'in', { sealNos: ['P1', 'P2'] });
  assert.deepEqual(clean.alerts(), []);
});
