// A small test fleet made through the real API: vehicles with an OBU and a truck e-seal, a driver,
// a transport note each, and telemetry posted with each OBU's own credentials.
import { containerCheckDigit } from '../../src/core/ids/container-number.ts';
import { validateNationalId } from '../../src/core/ids/national-id.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import type { Harness } from './harness.ts';

export interface TestVehicle {
  plate: string;
  obuId: string;
  secret: string;
  sealId: string;
  containerNo: string;
  cnNo: string;
  driverId: string;
  declarationNo: string;
  /** Fix time of the last report: reports are stamped now, never earlier than the last. */
  clock: number;
}

export function containerNo(owner: string, serial: number): string {
  const first10 = `${owner}U${String(serial).padStart(6, '0')}`;
  return first10 + containerCheckDigit(first10);
}

export function nationalId(letter: string, serial: number): string {
  const stem = `${letter}1${String(serial).padStart(7, '0')}`;
  for (let d = 0; d <= 9; d++) if (validateNationalId(stem + d).ok) return stem + d;
  throw new Error('no check digit');
}

type Pos = [number, number];

/** The point a fraction of the way along a path, by distance (planar, fine at truck scale). */
export function alongPath(path: Pos[], fraction: number): Pos {
  const seg = path.slice(1).map((p, i) => Math.hypot(p[0] - path[i][0], p[1] - path[i][1]));
  const total = seg.reduce((a, b) => a + b, 0);
  let left = Math.max(0, Math.min(1, fraction)) * total;
  for (let i = 0; i < seg.length; i++) {
    if (left <= seg[i] || i === seg.length - 1) {
      const f = seg[i] === 0 ? 0 : Math.min(1, left / seg[i]);
      return [path[i][0] + (path[i + 1][0] - path[i][0]) * f, path[i][1] + (path[i + 1][1] - path[i][1]) * f];
    }
    left -= seg[i];
  }
  return path[path.length - 1];
}

export class TestFleet {
  readonly vehicles: TestVehicle[] = [];
  constructor(
    private h: Harness,
    readonly route: { code: string; origin: string; destination: string; path: { coordinates: Pos[] } },
  ) {}

  async add(i: number): Promise<TestVehicle> {
    const plate = `KNA${6001 + i}`;
    const v: TestVehicle = {
      plate,
      obuId: `OBU${6001 + i}`,
      secret: '',
      sealId: `SEAL${6001 + i}`,
      containerNo: containerNo('CSQ', 305400 + i),
      cnNo: `CN${String(114030500 + i)}`,
      driverId: nationalId('A', 2345670 + i),
      declarationNo: `BE14${String(1000000 + i).padStart(8, '0')}`,
      clock: 0,
    };
    await this.h.api('POST', '/vehicles', { plate, kind: 'tractor', category: 1 });
    await this.h.api('POST', '/drivers', { nationalId: v.driverId, name: ['王大明', '林志強', '張家豪', '李建宏'][i % 4], plates: [plate] });
    const obu = await this.h.api<{ secret: string }>('POST', '/devices', { id: v.obuId, kind: 'obu', plate });
    v.secret = obu.secret;
    await this.h.api('POST', '/devices', { id: v.sealId, kind: 'seal', obuId: v.obuId });
    await this.h.api('POST', '/transport-notes', {
      cnNo: v.cnNo,
      function: '9',
      senderUbn: CUSTOMS_UBN,
      origin: this.route.origin,
      destination: this.route.destination,
      routeCode: this.route.code,
      containers: [{ no: v.containerNo, sealType: 'truck_eseal', sealNos: [v.sealId] }],
      plate,
      driverId: v.driverId,
      transportCategory: 1,
      declarationNo: v.declarationNo,
      releaseCode: '1',
      requiresConfirmation: false,
    });
    this.vehicles.push(v);
    return v;
  }

  /** One OBU report at a point of the route (fraction 0 = origin), the seal as given. */
  async report(v: TestVehicle, fraction: number, seal: 'locked' | 'tampered' = 'locked'): Promise<void> {
    v.clock = Math.max(v.clock + 1, Date.now());
    const [lon, lat] = alongPath(this.route.path.coordinates, fraction);
    const body = { deviceId: v.obuId, ts: new Date(v.clock).toISOString(), lat, lon, speedKmh: 42, heading: 90, hdop: 1, battery: 88, seals: [{ id: v.sealId, state: seal, link: 'ok', battery: 90 }] };
    await this.h.api('POST', '/telemetry', body, `Basic ${Buffer.from(`${v.obuId}:${v.secret}`).toString('base64')}`);
  }
}
