// How fast a truck goes where: the road class of each stretch of a route, inferred from geometry
// because routes carry no road attributes.
//
// - Inside a facility area (terminal, yard, service area, inspection lane): 10–20 km/h.
// - Within 3 km of the origin or destination area, along the path: port and urban roads, 20–40 km/h.
// - Elsewhere, by straightness: the straight-line distance between the points 1 km behind and 1 km
//   ahead, divided by the 2 km of path between them. Freeways are nearly straight at that scale
//   (≥ 0.97: 70–90 km/h); provincial roads bend more (≥ 0.85: 45–65 km/h); anything more winding is
//   taken as urban (20–40 km/h).
// Each truck draws a target speed per 500 m stretch from its class range, scaled by a per-driver
// factor, so speeds vary along a road and between trucks without a traffic model.
import { distanceM, type Polyline } from './geo.ts';

export type RoadClass = 'facility' | 'urban' | 'arterial' | 'highway';

export const SPEED_RANGE_KMH: Readonly<Record<RoadClass, readonly [number, number]>> = {
  facility: [10, 20],
  urban: [20, 40],
  arterial: [45, 65],
  highway: [70, 90],
};

/** Traffic stops (lights, merges, queues) per km and their length; all shorter than 3 minutes. */
export const TRAFFIC_STOPS: Readonly<Record<RoadClass, { perKm: number; minS: number; maxS: number }>> = {
  facility: { perKm: 0.5, minS: 10, maxS: 60 },
  urban: { perKm: 0.35, minS: 15, maxS: 120 },
  arterial: { perKm: 0.12, minS: 15, maxS: 90 },
  highway: { perKm: 0.01, minS: 30, maxS: 170 },
};

export const NEAR_END_M = 3000;
const WINDOW_M = 1000;
export const STRETCH_M = 500;

/** Straightness of the path around distance d (1 = straight). */
export function straightness(path: Polyline, d: number): number {
  const a = Math.max(0, d - WINDOW_M);
  const b = Math.min(path.length, d + WINDOW_M);
  if (b - a < 1) return 1;
  return distanceM(path.at(a), path.at(b)) / (b - a);
}

/**
 * Road class at distance d along the path. `originExitM` / `destEntryM` bound the open road;
 * `inFacility(d)` tells whether the path is inside some facility area there.
 */
export function roadClassAt(
  path: Polyline,
  d: number,
  originExitM: number,
  destEntryM: number,
  inFacility: (d: number) => boolean,
): RoadClass {
  if (inFacility(d)) return 'facility';
  if (d - originExitM < NEAR_END_M || destEntryM - d < NEAR_END_M) return 'urban';
  const s = straightness(path, d);
  if (s >= 0.97) return 'highway';
  if (s >= 0.85) return 'arterial';
  return 'urban';
}
