// A GPS outlier of a truck parked or crawling inside the origin must not count as leaving it (it
// would open departed_unconfirmed and start the overdue clock early); a real departure still
// counts at once.
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

test('a truck crawling through the terminal near the fence: one outlier 250 m outside is not a departure', () => {
  const sim = new Sim().setup({ stayAtOrigin: true, note: { requiresConfirmation: true } });
  // Heading for the eastern gate at 14 km/h (39 m per 10 s), 150 m inside the fence.
  sim.wait(10).fix(120.3025, LAT, { speedKmh: 14 });
  sim.wait(10).fix(120.3029, LAT, { speedKmh: 14 });
  // 250 m east in 10 s: plausible at 200 km/h, not for a truck reporting 13 km/h.
  sim.wait(10).fix(120.3055, LAT, { speedKmh: 13 });
  sim.wait(10).fix(120.3037, LAT, { speedKmh: 14 });
  assert.equal(sim.tripState(), 'sealed');
  assert.deepEqual(sim.alerts('departed_unconfirmed'), []);
  // Then it leaves through the gate, accelerating: that departs at the first fix outside.
  sim.wait(10).fix(120.3045, LAT, { speedKmh: 25 });
  sim.wait(10).fix(120.3052, LAT, { speedKmh: 30 });
  assert.equal(sim.tripState(), 'in_transit');
  assert.equal(sim.alerts('departed_unconfirmed').length, 1);
});

test('a truck whose fixes jump but then agree (a position corrected after a cold start) is followed', () => {
  const sim = new Sim().setup({ stayAtOrigin: true });
  sim.wait(10).fix(120.3025, LAT, { speedKmh: 10 });
  // The receiver re-acquires: two fixes 600 m on, consistent with each other, are taken as the truth.
  sim.wait(10).fix(120.3085, LAT, { speedKmh: 10 });
  sim.wait(10).fix(120.3088, LAT, { speedKmh: 10 });
  assert.equal(sim.tripState(), 'in_transit');
});
