import { test } from 'node:test';
import assert from 'node:assert/strict';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import type { MultiPolygon, Polygon } from 'geojson';
import { pointInAny, preparePolygons, segmentTouchesAny } from '../../src/core/geo/polygon.ts';
import { Prng } from '../../bench/lib/prng.ts';

// An L-shaped yard with a hole, and a MultiPolygon of two parts (one with a hole).
const yard: Polygon = {
  type: 'Polygon',
  coordinates: [
    [[120.30, 22.60], [120.32, 22.60], [120.32, 22.61], [120.31, 22.61], [120.31, 22.62], [120.30, 22.62], [120.30, 22.60]],
    [[120.302, 22.602], [120.305, 22.602], [120.305, 22.605], [120.302, 22.605], [120.302, 22.602]],
  ],
};
const port: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [[[120.25, 22.55], [120.27, 22.55], [120.26, 22.57], [120.25, 22.55]]],
    [
      [[120.28, 22.55], [120.30, 22.55], [120.30, 22.57], [120.28, 22.57], [120.28, 22.55]],
      [[120.285, 22.555], [120.295, 22.555], [120.295, 22.565], [120.285, 22.565], [120.285, 22.555]],
    ],
  ],
};

test('point in polygon agrees with turf (holes, concave outline, MultiPolygon parts)', () => {
  const rng = new Prng(7);
  for (const area of [yard, port]) {
    const parts = preparePolygons(area);
    for (let i = 0; i < 3000; i++) {
      const lon = rng.range(120.24, 120.33);
      const lat = rng.range(22.54, 22.63);
      assert.equal(pointInAny(parts, lon, lat), booleanPointInPolygon(point([lon, lat]), area), `${lon},${lat}`);
    }
  }
});

test('the hole is outside; the edge counts as inside', () => {
  const parts = preparePolygons(yard);
  assert.equal(pointInAny(parts, 120.3035, 22.6035), false);
  assert.equal(pointInAny(parts, 120.301, 22.601), true);
  assert.equal(pointInAny(parts, 120.315, 22.6), true, 'on the southern edge');
  assert.equal(pointInAny(parts, 120.3, 22.61), true, 'on the western edge');
});

test('a segment crossing an area with both ends outside touches it; one passing by does not', () => {
  const station = preparePolygons({ type: 'Polygon', coordinates: [[[120.349, 22.599], [120.351, 22.599], [120.351, 22.601], [120.349, 22.601], [120.349, 22.599]]] });
  assert.equal(segmentTouchesAny(station, 120.34, 22.6, 120.36, 22.6), true);
  assert.equal(segmentTouchesAny(station, 120.34, 22.598, 120.36, 22.602), true, 'diagonal through');
  assert.equal(segmentTouchesAny(station, 120.34, 22.603, 120.36, 22.603), false);
  assert.equal(segmentTouchesAny(station, 120.34, 22.6, 120.345, 22.6), false, 'stops short');
  // A segment lying wholly inside a hole never touches the area.
  assert.equal(segmentTouchesAny(preparePolygons(yard), 120.3025, 22.6035, 120.304, 22.6035), false, 'entirely inside the hole');
});
