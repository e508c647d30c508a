// Where and when a trip's containers can be seen off their route. Every read naming a container is
// a sighting the container_conflict rule weighs against the one before it (a number seen at two
// places farther apart than a truck could drive in between): a genuine incident (a seal read at a
// facility the trip has no business at) must keep to what a truck can drive, or the simulator
// would teach the rule to fire on every such incident.
import type { Facility } from '../core/types.ts';
import { distanceM, type LonLat } from './geo.ts';
import type { Rng } from './rng.ts';

/** How fast a truck drives to a detour and back (km/h): the sim's road speeds, well below the rule's limit. */
export const DETOUR_KMH = 60;

/** A place and time the containers are seen at (a gate passage, a checkpoint's seal check). */
export interface Sighting {
  at: LonLat;
  ms: number;
}

/** The point the engine places a facility's sightings at: the middle of its (first) area's box. */
export function facilityPoint(f: Facility): LonLat {
  const ring = f.area.type === 'Polygon' ? f.area.coordinates[0] : f.area.coordinates[0][0];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}

/**
 * A time the truck can be at `p` between two of its sightings (in time order) with both legs, there
 * and on to the next, driven at `kmh` at most, or null when no gap leaves the time. The first and
 * last minute of a gap are kept clear; where in the gap's spare time the detour falls is drawn.
 */
export function detourTime(sightings: readonly Sighting[], p: LonLat, rng: Rng, kmh = DETOUR_KMH): number | null {
  const msPerM = 3600 / kmh;
  const fits: number[] = [];
  for (let i = 0; i + 1 < sightings.length; i++) {
    const [a, b] = [sightings[i], sightings[i + 1]];
    const there = distanceM(a.at, p) * msPerM + 60_000;
    const back = distanceM(p, b.at) * msPerM + 60_000;
    const spare = b.ms - a.ms - there - back;
    if (spare >= 0) fits.push(i, spare);
  }
  if (fits.length === 0) return null;
  const k = rng.int(0, fits.length / 2 - 1);
  const a = sightings[fits[2 * k]];
  const there = distanceM(a.at, p) * msPerM + 60_000;
  return Math.round(a.ms + there + rng.range(0.1, 0.9) * fits[2 * k + 1]);
}

/** The facilities among `off` a truck can reach between its sightings, each with a time it could be read there. */
export function reachableDetours(sightings: readonly Sighting[], off: readonly Facility[], rng: Rng): { facility: Facility; ms: number }[] {
  const out: { facility: Facility; ms: number }[] = [];
  for (const f of off) {
    const ms = detourTime(sightings, facilityPoint(f), rng);
    if (ms !== null) out.push({ facility: f, ms });
  }
  return out;
}
