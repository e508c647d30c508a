// Each rule has its own parameters: abnormal_stop and unauthorized_facility clear after their own
// counts of fixes, no longer silently after deviationClearFixes; settings that set only
// deviationClearFixes keep their old meaning for both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParams, DEFAULT_ALERT_PARAMS, resolveParams } from '../../src/core/alert-params.ts';
import { LAT, Sim } from './scenario.ts';

test('defaults: the stop and dwell clear counts are 2, as the deviation one', () => {
  assert.equal(DEFAULT_ALERT_PARAMS.stopClearFixes, 2);
  assert.equal(DEFAULT_ALERT_PARAMS.unauthorizedFacilityClearFixes, 2);
  assert.equal(DEFAULT_ALERT_PARAMS.deviationClearFixes, 2);
});

test('a set with only deviationClearFixes still governs the stop and dwell hysteresis', () => {
  const p = resolveParams({ deviationClearFixes: 4 });
  assert.equal(p.stopClearFixes, 4);
  assert.equal(p.unauthorizedFacilityClearFixes, 4);
  const route = resolveParams({}, { deviationClearFixes: 3 });
  assert.equal(route.stopClearFixes, 3);
});

test('a rule\'s own clear count wins over deviationClearFixes, at any level', () => {
  const p = resolveParams({ deviationClearFixes: 4, stopClearFixes: 1 });
  assert.deepEqual([p.deviationClearFixes, p.stopClearFixes, p.unauthorizedFacilityClearFixes], [4, 1, 4]);
  const q = resolveParams({ stopClearFixes: 5 }, { deviationClearFixes: 3, unauthorizedFacilityClearFixes: 1 });
  assert.deepEqual([q.deviationClearFixes, q.stopClearFixes, q.unauthorizedFacilityClearFixes], [3, 5, 1]);
});

test('params files accept the new names and every old one', () => {
  assert.deepEqual(checkParams({ deviationClearFixes: 3, stopClearFixes: 1, unauthorizedFacilityClearFixes: 2, corridorWidthM: 300 }), []);
  assert.deepEqual(checkParams({ stopClearFix: 1 }), [{ path: 'stopClearFix', message: 'unknown alert parameter' }]);
});

function stoppedThenMoving(sim: Sim): void {
  sim.wait(60).fix(120.32, LAT);
  for (let i = 0; i < 16; i++) sim.wait(60).fix(120.3225, LAT + 0.0003, { speedKmh: 0 });
  assert.equal(sim.alerts('abnormal_stop').length, 1);
  sim.wait(30).fix(120.325, LAT, { speedKmh: 30 });
}

test('engine: abnormal_stop clears after stopClearFixes moving fixes, whatever deviationClearFixes says', () => {
  const own = new Sim({ deviationClearFixes: 3, stopClearFixes: 1 }).setup();
  stoppedThenMoving(own);
  assert.equal(own.cleared('abnormal_stop').length, 1);

  const inherited = new Sim({ deviationClearFixes: 3 }).setup();
  stoppedThenMoving(inherited);
  assert.equal(inherited.cleared('abnormal_stop').length, 0);
  inherited.wait(30).fix(120.327, LAT, { speedKmh: 30 });
  inherited.wait(30).fix(120.329, LAT, { speedKmh: 30 });
  assert.equal(inherited.cleared('abnormal_stop').length, 1);
});
