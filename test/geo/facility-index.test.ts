import { test } from 'node:test';
import assert from 'node:assert/strict';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import { FacilityIndex } from '../../src/core/geo/facility-index.ts';
import { buildWorld } from '../../bench/lib/world.ts';
import { Prng } from '../../bench/lib/prng.ts';

test('indexed lookup returns exactly the facilities turf finds, in code order', () => {
  const { facilities } = buildWorld(11, 80, 0, 2);
  const index = new FacilityIndex(facilities);
  const rng = new Prng(3);
  let hits = 0;
  for (let i = 0; i < 2500; i++) {
    // Half the points near a facility, half anywhere on the plain.
    const f = facilities[rng.int(facilities.length)];
    const ring = f.area.type === 'Polygon' ? f.area.coordinates[0] : f.area.coordinates[0][0];
    const [lon, lat] = i % 2 ? [rng.range(120.0, 121.5), rng.range(22.0, 25.2)] : [ring[0][0] + rng.range(-0.01, 0.01), ring[0][1] + rng.range(-0.01, 0.01)];
    const expected = facilities.filter((x) => booleanPointInPolygon(point([lon, lat]), x.area)).map((x) => x.code).sort();
    const got = index.containing(lon, lat).map((x) => x.code);
    assert.deepEqual(got, expected);
    hits += got.length;
  }
  assert.ok(hits > 100, 'the sample reaches inside facilities');
});

test('an empty index answers nothing; lookups by code', () => {
  const empty = new FacilityIndex([]);
  assert.deepEqual(empty.containing(120.3, 22.6), []);
  const { facilities } = buildWorld(5, 10, 0, 2);
  const index = new FacilityIndex(facilities);
  assert.equal(index.get('F003')?.code, 'F003');
  assert.ok(index.partsOf('F003').length >= 1);
  assert.deepEqual(index.partsOf('nope'), []);
});
