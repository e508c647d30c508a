// The benchmarks' world: a straight 10 km route near Kaohsiung between an origin terminal and a
// destination yard, each a 1 km square. Codes differ per benchmark, so that worlds never collide in
// one database.
import type { Facility, Route } from '../../src/core/types.ts';

const square = (lon: number, lat: number, half = 0.005) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});

export interface StraightRoute {
  facilities: Facility[];
  route: Route;
}

/** The two facilities (at 120.3 and 120.4 E, 22.6 N) and the route between them. */
export function straightRoute(o: { origin: string; destination: string; routeCode: string; label: string; maxDurationMin: number }): StraightRoute {
  return {
    facilities: [
      { code: o.origin, name: `Origin terminal (${o.label})`, kind: 'port_terminal', area: square(120.3, 22.6) },
      { code: o.destination, name: `Destination yard (${o.label})`, kind: 'container_yard', area: square(120.4, 22.6) },
    ],
    route: {
      code: o.routeCode,
      origin: o.origin,
      destination: o.destination,
      path: { type: 'LineString', coordinates: Array.from({ length: 21 }, (_, i) => [120.3 + i * 0.005, 22.6]) },
      corridorWidthM: 200,
      maxDurationMin: o.maxDurationMin,
    },
  };
}
