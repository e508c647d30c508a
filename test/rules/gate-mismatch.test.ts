import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateMismatch } from '../../src/core/rules/gate-mismatch.ts';
import type { GateEvent } from '../../src/core/types.ts';
import { LAT, Sim, TRIP } from '../engine/scenario.ts';

const gate = (extra: Partial<GateEvent> = {}): GateEvent => ({
  facility: 'KHH-T1',
  lane: 'OUT-2',
  direction: 'out',
  plate: 'KNA6001',
  containerNos: ['CSQU3054383', 'ZEPU0037255'],
  sealNos: ['S1', 'S2'],
  source: 'ocr',
  ...extra,
});
const facts = { tripId: 'T', containerNos: ['CSQU3054383', 'ZEPU0037255'], sealNos: ['S1', 'S2'] };

test('rule: agreement, then each kind of disagreement', () => {
  assert.equal(gateMismatch(gate(), facts, []), null);
  assert.equal(gateMismatch(gate({ containerNos: ['zepu 0037255', 'CSQU3054383'] }), facts, []), null, 'OCR case and spacing');
  assert.equal(gateMismatch(gate({ sealNos: undefined }), facts, []), null, 'seals not read');
  assert.deepEqual(gateMismatch(gate({ containerNos: ['CSQU3054383'] }), facts, [])?.missingContainers, ['ZEPU0037255']);
  assert.deepEqual(gateMismatch(gate({ sealNos: ['S1', 'S9'] }), facts, [])?.reasons, ['seals']);
  assert.equal(gateMismatch(gate(), null, []), null, 'a truck with no CN is judged by clearance, not here');
  assert.deepEqual(gateMismatch(gate(), null, [{ tripId: 'X', plate: 'KLA6002' }])?.reasons, ['plate']);
});

test('engine: gate-out that matches raises nothing; wrong container, wrong seal or another truck\'s container raise one each', () => {
  const sim = new Sim().setup({ stayAtOrigin: true });
  assert.equal(sim.apply('gateEvent', gate()).length, 0);
  sim.apply('gateEvent', gate({ containerNos: ['CSQU3054383', 'TGHU1234567'], sealNos: undefined }));
  sim.apply('gateEvent', gate({ sealNos: ['S1', 'S9'] }));
  sim.apply('gateEvent', gate({ plate: 'KLA-6002', containerNos: ['ZEPU0037255'], sealNos: undefined }));
  const a = sim.alerts('gate_mismatch');
  assert.deepEqual(a.map((x) => x.alertId), [`${TRIP}:gate_mismatch:1`, `${TRIP}:gate_mismatch:2`, 'KLA6002:gate_mismatch:1']);
  assert.deepEqual(a.map((x) => (x.detail as { reasons: string[] }).reasons), [['containers'], ['seals'], ['plate']]);
  assert.equal(a[2].tripId, null);
  assert.equal(a[2].plate, 'KLA6002');
  assert.deepEqual((a[2].detail as { otherTrips: unknown[] }).otherTrips, [{ tripId: TRIP, plate: 'KNA6001' }]);
});

test('engine: a gate-in recorded after the seals opened at the destination belongs to the closed trip', () => {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.4);
  assert.equal(sim.tripState(), 'arrived');
  sim.wait(40).fix(120.4, LAT, { speedKmh: 0, seals: [{ id: 'S1', state: 'unlocked', link: 'ok' }, { id: 'S2', state: 'unlocked', link: 'ok' }] });
  assert.equal(sim.tripState(), 'closed');
  sim.wait(60).apply('gateEvent', gate({ facility: 'KHH-CY9', lane: 'IN-1', direction: 'in' }));
  assert.deepEqual(sim.alerts('gate_mismatch'), []);
  // The same lane record at another facility has no trip: no mismatch (its clearance judges it).
  sim.wait(60).apply('gateEvent', gate({ facility: 'KHH-W5', lane: 'IN-1', direction: 'in' }));
  assert.deepEqual(sim.alerts('gate_mismatch'), []);
});
