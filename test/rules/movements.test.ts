// The movement rules' pure parts and the container timeline (CONTRACT section 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestClearance, requiresCn } from '../../src/core/rules/clearance-facts.ts';
import { impossibleKm } from '../../src/core/rules/container-conflict.ts';
import { unreleasedClearance } from '../../src/core/rules/gate-out-unreleased.ts';
import type { ContainerSighting } from '../../src/core/rules/rule.ts';
import { buildTimeline, movementStatus } from '../../src/core/movements/timeline.ts';
import type { Clearance } from '../../src/core/types.ts';

const c = (over: Partial<Clearance>): Clearance => ({
  declarationNo: 'D1', kind: 'import', containerNos: ['MSCU1234566'], status: 'declared', statusAt: '2025-03-03T08:00:00+08:00', ...over,
});

test('the latest clearance of the kinds asked for decides', () => {
  const list = [c({ status: 'released', statusAt: '2025-03-03T09:00:00+08:00' }), c({ declarationNo: 'D2', status: 'held' }), c({ declarationNo: 'E1', kind: 'export', statusAt: '2025-03-03T10:00:00+08:00' })];
  assert.equal(latestClearance(list, ['import'])?.status, 'released');
  assert.equal(unreleasedClearance(list), null);
  assert.equal(unreleasedClearance([c({})])?.declarationNo, 'D1');
  assert.equal(unreleasedClearance([]), null, 'no clearance known: no judgement');
  assert.equal(requiresCn(c({ status: 'released', releaseCode: 'b' })), true);
  assert.equal(requiresCn(c({ status: 'cancelled', releaseCode: '1' })), false);
  assert.equal(requiresCn(c({ status: 'released' })), false);
});

const seen = (facility: string, lat: number, lon: number, minutes: number): ContainerSighting => ({
  containerNo: 'MSCU1234566', via: 'gate', event: 'in', facility, lane: 'L1', plate: 'KLA7001', trip: null, atMs: minutes * 60_000, hasPos: true, lat, lon,
});

test('container_conflict: farther than 120 km/h allows, beyond the slack; never at one facility', () => {
  const khh = seen('KHH-T1', 22.6, 120.3, 0);
  assert.equal(impossibleKm(khh, seen('KEL-T2', 25.14, 121.745, 30), 120, 5) !== null, true);
  assert.equal(impossibleKm(khh, seen('KEL-T2', 25.14, 121.745, 4 * 60), 120, 5), null, '4 hours is enough');
  assert.equal(impossibleKm(khh, seen('KHH-CY9', 22.6, 120.4, 1), 120, 5) !== null, true, '10 km in a minute');
  assert.equal(impossibleKm(khh, seen('KHH-CY9', 22.6, 120.4, 10), 120, 5), null);
  assert.equal(impossibleKm(khh, seen('KHH-T1', 23.6, 120.3, 0), 120, 5), null);
});

test('the timeline puts every source in the journey\'s order and says where the container is', () => {
  const t = buildTimeline({
    yard: [
      { at: '2025-03-03T00:00:00Z', facility: 'KHH-T1', event: 'discharged', equipmentId: 'QC-1' },
      { at: '2025-03-03T01:00:00Z', facility: 'KHH-T1', event: 'moved', position: 'A1-01-01-1' },
      { at: '2025-03-04T05:00:00Z', facility: 'KHH-CY9', event: 'loaded' },
    ],
    gates: [
      { at: '2025-03-03T02:00:00Z', id: 'g1', facility: 'KHH-T1', lane: 'OUT-1', direction: 'out', plate: 'KNA6001', decision: 'pass', reasons: [] },
      { at: '2025-03-03T03:00:00Z', id: 'g2', facility: 'KHH-CY9', lane: 'IN-1', direction: 'in', plate: 'KNA6001', decision: 'pass', reasons: [] },
    ],
    trips: [{
      tripId: 'TR-1', plate: 'KNA6001', origin: 'KHH-T1', destination: 'KHH-CY9',
      events: [{ at: '2025-03-03T01:30:00Z', state: 'planned' }, { at: '2025-03-03T02:00:00Z', state: 'in_transit' }, { at: '2025-03-03T02:59:00Z', state: 'arrived' }],
    }],
    clearances: [{ at: '2025-03-03T00:30:00Z', declarationNo: 'D1', kind: 'import', status: 'released', releaseCode: '1' }],
  });
  assert.deepEqual(t.map((e) => e.kind), ['discharged', 'clearance_released', 'moved', 'planned', 'gate_out', 'in_transit', 'arrived', 'gate_in', 'loaded']);
  assert.deepEqual(movementStatus(t), { status: 'loaded', lastEventAt: '2025-03-04T05:00:00Z', facility: 'KHH-CY9' });
  assert.equal(movementStatus(t.slice(0, 6)).status, 'in_transit');
  assert.equal(movementStatus(t.slice(0, 4)).status, 'in_yard', 'a planned trip is paperwork, not a movement');
  assert.equal(movementStatus([]).status, 'not_seen');
});
