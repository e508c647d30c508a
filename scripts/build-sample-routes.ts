// Builds data/sample/routes.json from waypoints along real Taiwanese roads.
//
//   npx tsx scripts/build-sample-routes.ts
//
// Freeway waypoints are ETC gantry positions (National Freeway 1 and 3), so long routes follow
// the freeway to within a few hundred metres; port and local roads are hand-placed approximations.
// Each path starts at the origin facility's centre, ends at the destination's centre, and is
// densified by great-circle interpolation so that no two vertices are more than MAX_STEP_M apart.
// Re-running overwrites routes.json; edit facilities.json or the waypoints below, then run again.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Facility, Route } from '../src/core/types.ts';

type LonLat = [number, number];
/** A waypoint, or "@CODE" for the centre of that facility's area. */
type Waypoint = LonLat | `@${string}`;
/** [kilometre post, lon, lat] */
type Milepost = [number, number, number];

const DATA_DIR = fileURLToPath(new URL('../data/sample/', import.meta.url));
const MAX_STEP_M = 200;
const EARTH_RADIUS_M = 6_371_008.8;
const TRUCK_SPEED_KMH = 50;
const DURATION_MARGIN_MIN = 30;

/** National Freeway 1, Keelung end (km 0) to Kaohsiung end (km 374.3); ends extrapolated. */
const FREEWAY_1: Milepost[] = [
  [0, 121.7342, 25.1226], [0.5, 121.731764, 25.118786], [1.7, 121.725906, 25.109567],
  [2.9, 121.717856, 25.102836], [6.1, 121.693644, 25.088272], [9.9, 121.659478, 25.076264],
  [14.7, 121.613519, 25.065644], [15.3, 121.607778, 25.064911], [18.2, 121.580231, 25.068986],
  [24.8, 121.516603, 25.077631], [26.4, 121.501386, 25.077464], [29.3, 121.472961, 25.074797],
  [33.9, 121.428764, 25.068239], [37.6, 121.397306, 25.058667], [41.3, 121.363561, 25.064969],
  [46.7, 121.317761, 25.047075], [49.2, 121.295531, 25.036481], [51.1, 121.281731, 25.025953],
  [53.2, 121.266194, 25.012944], [55.7, 121.247722, 24.998583], [57.8, 121.233197, 24.984414],
  [63.3, 121.195594, 24.949281], [66.4, 121.176919, 24.929544], [68.1, 121.167586, 24.917967],
  [69.9, 121.159761, 24.903297], [75.0, 121.111731, 24.893436], [88.0, 121.019031, 24.848719],
  [92.8, 121.010306, 24.808453], [95.0, 121.005247, 24.789622], [98.0, 120.998861, 24.763586],
  [104.5, 120.951897, 24.727131], [112.3, 120.904267, 24.679317], [129.2, 120.838925, 24.550442],
  [138.9, 120.781903, 24.485919], [146.5, 120.775731, 24.420514], [157.2, 120.72085, 24.339147],
  [162.1, 120.697325, 24.301186], [166.4, 120.691956, 24.262647], [169.9, 120.686625, 24.231536],
  [177.4, 120.635611, 24.184592], [180.2, 120.621933, 24.163706], [183.9, 120.617247, 24.130767],
  [190.6, 120.568131, 24.113572], [196.0, 120.52785, 24.085622], [201.1, 120.522786, 24.040639],
  [208.9, 120.506117, 23.971794], [215.6, 120.49765, 23.912769], [224.9, 120.484881, 23.830569],
  [232.2, 120.469342, 23.766328], [239.4, 120.474917, 23.702603], [242.5, 120.462281, 23.677375],
  [247.2, 120.443114, 23.639556], [251.4, 120.435417, 23.601989], [260.3, 120.405583, 23.526739],
  [267.4, 120.3777, 23.469403], [271.4, 120.361561, 23.436367], [282.7, 120.322192, 23.347469],
  [286.6, 120.298703, 23.320994], [293.0, 120.265769, 23.272589], [301.9, 120.236422, 23.197286],
  [308.3, 120.23327, 23.140751], [312.6, 120.247681, 23.104817], [318.5, 120.253025, 23.051311],
  [322.7, 120.249997, 23.014172], [325.2, 120.248175, 22.991814], [328.6, 120.249822, 22.960903],
  [336.6, 120.27215, 22.892619], [339.8, 120.284989, 22.867419], [346.0, 120.312731, 22.818039],
  [353.5, 120.334056, 22.752806], [356.1, 120.333764, 22.728956], [359.0, 120.328181, 22.703364],
  [364.0, 120.332081, 22.658892], [367.6, 120.336222, 22.627819], [368.6, 120.336647, 22.619119],
  [373.6, 120.32315, 22.581932], [374.3, 120.3218, 22.5775],
];

