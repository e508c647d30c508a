// Seal reads naming their container are sightings for container_conflict: placed by their facility
// or their own position at the time they were taken; a late-uploaded read older than the newest
// sighting, and a read with no place, place nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAT, Sim, iso, square } from './scenario.ts';

const NO = 'TGHU1234567';
const KEELUNG = { lat: 25.14, lon: 121.745 };

function port(): Sim {
  const sim = new Sim();
  sim.apply('facility', { code: 'KHH-T1', name: 'Terminal 1', kind: 'port_terminal', area: square(120.3, LAT, 0.005) });
  sim.apply('facility', { code: 'KHH-CY9', name: 'Yard 9', kind: 'container_yard', area: square(120.4, LAT, 0.005) });
  sim.apply('facility', { code: 'KEL-T2', name: 'Keelung Terminal 2', kind: 'port_terminal', area: square(KEELUNG.lon, KEELUNG.lat, 0.005) });
  sim.apply('yardEvent', { facility: 'KHH-T1', containerNo: NO, event: 'discharged', equipmentId: 'QC-02' });
  return sim;
}

const read = (sim: Sim, extra: Record<string, unknown>) =>
  sim.apply('sealRead', { sealNo: 'EPS900001', event: 'checked', containerNo: NO, reader: 'handheld', readId: `r-${sim.t}`, ...extra });

const conflicts = (sim: Sim) =>
  sim.alerts('container_conflict').map((a) => {
    const d = a.detail as { via: string; facility: string | null; previous: { via: string; facility: string | null } };
    return [d.previous.via, d.previous.facility, d.via, d.facility];
  });

test('a seal read at Keelung 20 minutes after a discharge in Kaohsiung is a container_conflict', () => {
  const sim = port();
  read(sim.wait(1200), { facility: 'KEL-T2' });
  assert.deepEqual(conflicts(sim), [['yard', 'KHH-T1', 'seal_read', 'KEL-T2']]);
  const a = sim.alerts('container_conflict')[0];
  assert.equal(a.containerNo, NO);
  assert.equal((a.detail as { minutesBetween: number }).minutesBetween, 20);
});

test('a read placed by its own position within reach is no conflict, and is the sighting the next one is weighed against', () => {
  const sim = port();
  // Ten kilometres in half an hour: a drive across town.
  read(sim.wait(1800), { lat: LAT, lon: 120.4 });
  assert.deepEqual(conflicts(sim), []);
  sim.wait(600).apply('gateEvent', { facility: 'KEL-T2', lane: 'IN-1', direction: 'in', plate: 'KLA7001', containerNos: [NO], source: 'ocr' });
  assert.deepEqual(conflicts(sim), [['seal_read', null, 'gate', 'KEL-T2']]);
});

test('a read taken before the newest sighting and uploaded late places nothing', () => {
  const sim = port();
  // Taken at Keelung an hour before the discharge, uploaded a minute after it.
  read(sim.wait(60), { lat: KEELUNG.lat, lon: KEELUNG.lon, readAt: iso(sim.t - 3_600_000) });
  assert.deepEqual(conflicts(sim), []);
  // The discharge in Kaohsiung is still the last sighting: Daliao ten minutes on is within reach.
  sim.wait(600).apply('gateEvent', { facility: 'KHH-CY9', lane: 'IN-1', direction: 'in', plate: 'KLA7001', containerNos: [NO], source: 'ocr' });
  assert.deepEqual(conflicts(sim), []);
});

test('a late upload taken after the last sighting is placed at the time it was taken', () => {
  const sim = port();
  // Taken at Keelung five hours after the discharge (enough to drive there), uploaded an hour later.
  read(sim.wait(6 * 3600), { facility: 'KEL-T2', readAt: iso(sim.t - 3_600_000) });
  assert.deepEqual(conflicts(sim), []);
  // Back in Kaohsiung ten minutes after the upload: seventy minutes after the read is too soon.
  sim.wait(600).apply('yardEvent', { facility: 'KHH-T1', containerNo: NO, event: 'moved' });
  assert.deepEqual(conflicts(sim), [['seal_read', 'KEL-T2', 'yard', 'KHH-T1']]);
  assert.equal((sim.alerts('container_conflict')[0].detail as { minutesBetween: number }).minutesBetween, 70);
});

test('a read with no place, or naming no container, is no sighting and hides nothing', () => {
  const sim = port();
  read(sim.wait(60), { facility: 'NOWHERE' });
  read(sim.wait(60), { containerNo: undefined, facility: 'KEL-T2' });
  assert.deepEqual(conflicts(sim), []);
  sim.wait(600).apply('gateEvent', { facility: 'KEL-T2', lane: 'IN-1', direction: 'in', plate: 'KLA7001', containerNos: [NO], source: 'ocr' });
  assert.deepEqual(conflicts(sim), [['yard', 'KHH-T1', 'gate', 'KEL-T2']]);
});
