// Point-to-point and mixed trips in the simulator: valid inputs, no OBU reports for a passive
// truck, and the engine raising exactly the injected passive incidents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateInput } from '../../src/replay/validate.ts';
import { runQuality } from '../../src/quality/run.ts';
import { Fleet } from '../../src/sim/fleet.ts';
import { loadWorld } from '../../src/sim/world.ts';

const world = loadWorld('data/sample');

test('a fleet with passive and mixed trips: valid inputs, passive trucks read and gated, never reporting', () => {
  const fleet = new Fleet({ world, seed: 'passive-1', trucks: 6, tripsPerTruck: 3, startMs: Date.parse('2025-03-03T00:00:00+08:00'), passiveShare: 0.5, mixedShare: 0.5 });
  const items = [...fleet.stream()];
  for (const it of items) assert.equal(validateInput({ ...it.input }), null, JSON.stringify(it.input).slice(0, 200));
  const passive = fleet.trips.filter((t) => t.plate.startsWith('KT'));
  assert.ok(passive.length > 0, 'some trips run point to point');
  const plates = new Set(passive.map((t) => t.plate));
  const notes = items.filter((i) => i.input.type === 'transportNote').map((i) => i.input.data as { plate: string; containers: { sealType: string }[] });
  assert.ok(notes.filter((n) => plates.has(n.plate)).every((n) => n.containers.every((c) => c.sealType !== 'truck_eseal')));
  assert.ok(notes.some((n) => n.containers.some((c) => c.sealType === 'truck_eseal') && n.containers.some((c) => c.sealType === 'eseal')), 'some mixed CNs');
  const reads = items.filter((i) => i.input.type === 'sealRead');
  assert.ok(reads.some((r) => (r.input.data as { event: string }).event === 'applied'));
  assert.ok(reads.some((r) => (r.input.data as { event: string }).event === 'removed'));
});

test('quality: every passive incident found, nothing raised on clean point-to-point and mixed trips', () => {
  const { report, fleet } = runQuality({
    world, seed: 'passive-q', trips: 60, perType: 3, types: ['departed_unsealed', 'seal_mismatch', 'seal_read_elsewhere', 'seal_tamper', 'overdue'],
    passiveShare: 0.4, mixedShare: 0.3,
  });
  for (const type of ['departed_unsealed', 'seal_mismatch', 'seal_read_elsewhere', 'seal_tamper', 'overdue']) {
    assert.ok(report.perType[type].incidents >= 3, `${type}: ${report.perType[type].incidents}`);
    assert.equal(report.perType[type].recall, 1, type);
  }
  assert.equal(report.total.falseAlerts, 0, JSON.stringify(report.examples.falseAlerts).slice(0, 1500));
  assert.deepEqual(report.skippedIncidents, []);
  assert.ok(fleet.trips.some((t) => t.kind === 'point_to_point' && t.incident === 'overdue'), 'overdue counted from a gate-out');
  assert.ok(fleet.trips.some((t) => t.kind === 'mixed'));
});
