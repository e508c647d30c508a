// An OBU speaks only for the seals of its vehicle's trips and those paired with it: another fleet's
// seal id in its report changes nothing (no seal state, no alert, no closing), and is handed to the
// caller as refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTrip, refusedSeals } from '../../src/engine/index.ts';
import { LAT, Sim, TRIP, iso, note, types } from './scenario.ts';

const OTHER_TRIP = 'TR-CN25000009';

/** The scenario's trip in transit, plus a second fleet's vehicle KLA6002 (OBU2, seal S8 on its CN, S9 paired) at the terminal. */
function twoFleets(): Sim {
  const sim = new Sim().setup();
  sim.apply('vehicle', { plate: 'KLA6002', kind: 'tractor', category: 1, obuId: 'OBU2' });
  sim.apply('device', { id: 'OBU2', kind: 'obu', plate: 'KLA6002' });
  sim.apply('device', { id: 'S8', kind: 'seal' });
  sim.apply('device', { id: 'S9', kind: 'seal', obuId: 'OBU2' });
  sim.apply('transportNote', note({ cnNo: 'CN25000009', plate: 'KLA6002', containers: [{ no: 'TGHU1234567', sealType: 'truck_eseal', sealNos: ['S8'] }] }));
  return sim;
}

const obu2 = (sim: Sim, seals: object[], tsMs = sim.t) =>
  sim.apply('telemetry', { deviceId: 'OBU2', ts: iso(tsMs), lat: LAT, lon: 120.3, speedKmh: 0, hdop: 1, seals });

test('another fleet\'s seal in an OBU report changes nothing and is refused', () => {
  const sim = twoFleets();
  assert.equal(sim.tripState(), 'in_transit');
  const out = obu2(sim.wait(30), [{ id: 'S1', state: 'tampered', link: 'lost', battery: 3 }, { id: 'S8', state: 'locked' }]);
  assert.deepEqual(types(out), ['trip:sealed'], 'its own seal counts; S1 raises nothing');
  assert.deepEqual(refusedSeals(sim.st), ['S1']);
  assert.equal(getTrip(sim.st, TRIP)?.seals.find((s) => s.id === 'S1')?.state, 'locked');
  assert.equal(sim.tripState(OTHER_TRIP), 'sealed');
  // Out of order, an explicit tamper would still be evidence: not from an OBU that may not report it.
  assert.deepEqual(types(obu2(sim.wait(30), [{ id: 'S2', state: 'tampered' }], sim.t - 120_000)), []);
  assert.deepEqual(refusedSeals(sim.st), ['S2']);
  // The next report of the trip's own OBU is not refused anything.
  sim.wait(30).fix(120.315, LAT);
  assert.deepEqual(refusedSeals(sim.st), []);
  assert.deepEqual(sim.alerts(), []);
});

test('a seal paired with the OBU in the registry is its to report, trip or none', () => {
  const sim = twoFleets();
  const out = obu2(sim.wait(30), [{ id: 'S9', state: 'locked', battery: 4 }]);
  assert.deepEqual(types(out), ['alert:low_battery']);
  assert.deepEqual(refusedSeals(sim.st), []);
});