/** National Freeway 3 from Yingge junction (km 52.5) to Kuaiguan (km 199.1). */
const FREEWAY_3: Milepost[] = [
  [52.5, 121.3419, 24.936026], [55.9, 121.312454, 24.930225], [64.8, 121.25084, 24.878792],
  [69.8, 121.20858, 24.856558], [78.3, 121.17913, 24.797338], [84.6, 121.126, 24.79144],
  [96.1, 121.030426, 24.758442], [99.6, 120.99727, 24.755812], [102.2, 120.97227, 24.757914],
  [105.1, 120.94568, 24.753094], [112.8, 120.88964, 24.711384], [116.1, 120.860085, 24.698006],
  [121.5, 120.83824, 24.655964], [125.7, 120.814, 24.627161], [133.2, 120.76442, 24.579641],
  [139.5, 120.73325, 24.531124], [148.5, 120.68121, 24.467308], [163.3, 120.651566, 24.34112],
  [165.1, 120.635574, 24.334719], [171.0, 120.60197, 24.292881], [173.9, 120.590805, 24.269464],
  [177.9, 120.59331, 24.234648], [186.0, 120.54824, 24.177832], [194.1, 120.534546, 24.120947],
  [199.1, 120.57766, 24.102808],
];

/** Interchanges used below, as kilometre posts. */
const KM = {
  fw1Wudu: 7.7,
  fw1Xizhi: 12.5,
  fw1Wugu: 31.5,
  fw1Wangtian: 189.0,
  fw1ChanghuaJunction: 193.0,
  fw1KaohsiungEnd: 374.3,
  fw3YinggeJunction: 54.0,
  fw3ZhonggangJunction: 168.5,
  fw3Shalu: 176.0,
  fw3ChanghuaJunction: 195.5,
} as const;

/** Kaohsiung port roads between Terminal 6, the X-ray station and the freeway end. */
const KAOHSIUNG_T6_OUT: Waypoint[] = ['@BG001', [120.3225, 22.553]];
const KAOHSIUNG_XRAY_LOOP: Waypoint[] = [[120.324, 22.559], '@BX100', [120.324, 22.5625]];
const KAOHSIUNG_BYPASS_XRAY: Waypoint[] = [[120.324, 22.561]];
const KAOHSIUNG_TO_FREEWAY: Waypoint[] = [[120.3228, 22.569]];
/** Keelung west wharf to the freeway's Keelung end. */
const KEELUNG_OUT: Waypoint[] = ['@AG001', [121.7345, 25.13]];
/** Taichung port gate to Zhonggang junction along National Freeway 4. */
const TAICHUNG_PORT_TO_FREEWAY_4: Waypoint[] = [
  [120.52, 24.288], [120.535, 24.292], [120.555, 24.299], [120.578, 24.306], [120.598, 24.31],
];
/** National Freeway 2, Yingge junction west to its Dayuan end (approximate). */
const FREEWAY_2_WEST: Waypoint[] = [
  [121.315, 24.955], [121.3, 24.975], [121.285, 25.0], [121.2745, 25.0195], [121.255, 25.028],
  [121.235, 25.038], [121.215, 25.048], [121.2, 25.055],
];

