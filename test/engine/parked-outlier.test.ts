// A parked truck's GPS outlier must not count as leaving the origin (it would open
// departed_unconfirmed and start the overdue clock early); a real departure still counts at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAT, Sim } from './scenario.ts';

test('one outlier 300 m away from a truck parked at the origin is not a departure', () => {
  const sim = new Sim().setup({ stayAtOrigin: true, note: { requiresConfirmation: true } });
  assert.equal(sim.tripState(), 'sealed');
  // Parked near the terminal's northern edge (the area reaches 0.005° north of its centre).
  sim.wait(120).fix(120.3, LAT + 0.004, { speedKmh: 0 });
  // 310 m in 10 s is only 112 km/h, so the speed test alone would accept it; the truck says it is stopped.
  sim.wait(10).fix(120.3, LAT + 0.0068, { speedKmh: 0 });
  sim.wait(10).fix(120.3, LAT + 0.004, { speedKmh: 0 });
  assert.equal(sim.tripState(), 'sealed');
  assert.deepEqual(sim.alerts('departed_unconfirmed'), []);
});

test('a truck that drives out of the origin departs on its first fix outside', () => {
  const sim = new Sim().setup({ stayAtOrigin: true, note: { requiresConfirmation: true } });
  sim.wait(10).fix(120.303, LAT, { speedKmh: 30 });
  sim.wait(30).fix(120.306, LAT, { speedKmh: 40 });
  assert.equal(sim.tripState(), 'in_transit');
  assert.equal(sim.alerts('departed_unconfirmed').length, 1);
});
