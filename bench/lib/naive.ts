// The naive evaluator the engine is measured against: for each position, turf's
// booleanPointInPolygon over every facility and turf's pointToLineDistance to the trip's route.
// What a straightforward implementation without spatial indexes or per-trip progress would do.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import { feature, lineString, point } from '@turf/helpers';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import type { Facility, Route } from '../../src/core/types.ts';

export class NaiveEvaluator {
  private areas: Feature<Polygon | MultiPolygon>[];
  private lines = new Map<string, Feature<LineString>>();

  constructor(facilities: Facility[], routes: Route[]) {
    this.areas = facilities.map((f) => feature(f.area));
    for (const r of routes) this.lines.set(r.code, lineString(r.path.coordinates));
  }

  /** Facilities containing the point and the distance in metres to the route: the same questions the engine answers. */
  evaluate(lon: number, lat: number, routeCode: string): { inside: number; distanceM: number } {
    const pt = point([lon, lat]);
    let inside = 0;
    for (const a of this.areas) if (booleanPointInPolygon(pt, a)) inside++;
    const line = this.lines.get(routeCode) as Feature<LineString>;
    const distanceM = pointToLineDistance(pt, line, { units: 'meters' });
    return { inside, distanceM };
  }
}
