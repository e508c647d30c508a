import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPLIED_CLOCK_SLACK_MS, unsealedSeals } from '../../src/core/rules/departed-unsealed.ts';
import type { RuleSeal } from '../../src/core/rules/rule.ts';
import { C1, C2, PassiveSim, PTRIP } from '../engine/passive-scenario.ts';
import { LAT, Sim, TRIP, types } from '../engine/scenario.ts';

const seal = (id: string, s: Partial<RuleSeal>): RuleSeal =>
  ({ id, passive: false, locked: false, applied: false, appliedAtMs: NaN, removed: false, containerNo: null, authorised: false, lockedTsMs: -Infinity, ...s }) as RuleSeal;

test('rule: a truck e-seal not locked, a passive seal not applied by departure (a minute of clock slack)', () => {
  const dep = 1_000_000;
  const u = unsealedSeals([
    seal('T1', { locked: true }),
    seal('T2', {}),
    seal('P1', { passive: true, applied: true, appliedAtMs: dep - 5000 }),
    seal('P2', { passive: true, applied: true, appliedAtMs: dep + APPLIED_CLOCK_SLACK_MS }),
    seal('P3', { passive: true, applied: true, appliedAtMs: dep + APPLIED_CLOCK_SLACK_MS + 1 }),
    seal('P4', { passive: true }),
  ], dep);
  assert.deepEqual(u, { notLocked: ['T2'], notApplied: ['P3', 'P4'] });
});

test('engine: a truck leaving with a truck e-seal not locked raises it at once', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { containers: [{ no: C1, sealType: 'truck_eseal', sealNos: ['S1'] }, { no: C2, sealType: 'truck_eseal', sealNos: ['S9'] }] } });
  assert.equal(sim.tripState(), 'planned', 'S9 never locked');
  assert.deepEqual(types(sim.wait(60).fix(120.306, LAT)), []);
  const out = sim.wait(60).fix(120.312, LAT);
  assert.deepEqual(types(out), ['trip:in_transit', 'alert:departed_unsealed']);
  const [a] = sim.alerts('departed_unsealed');
  assert.equal(a.alertId, `${TRIP}:departed_unsealed:1`);
  assert.equal(a.severity, 'critical');
  assert.deepEqual(a.detail.notLocked, ['S9']);
  assert.equal(a.detail.by, 'obu');
});

test('engine: a passive seal not applied at the gate-out raises it after the grace, once', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] });
  sim.wait(60).read('P1', 'applied', 'KHH-T1', { containerNo: C1 });
  assert.deepEqual(types(sim.wait(60).gate('KHH-T1', 'out')), ['trip:in_transit']);
  sim.wait(9 * 60).tick();
  assert.deepEqual(sim.alerts('departed_unsealed'), [], 'within unsealedReadGraceMin (10)');
  const out = sim.wait(61).tick();
  assert.deepEqual(types(out), ['alert:departed_unsealed']);
  assert.deepEqual(sim.alerts('departed_unsealed')[0].detail.notApplied, ['P2']);
  assert.equal(sim.alerts('departed_unsealed')[0].tripId, PTRIP);
  sim.wait(3600).tick();
  assert.equal(sim.alerts('departed_unsealed').length, 1);
});

test('engine: a grace of 0 raises at departure', () => {
  const sim = new PassiveSim({ unsealedReadGraceMin: 0 }).setupPassive({ checkpoints: [] });
  assert.deepEqual(types(sim.wait(60).gate('KHH-T1', 'out')), ['trip:in_transit', 'alert:departed_unsealed']);
  assert.deepEqual(sim.alerts('departed_unsealed')[0].detail.notApplied, ['P1', 'P2']);
});

test('engine: sealed trips depart without it', () => {
  const sim = new PassiveSim().setupPassive({ checkpoints: [] }).applyBoth();
  sim.wait(60).gate('KHH-T1', 'out');
  sim.wait(3600).tick();
  assert.deepEqual(sim.alerts(), []);
});
