import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unconfirmedCnNos } from '../../src/core/rules/departed-unconfirmed.ts';
import { LAT, Sim, TRIP, types } from '../engine/scenario.ts';

test('rule: CNs requiring confirmation and not confirmed', () => {
  assert.deepEqual(
    unconfirmedCnNos([
      { cnNo: 'A', requiresConfirmation: true, confirmed: false },
      { cnNo: 'B', requiresConfirmation: true, confirmed: true },
      { cnNo: 'C', requiresConfirmation: false, confirmed: false },
    ]),
    ['A'],
  );
});

test('engine: leaving the origin with an unconfirmed CN', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { requiresConfirmation: true } });
  assert.equal(sim.tripState(), 'sealed');
  const out = sim.wait(60).fix(120.31, LAT);
  assert.deepEqual(types(out), ['trip:in_transit', 'alert:departed_unconfirmed']);
  const a = sim.alerts('departed_unconfirmed');
  assert.equal(a[0].alertId, `${TRIP}:departed_unconfirmed:1`);
  assert.deepEqual(a[0].detail.cnNos, ['CN25000001']);
});

test('engine: confirmed before leaving, nothing', () => {
  const sim = new Sim();
  sim.setup({ stayAtOrigin: true, note: { requiresConfirmation: true } });
  sim.wait(30).apply('sealConfirmation', { cnNo: 'CN25000001', confirmedBy: 'A223456781' });
  assert.equal(sim.tripState(), 'confirmed');
  sim.wait(60).fix(120.31, LAT);
  assert.equal(sim.tripState(), 'in_transit');
  assert.equal(sim.alerts('departed_unconfirmed').length, 0);
});
