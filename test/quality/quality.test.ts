// Alert quality on a small simulated fleet: every alert type injected at least twice among clean
// trips, with GPS noise, run through the engine. The targets are those of `npm run quality`:
// every incident detected, on time, and at most 1 false alert per 1,000 clean trips (here: none).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIMULATED_ALERT_TYPES } from '../../src/sim/fleet.ts';
import { runQuality } from '../../src/quality/run.ts';
import { loadWorld } from '../../src/sim/world.ts';

test('alert quality: recall, delay and false alerts on 60 simulated trips', () => {
  const { report } = runQuality({ world: loadWorld('data/sample'), seed: 'quality-test', trips: 60, perType: 2 });
  assert.equal(report.trips, 60);
  assert.deepEqual(report.skippedIncidents, []);
  for (const type of SIMULATED_ALERT_TYPES) assert.ok(report.perType[type].injected >= 2, `${type} injected ${report.perType[type].injected} times`);
  const failures = Object.entries(report.perType)
    .filter(([, r]) => !r.pass.recall || !r.pass.delay || r.falseAlerts > 0)
    .map(([type, r]) => `${type}: detected ${r.detected}/${r.incidents}, delay p95 ${r.delayP95S} s (target ${r.targets.delayP95S}), false ${r.falseAlerts}`);
  const examples = JSON.stringify(report.examples, null, 1).slice(0, 4000);
  assert.deepEqual(failures, [], `\n${failures.join('\n')}\n${examples}`);
  assert.ok(report.total.falseAlertsPer1000CleanTrips <= 1);
  assert.equal(report.total.recall, 1);
});