interface RouteSpec {
  code: string;
  origin: string;
  destination: string;
  checkpoints?: string[];
  /** Wider where the waypoints only approximate the road. */
  corridorWidthM: number;
  via: Waypoint[];
}

const ROUTES: RouteSpec[] = [
  {
    code: 'RT-BK006-BY010',
    origin: 'BK006',
    destination: 'BY010',
    checkpoints: ['BX100'],
    corridorWidthM: 200,
    via: [
      ...KAOHSIUNG_T6_OUT, ...KAOHSIUNG_XRAY_LOOP, ...KAOHSIUNG_TO_FREEWAY,
      [120.319, 22.574], [120.3165, 22.582], [120.315, 22.589],
    ],
  },
  {
    code: 'RT-BK004-BY020',
    origin: 'BK004',
    destination: 'BY020',
    checkpoints: ['BX100'],
    corridorWidthM: 200,
    via: [
      [120.306, 22.576], [120.313, 22.5715], [120.319, 22.567], [120.3235, 22.566], '@BX100',
      [120.332, 22.5565], [120.336, 22.5535],
    ],
  },
  {
    code: 'RT-AK001-AY020',
    origin: 'AK001',
    destination: 'AY020',
    corridorWidthM: 300,
    via: [...KEELUNG_OUT, ...freeway(FREEWAY_1, 0, KM.fw1Wudu), [121.6775, 25.0855]],
  },
  {
    code: 'RT-AK001-AW040',
    origin: 'AK001',
    destination: 'AW040',
    corridorWidthM: 300,
    via: [...KEELUNG_OUT, ...freeway(FREEWAY_1, 0, KM.fw1Xizhi), [121.634, 25.0685]],
  },
  {
    code: 'RT-AK001-AY050',
    origin: 'AK001',
    destination: 'AY050',
    corridorWidthM: 300,
    via: [...KEELUNG_OUT, ...freeway(FREEWAY_1, 0, KM.fw1Wugu), [121.45, 25.0745]],
  },
  {
    // Provincial Highway 61 (West Coast Expressway) south from Bali, then to Dayuan.
    code: 'RT-AK030-CY030',
    origin: 'AK030',
    destination: 'CY030',
    corridorWidthM: 400,
    via: [
      [121.38, 25.152], [121.365, 25.143], [121.345, 25.133], [121.32, 25.125], [121.295, 25.118],
      [121.27, 25.112], [121.245, 25.108], [121.22, 25.098], [121.2, 25.088], [121.185, 25.078],
      [121.187, 25.068],
    ],
  },
  {
    code: 'RT-DK001-DY030',
    origin: 'DK001',
    destination: 'DY030',
    corridorWidthM: 400,
    via: [
      [120.515, 24.282], [120.532, 24.279], [120.545, 24.27], [120.565, 24.26], [120.585, 24.253],
      ...freeway(FREEWAY_3, KM.fw3Shalu, KM.fw3ChanghuaJunction),
      ...freeway(FREEWAY_1, KM.fw1ChanghuaJunction, KM.fw1Wangtian),
      [120.5835, 24.115],
    ],
  },
  {
    code: 'RT-BK006-DY030',
    origin: 'BK006',
    destination: 'DY030',
    checkpoints: ['BX100'],
    corridorWidthM: 500,
    via: [
      ...KAOHSIUNG_T6_OUT, ...KAOHSIUNG_XRAY_LOOP, ...KAOHSIUNG_TO_FREEWAY,
      ...freeway(FREEWAY_1, KM.fw1KaohsiungEnd, KM.fw1Wangtian),
      [120.5835, 24.115],
    ],
  },
  {
    code: 'RT-DY030-BK006',
    origin: 'DY030',
    destination: 'BK006',
    corridorWidthM: 500,
    via: [
      [120.5835, 24.115],
      ...freeway(FREEWAY_1, KM.fw1Wangtian, KM.fw1KaohsiungEnd),
      ...reversed([...KAOHSIUNG_T6_OUT, ...KAOHSIUNG_BYPASS_XRAY, ...KAOHSIUNG_TO_FREEWAY]),
    ],
  },
  {
    code: 'RT-AK001-BK006',
    origin: 'AK001',
    destination: 'BK006',
    corridorWidthM: 500,
    via: [
      ...KEELUNG_OUT,
      ...freeway(FREEWAY_1, 0, KM.fw1KaohsiungEnd),
      ...reversed([...KAOHSIUNG_T6_OUT, ...KAOHSIUNG_BYPASS_XRAY, ...KAOHSIUNG_TO_FREEWAY]),
    ],
  },
  {
    // Freeway 1 north, Freeway 3 north past Qingshui service area, Freeway 4 west to the port.
    code: 'RT-BK006-DK001',
    origin: 'BK006',
    destination: 'DK001',
    corridorWidthM: 500,
    via: [
      ...KAOHSIUNG_T6_OUT, ...KAOHSIUNG_BYPASS_XRAY, ...KAOHSIUNG_TO_FREEWAY,
      ...freeway(FREEWAY_1, KM.fw1KaohsiungEnd, KM.fw1ChanghuaJunction),
      ...freeway(FREEWAY_3, KM.fw3ChanghuaJunction, KM.fw3ZhonggangJunction),
      ...reversed(TAICHUNG_PORT_TO_FREEWAY_4),
    ],
  },
  {
    // Freeway 4 east, Freeway 3 north past Xihu service area, Freeway 2 west to Dayuan.
    code: 'RT-DK001-CY030',
    origin: 'DK001',
    destination: 'CY030',
    corridorWidthM: 500,
    via: [
      ...TAICHUNG_PORT_TO_FREEWAY_4,
      ...freeway(FREEWAY_3, KM.fw3ZhonggangJunction, KM.fw3YinggeJunction),
      ...FREEWAY_2_WEST,
    ],
  },
];

