// A detour the simulator sends a truck on keeps to what a truck can drive between the containers'
// sightings, so a genuine seal_read_elsewhere incident is no container_conflict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETOUR_KMH, detourTime, facilityPoint, type Sighting } from '../../src/sim/detour.ts';
import { distanceM, offsetM, type LonLat } from '../../src/sim/geo.ts';
import { Rng } from '../../src/sim/rng.ts';

const A: LonLat = [120.3, 22.6];
const B = offsetM(A, 0, 60_000);
const H = 3_600_000;
const trip: Sighting[] = [{ at: A, ms: 0 }, { at: B, ms: 2 * H }];

const kmh = (from: Sighting, to: Sighting) => distanceM(from.at, to.at) / 1000 / ((to.ms - from.ms) / H);

test('a place beside the way is reached and left at road speed', () => {
  const p = offsetM(A, 15_000, 30_000);
  for (let i = 0; i < 20; i++) {
    const ms = detourTime(trip, p, new Rng(`d-${i}`));
    assert.ok(ms !== null);
    const at: Sighting = { at: p, ms };
    assert.ok(kmh(trip[0], at) <= DETOUR_KMH && kmh(at, trip[1]) <= DETOUR_KMH, `${ms}`);
  }
});

test('a place too far for the time between sightings is never chosen', () => {
  assert.equal(detourTime(trip, offsetM(A, 100_000, 30_000), new Rng('far')), null);
  // Reachable only in the second, longer gap.
  const p = offsetM(B, 40_000, 0);
  const legs: Sighting[] = [...trip, { at: B, ms: 4 * H }];
  const ms = detourTime(legs, p, new Rng('gap'));
  assert.ok(ms !== null && ms > 2 * H && ms < 4 * H);
});

test('a facility is placed where the engine places it, the middle of its area\'s box', () => {
  const area = { type: 'Polygon' as const, coordinates: [[[120.29, 22.59], [120.31, 22.59], [120.31, 22.62], [120.29, 22.62], [120.29, 22.59]]] };
  const [lon, lat] = facilityPoint({ code: 'F', name: 'F', kind: 'container_yard', area });
  assert.ok(Math.abs(lon - 120.3) < 1e-9 && Math.abs(lat - 22.605) < 1e-9);
});
