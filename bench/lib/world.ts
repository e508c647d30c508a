// A synthetic Taiwan-scale world for the engine benchmark: facility polygons on the western plain,
// long winding routes between them, vehicles, OBUs, seals and CNs. Coordinates are plausible, not
// real places.
import type { Facility, FacilityKind, Route, TransportNote } from '../../src/core/types.ts';
import { Prng } from './prng.ts';

const KINDS: FacilityKind[] = ['port_terminal', 'container_yard', 'warehouse', 'factory', 'inspection_station', 'rest_area', 'container_yard', 'warehouse'];
const M_PER_DEG_LAT = 110_800;

export interface World {
  facilities: Facility[];
  routes: Route[];
}

/** Where the western corridor lies at a given latitude (lon of the freeway roughly). */
function corridorLon(lat: number): number {
  return 120.2 + (lat - 22.6) * 0.33;
}

function polygonAround(rng: Prng, lon: number, lat: number, radiusM: number, withHole: boolean): number[][][] {
  const n = 8 + rng.int(9);
  const kx = M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
  const outer: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = radiusM * rng.range(0.7, 1.15);
    outer.push([lon + (Math.cos(a) * r) / kx, lat + (Math.sin(a) * r) / M_PER_DEG_LAT]);
  }
  outer.push(outer[0]);
  if (!withHole) return [outer];
  const hole: number[][] = [];
  const hr = radiusM * 0.25;
  for (let i = 4; i >= 0; i--) {
    const a = (2 * Math.PI * (i % 4)) / 4;
    hole.push([lon + (Math.cos(a) * hr) / kx, lat + (Math.sin(a) * hr) / M_PER_DEG_LAT]);
  }
  return [outer, hole];
}

export function buildWorld(seed: number, facilityCount: number, routeCount: number, minVertices: number): World {
  const rng = new Prng(seed);
  const facilities: Facility[] = [];
  for (let i = 0; i < facilityCount; i++) {
    const lat = rng.range(22.0, 25.2);
    const lon = corridorLon(lat) + rng.range(-0.25, 0.35);
    const kind = KINDS[i % KINDS.length];
    const radius = kind === 'port_terminal' ? 900 : kind === 'inspection_station' ? 150 : rng.range(200, 600);
    const code = `F${String(i).padStart(3, '0')}`;
    const multi = i % 10 === 3;
    const area = multi
      ? { type: 'MultiPolygon' as const, coordinates: [polygonAround(rng, lon, lat, radius, i % 20 === 3), polygonAround(rng, lon + 0.01, lat + 0.004, radius * 0.5, false)] }
      : { type: 'Polygon' as const, coordinates: polygonAround(rng, lon, lat, radius, i % 7 === 0) };
    facilities.push({ code, name: `Sample facility ${i}`, kind, area, sample: true });
  }
  const centers = facilities.map((f) => {
    const ring = f.area.type === 'Polygon' ? f.area.coordinates[0] : f.area.coordinates[0][0];
    let x = 0;
    let y = 0;
    for (let k = 0; k < ring.length - 1; k++) {
      x += ring[k][0];
      y += ring[k][1];
    }
    return [x / (ring.length - 1), y / (ring.length - 1)];
  });
  const yards = facilities.map((f, i) => ({ f, i })).filter(({ f }) => f.kind !== 'inspection_station' && f.kind !== 'rest_area');
  const stations = facilities.map((f, i) => ({ f, i })).filter(({ f }) => f.kind === 'inspection_station');
  const routes: Route[] = [];
  for (let r = 0; r < routeCount; r++) {
    const a = yards[rng.int(yards.length)];
    let b = yards[rng.int(yards.length)];
    // Long hauls: at least ~60 km apart, so trips stay on the road for the whole run.
    for (let tries = 0; tries < 50 && Math.abs(centers[b.i][1] - centers[a.i][1]) < 0.6; tries++) b = yards[rng.int(yards.length)];
    const via = r % 3 === 0 ? stations[rng.int(stations.length)] : null;
    const waypoints = via ? [centers[a.i], centers[via.i], centers[b.i]] : [centers[a.i], centers[b.i]];
    const n = minVertices + rng.int(80);
    const coords: number[][] = [];
    const legs = waypoints.length - 1;
    const phase = rng.range(0, 6.28);
    const wiggle = rng.range(0.002, 0.01);
    // Each leg gets its share of vertices and ends exactly on its waypoint, so a route via an
    // inspection station runs through it.
    const perLeg = Math.ceil((n - 1) / legs);
    for (let leg = 0; leg < legs; leg++) {
      const [x0, y0] = waypoints[leg];
      const [x1, y1] = waypoints[leg + 1];
      const dx = x1 - x0;
      const dy = y1 - y0;
      const len = Math.hypot(dx, dy) || 1;
      for (let k = leg === 0 ? 0 : 1; k <= perLeg; k++) {
        const t = k / perLeg;
        const u = leg + t;
        // Roads wind: a smooth sideways wave that vanishes at the waypoints, plus small jitter.
        const side = Math.sin(Math.PI * t) * Math.sin(phase + u * 9) * wiggle;
        const jitter = k === 0 || k === perLeg ? 0 : rng.range(-1e-4, 1e-4);
        coords.push([x0 + dx * t - (dy / len) * side + jitter, y0 + dy * t + (dx / len) * side]);
      }
    }
    routes.push({
      code: `R${String(r).padStart(3, '0')}`,
      origin: a.f.code,
      destination: b.f.code,
      path: { type: 'LineString', coordinates: coords },
      maxDurationMin: 600,
      checkpoints: via ? [via.f.code] : [],
      sample: true,
    });
  }
  return { facilities, routes };
}

export function tripNote(k: number, route: Route): TransportNote {
  return {
    cnNo: `CN${String(k).padStart(7, '0')}`,
    function: '9',
    senderUbn: '04595252',
    origin: route.origin,
    destination: route.destination,
    routeCode: route.code,
    containers: [{ no: `BENU${String(k).padStart(7, '0')}`, sealType: 'truck_eseal', sealNos: [`S${k}`] }],
    plate: `KNA${k}`,
    driverId: 'A123456789',
    transportCategory: 1,
    requiresConfirmation: false,
  };
}
