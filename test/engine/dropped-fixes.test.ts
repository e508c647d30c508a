// Every fix a position filter keeps out of live state is counted by reason, for operators (a
// device flooding duplicates, a receiver drifting while parked) and a later /metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { droppedFixes } from '../../src/engine/index.ts';
import { iso, LAT, Sim } from './scenario.ts';

test('each filter counts the fixes it drops, by reason; accepted fixes are not counted', () => {
  const sim = new Sim().setup();
  const none = { invalidTime: 0, late: 0, duplicate: 0, invalidPosition: 0, imprecise: 0, outlier: 0, parkedOutlier: 0 };
  assert.deepEqual(droppedFixes(sim.st), none);
  sim.wait(60).fix(120.315, LAT);
  sim.fix(120.315, LAT); // the same fix time again
  sim.fix(120.315, LAT, {}, sim.t - 30_000); // older than the last applied report
  sim.wait(10).fix(120.316, LAT, { hdop: 9 });
  sim.wait(10).fix(120.316, 95);
  sim.wait(10).fix(120.5, LAT); // 19 km in 30 s
  sim.wait(10).fix(120.3162, LAT, { speedKmh: 0 });
  sim.wait(10).fix(120.3162, LAT, { speedKmh: 0 });
  sim.wait(10).fix(120.3192, LAT, { speedKmh: 0 }); // 300 m in 10 s while reporting a stop
  sim.apply('telemetry', { deviceId: 'OBU1', ts: 'not a time', lat: LAT, lon: 120.3162 });
  // A report without a position is not a dropped fix.
  sim.apply('telemetry', { deviceId: 'OBU1', ts: iso(sim.t - 60_000), battery: 80 });
  assert.deepEqual(droppedFixes(sim.st), {
    invalidTime: 1, late: 1, duplicate: 1, invalidPosition: 1, imprecise: 1, outlier: 1, parkedOutlier: 1,
  });
});
