// The lane's answer from the engine's outputs: only the passage's own alerts hold the truck.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineOutput } from '../../src/core/types.ts';
import { decide, GateDecisions } from '../../src/monitor/gate-decisions.ts';

const alert = (alertId: string, alertType: string, containerNo?: string): EngineOutput => ({
  at: 'x', type: 'alert',
  data: { alertId, alertType: alertType as never, severity: 'high', tripId: null, cnNos: [], plate: 'KLA7002', lat: null, lon: null, detail: {}, ...(containerNo ? { containerNo } : {}) },
});

test('a timer alert that fell due before the passage is not its reason; its own alerts are', () => {
  const outputs = [alert('T1:overdue:1', 'overdue'), alert('MSCU1234566:gate_out_unreleased:1', 'gate_out_unreleased', 'MSCU1234566')];
  assert.deepEqual(decide(outputs, 1, null), {
    decision: 'hold', tripId: null,
    reasons: [{ code: 'gate_out_unreleased', alertId: 'MSCU1234566:gate_out_unreleased:1', severity: 'high', containerNo: 'MSCU1234566' }],
  });
  assert.deepEqual(decide(outputs, 2, 'TR-1'), { decision: 'pass', reasons: [], tripId: 'TR-1' });
});

test('a passage the engine failed on, or never answered, holds the truck', async () => {
  const g = new GateDecisions();
  const w = g.wait('gp1', 5000);
  g.applied({ facility: 'F', lane: 'L', direction: 'out', plate: 'P', containerNos: [], source: 'ocr', passageId: 'gp1' }, [], null);
  assert.equal((await w.decided)?.decision, 'hold');
  const late = g.wait('gp2', 10);
  assert.equal(await late.decided, null);
});
