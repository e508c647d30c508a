import { test } from 'node:test';
import assert from 'node:assert/strict';
import CheapRuler from 'cheap-ruler';
import { distanceM, kxAt, kyAt } from '../../src/core/geo/ruler.ts';

test('the latitude table matches cheap-ruler to well under GPS error', () => {
  for (const lat of [21.9, 22.6, 23.45, 24.15, 25.3]) {
    const r = new CheapRuler(lat, 'meters');
    assert.ok(Math.abs(kxAt(lat) / r.kx - 1) < 5e-4);
    assert.ok(Math.abs(kyAt(lat) / r.ky - 1) < 5e-4);
    const d = r.distance([120.3, lat], [120.31, lat + 0.01]);
    assert.ok(Math.abs(distanceM(120.3, lat, 120.31, lat + 0.01) - d) < 1);
  }
});