/** Waypoints along a freeway between two kilometre posts, in the direction of travel. */
function freeway(road: Milepost[], fromKm: number, toKm: number): LonLat[] {
  const lo = Math.min(fromKm, toKm);
  const hi = Math.max(fromKm, toKm);
  const points: LonLat[] = [atKm(road, lo)];
  for (const [km, lon, lat] of road) if (km > lo && km < hi) points.push([lon, lat]);
  points.push(atKm(road, hi));
  return fromKm <= toKm ? points : points.reverse();
}

function atKm(road: Milepost[], km: number): LonLat {
  for (let i = 1; i < road.length; i++) {
    const [k0, lon0, lat0] = road[i - 1];
    const [k1, lon1, lat1] = road[i];
    if (km >= k0 && km <= k1) {
      const f = (km - k0) / (k1 - k0);
      return [lon0 + (lon1 - lon0) * f, lat0 + (lat1 - lat0) * f];
    }
  }
  throw new RangeError(`km ${km} is outside the road's mileposts`);
}

function reversed<T>(list: T[]): T[] {
  return [...list].reverse();
}

function toRadians(deg: number): number {
  return (deg * Math.PI) / 180;
}

function toVector([lon, lat]: LonLat): [number, number, number] {
  const la = toRadians(lat);
  const lo = toRadians(lon);
  return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
}

function centralAngle(a: LonLat, b: LonLat): number {
  const [ax, ay, az] = toVector(a);
  const [bx, by, bz] = toVector(b);
  const cross = Math.hypot(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx);
  return Math.atan2(cross, ax * bx + ay * by + az * bz);
}

function distanceM(a: LonLat, b: LonLat): number {
  return centralAngle(a, b) * EARTH_RADIUS_M;
}

