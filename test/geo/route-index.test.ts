import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import { lineString, point } from '@turf/helpers';
import { newCursor, PreparedRoute, RouteMatch } from '../../src/core/geo/route-index.ts';
import { preparePolygons } from '../../src/core/geo/polygon.ts';
import { distanceM } from '../../src/core/geo/ruler.ts';
import { buildWorld } from '../../bench/lib/world.ts';
import { Prng } from '../../bench/lib/prng.ts';

test('cumulative length agrees with turf-scale distances', () => {
  const r = new PreparedRoute('R', { type: 'LineString', coordinates: [[120.3, 22.6], [120.4, 22.6], [120.4, 22.7]] });
  assert.ok(Math.abs(r.lengthM - (distanceM(120.3, 22.6, 120.4, 22.6) + distanceM(120.4, 22.6, 120.4, 22.7))) < 1e-6);
  assert.ok(Math.abs(r.lengthM - 21_355) < 60, `${r.lengthM}`);
});

test('inside/outside the corridor matches the exact distance to the whole path (turf oracle)', () => {
  const { routes } = buildWorld(21, 40, 6, 500);
  const rng = new Prng(9);
  const m = new RouteMatch();
  for (const route of routes) {
    const r = new PreparedRoute(route.code, route.path);
    const line = lineString(route.path.coordinates);
    const cur = newCursor();
    for (let i = 0; i < 60; i++) {
      const v = route.path.coordinates[rng.int(route.path.coordinates.length)];
      const lon = v[0] + rng.range(-0.004, 0.004);
      const lat = v[1] + rng.range(-0.004, 0.004);
      const exact = pointToLineDistance(point([lon, lat]), line, { units: 'meters' });
      // Away from the threshold, the classification must agree exactly.
      if (Math.abs(exact - 200) < 3) continue;
      r.match(lon, lat, cur, 200, i * 10_000, m);
      assert.equal(m.inside, exact <= 200, `${route.code} ${lon},${lat} exact ${exact}`);
      if (m.inside) assert.ok(m.distM <= 200);
      else assert.ok(Math.abs(m.distM - exact) < Math.max(2, exact * 0.005), `${m.distM} vs ${exact}`);
      assert.ok(Math.abs(r.distanceToPath(lon, lat) - exact) < Math.max(1, exact * 0.005));
    }
  }
});

test('progress follows the vehicle along an out-and-back path (U-turn) instead of jumping', () => {
  // East 5 km, then back west 4 km on the same road.
  const r = new PreparedRoute('U', { type: 'LineString', coordinates: [[120.30, 22.6], [120.325, 22.6], [120.35, 22.6], [120.325, 22.60005], [120.31, 22.60005]] });
  const cur = newCursor();
  const m = new RouteMatch();
  const legM = distanceM(120.3, 22.6, 120.35, 22.6);
  let last = -1;
  const lons = [120.305, 120.315, 120.325, 120.335, 120.345, 120.349, 120.345, 120.335, 120.325, 120.315];
  lons.forEach((lon, i) => {
    r.match(lon, 22.60002, cur, 200, i * 60_000, m);
    assert.ok(m.inside);
    assert.ok(m.progress > last, `progress must grow: ${m.progress} after ${last} at fix ${i}`);
    last = m.progress;
  });
  assert.ok(last > legM + 3000, 'ends on the way back');
});

test('a path that passes near itself: fixes on the first pass match the first pass', () => {
  // A loop: out east, north, back west 150 m north of the outbound road, then north again.
  const coords = [[120.30, 22.6], [120.34, 22.6], [120.34, 22.6015], [120.30, 22.6015], [120.30, 22.62]];
  const r = new PreparedRoute('L', { type: 'LineString', coordinates: coords });
  const cur = newCursor();
  const m = new RouteMatch();
  for (let i = 1; i <= 7; i++) {
    r.match(120.30 + i * 0.005, 22.6003, cur, 200, i * 30_000, m);
    assert.ok(m.inside);
    assert.ok(m.seg === 0, `outbound fix ${i} matched segment ${m.seg}`);
  }
  // Then the vehicle goes round the loop and comes back along the return leg.
  for (let i = 0; i < 8; i++) {
    r.match(120.34 - i * 0.005, 22.6012, cur, 200, 300_000 + i * 30_000, m);
    assert.ok(m.inside);
  }
  assert.equal(m.seg, 2, 'on the return leg');
});

test('a parallel road outside the corridor is not matched; the cursor stays', () => {
  const r = new PreparedRoute('P', { type: 'LineString', coordinates: [[120.30, 22.6], [120.40, 22.6]] });
  const cur = newCursor();
  const m = new RouteMatch();
  r.match(120.32, 22.6, cur, 200, 0, m);
  const before = cur.progress;
  r.match(120.33, 22.604, cur, 200, 60_000, m); // ~440 m north
  assert.equal(m.inside, false);
  assert.ok(Math.abs(m.distM - 443) < 5, `${m.distM}`);
  assert.equal(cur.progress, before);
});

test('checkpoint positions: where the path enters each area, in order', () => {
  const r = new PreparedRoute('C', { type: 'LineString', coordinates: [[120.30, 22.6], [120.40, 22.6]] });
  const a = preparePolygons({ type: 'Polygon', coordinates: [[[120.349, 22.599], [120.351, 22.599], [120.351, 22.601], [120.349, 22.601], [120.349, 22.599]]] });
  const beside = preparePolygons({ type: 'Polygon', coordinates: [[[120.379, 22.602], [120.381, 22.602], [120.381, 22.603], [120.379, 22.603], [120.379, 22.602]]] });
  const pos = r.checkpointPositions([a, beside, []]);
  assert.ok(Math.abs(pos[0] - distanceM(120.3, 22.6, 120.35, 22.6)) < 150);
  assert.ok(Math.abs(pos[1] - distanceM(120.3, 22.6, 120.38, 22.6)) < 5, 'beside the road: the nearest point');
  assert.equal(pos[2], pos[1], 'unknown area: no progress of its own');
});
