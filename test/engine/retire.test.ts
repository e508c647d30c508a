// Finished trips leave the engine's memory a day after they finish; the store keeps them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTrip, listTrips } from '../../src/engine/index.ts';
import { RETAIN_FINISHED_MS } from '../../src/engine/retire.ts';
import { LAT, LOCKED, note, Sim, TRIP } from './scenario.ts';

function closedTrip(): Sim {
  const sim = new Sim().setup();
  sim.drive(120.31, 120.39);
  sim.wait(60).fix(120.4, LAT, { speedKmh: 5 });
  sim.wait(60).fix(120.4, LAT, { speedKmh: 0, seals: [{ id: 'S1', state: 'unlocked' }, { ...LOCKED[1], state: 'unlocked' }] });
  assert.equal(sim.tripState(), 'closed');
  return sim;
}

test('a closed trip stays a day for late reports, then leaves memory with its CN', () => {
  const sim = closedTrip();
  sim.wait(RETAIN_FINISHED_MS / 1000 - 120).tick();
  assert.equal(getTrip(sim.st, TRIP)?.state, 'closed', 'still there just before a day has passed');
  sim.wait(180).tick();
  assert.equal(getTrip(sim.st, TRIP), null);
  assert.deepEqual(listTrips(sim.st), []);
  assert.equal(sim.st.cns.size, 0);
  assert.equal(sim.st.finished.length, 0);
  assert.equal([...sim.st.alertCounters.keys()].filter((k) => k.startsWith(TRIP)).length, 0);
});

test('a later CN with the same number gets a new trip id, so stored trips and alerts are never overwritten', () => {
  const sim = closedTrip();
  sim.wait(RETAIN_FINISHED_MS / 1000 + 60).tick();
  assert.equal(getTrip(sim.st, TRIP), null);
  const out = sim.apply('transportNote', note());
  const created = out.find((o) => o.type === 'trip');
  assert.equal((created?.data as { tripId: string }).tripId, `${TRIP}-2`);
});

test('a cancelled trip is retired too; a trip still running is not', () => {
  const sim = new Sim().setup({ stayAtOrigin: true });
  sim.apply('transportNote', note({ function: '1' }));
  assert.equal(sim.tripState(), 'cancelled');
  sim.apply('transportNote', note({ cnNo: 'CN25000002', plate: 'KNA6002' }));
  sim.wait(RETAIN_FINISHED_MS / 1000 + 60).tick();
  assert.equal(getTrip(sim.st, TRIP), null);
  assert.equal(getTrip(sim.st, 'TR-CN25000002')?.state, 'planned');
});