/** Point at fraction f of the great circle from a to b (spherical linear interpolation). */
function interpolate(a: LonLat, b: LonLat, f: number): LonLat {
  const omega = centralAngle(a, b);
  if (omega === 0) return a;
  const va = toVector(a);
  const vb = toVector(b);
  const wa = Math.sin((1 - f) * omega) / Math.sin(omega);
  const wb = Math.sin(f * omega) / Math.sin(omega);
  const [x, y, z] = [0, 1, 2].map((i) => wa * va[i] + wb * vb[i]);
  return [(Math.atan2(y, x) * 180) / Math.PI, (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI];
}

function densify(points: LonLat[]): LonLat[] {
  const out: LonLat[] = [points[0]];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const steps = Math.ceil(distanceM(a, b) / MAX_STEP_M);
    for (let s = 1; s <= steps; s++) out.push(s === steps ? b : interpolate(a, b, s / steps));
  }
  return out.map(([lon, lat]) => [round6(lon), round6(lat)]);
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function pathLengthM(points: LonLat[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceM(points[i - 1], points[i]);
  return total;
}

function rings(area: Polygon | MultiPolygon): Position[][][] {
  return area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
}

/** Ray casting against the outer ring minus holes; plenty for areas a few hundred metres across. */
function inside([x, y]: LonLat, area: Polygon | MultiPolygon): boolean {
  const inRing = (ring: Position[]): boolean => {
    let hit = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
    }
    return hit;
  };
  return rings(area).some(([outer, ...holes]) => inRing(outer) && !holes.some(inRing));
}

/** Vertex average of the first outer ring: inside for the convex-ish sample areas. */
function centre(area: Polygon | MultiPolygon): LonLat {
  const ring = rings(area)[0][0].slice(0, -1);
  const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return [lon, lat];
}

function buildRoute(spec: RouteSpec, facilities: Map<string, Facility>): Route {
  const facility = (code: string): Facility => {
    const f = facilities.get(code);
    if (!f) throw new Error(`${spec.code}: unknown facility ${code}`);
    return f;
  };
  const resolve = (w: Waypoint): LonLat => (typeof w === 'string' ? centre(facility(w.slice(1)).area) : w);
  const waypoints = [`@${spec.origin}` as const, ...spec.via, `@${spec.destination}` as const].map(resolve);
  const path = densify(waypoints);

  if (!inside(path[0], facility(spec.origin).area)) throw new Error(`${spec.code}: path starts outside ${spec.origin}`);
  if (!inside(path[path.length - 1], facility(spec.destination).area)) {
    throw new Error(`${spec.code}: path ends outside ${spec.destination}`);
  }
  let from = 0;
  for (const cp of spec.checkpoints ?? []) {
    const at = path.findIndex((p, i) => i >= from && inside(p, facility(cp).area));
    if (at < 0) throw new Error(`${spec.code}: path misses checkpoint ${cp}`);
    from = at;
  }

  const km = pathLengthM(path) / 1000;
  const minutes = (km / TRUCK_SPEED_KMH) * 60 + DURATION_MARGIN_MIN;
  return {
    code: spec.code,
    origin: spec.origin,
    destination: spec.destination,
    path: { type: 'LineString', coordinates: path },
    corridorWidthM: spec.corridorWidthM,
    maxDurationMin: Math.ceil(minutes / 5) * 5,
    ...(spec.checkpoints ? { checkpoints: spec.checkpoints } : {}),
    sample: true,
  };
}

/** Pretty JSON, but one [lon, lat] pair per line so the file stays readable and diffable. */
function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s+(-?[\d.e-]+),\s+(-?[\d.e-]+)\s+\]/g, '[$1, $2]') + '\n';
}

function main(): void {
  const list = JSON.parse(readFileSync(`${DATA_DIR}facilities.json`, 'utf8')) as Facility[];
  const facilities = new Map(list.map((f) => [f.code, f]));
  const routes = ROUTES.map((spec) => buildRoute(spec, facilities));
  writeFileSync(`${DATA_DIR}routes.json`, formatJson(routes));
  for (const r of routes) {
    const km = pathLengthM(r.path.coordinates as LonLat[]) / 1000;
    console.log(`${r.code.padEnd(16)} ${km.toFixed(1).padStart(6)} km ${String(r.path.coordinates.length).padStart(5)} vertices  ${r.maxDurationMin} min`);
  }
}

main();
