// A small world for engine and rule tests: a straight sample road east of Kaohsiung port, from
// terminal KHH-T1 (120.30) to yard KHH-CY9 (120.40) along latitude 22.6, an X-ray station at 120.35,
// a bonded warehouse beside the road and a rest area. Helpers drive one vehicle (KNA6001, OBU1,
// seals S1 and S2) through the engine and collect outputs.
import type { AlertParams, AlertOutput, EngineInput, EngineOutput, Facility, Route, SealReport, TransportNote } from '../../src/core/types.ts';
import { applyInput, createEngineState, getTrip, type EngineState } from '../../src/engine/index.ts';

export const T0 = Date.parse('2025-03-03T08:00:00+08:00');
export const LAT = 22.6;
export const TRIP = 'TR-CN25000001';

export function iso(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
}

export function square(lon: number, lat: number, half: number): Facility['area'] {
  return {
    type: 'Polygon',
    coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
  };
}

export const FACILITIES: Facility[] = [
  { code: 'KHH-T1', name: 'Terminal 1', kind: 'port_terminal', area: square(120.3, LAT, 0.005) },
  { code: 'KHH-CY9', name: 'Yard 9', kind: 'container_yard', area: square(120.4, LAT, 0.005) },
  { code: 'KHH-X1', name: 'X-ray station', kind: 'inspection_station', area: square(120.35, LAT, 0.001) },
  { code: 'KHH-W5', name: 'Bonded warehouse', kind: 'warehouse', area: square(120.37, LAT + 0.0012, 0.001) },
  { code: 'KHH-R1', name: 'Rest area', kind: 'rest_area', area: square(120.32, LAT + 0.0012, 0.001) },
];

export function roadRoute(extra: Partial<Route> = {}): Route {
  const coordinates: number[][] = [];
  for (let i = 0; i <= 20; i++) coordinates.push([Math.round((120.3 + i * 0.005) * 1e6) / 1e6, LAT]);
  return {
    code: 'R1',
    origin: 'KHH-T1',
    destination: 'KHH-CY9',
    path: { type: 'LineString', coordinates },
    corridorWidthM: 200,
    maxDurationMin: 120,
    checkpoints: [],
    ...extra,
  };
}

export function note(extra: Partial<TransportNote> = {}): TransportNote {
  return {
    cnNo: 'CN25000001',
    function: '9',
    senderUbn: '04595252',
    origin: 'KHH-T1',
    destination: 'KHH-CY9',
    containers: [
      { no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S1'] },
      { no: 'ZEPU0037255', sealType: 'truck_eseal', sealNos: ['S2'] },
    ],
    plate: 'KNA6001',
    driverId: 'A123456789',
    transportCategory: 1,
    requiresConfirmation: false,
    ...extra,
  };
}

export const LOCKED: SealReport[] = [
  { id: 'S1', state: 'locked', link: 'ok' },
  { id: 'S2', state: 'locked', link: 'ok' },
];

export interface SetupOptions {
  route?: Partial<Route>;
  note?: Partial<TransportNote>;
  params?: Partial<AlertParams>;
  /** Stop before departure (trip sealed, vehicle at the terminal). */
  stayAtOrigin?: boolean;
}

export class Sim {
  readonly st: EngineState;
  t = T0;
  readonly all: EngineOutput[] = [];

  constructor(params: Partial<AlertParams> = {}) {
    this.st = createEngineState(params);
  }

  /** Applies one input at engine time atMs (default: the current time); returns its outputs. */
  apply(type: EngineInput['type'], data: unknown, atMs = this.t): EngineOutput[] {
    const out = applyInput(this.st, { at: iso(atMs), type, data } as EngineInput, atMs);
    this.all.push(...out);
    return out;
  }

  wait(seconds: number): this {
    this.t += seconds * 1000;
    return this;
  }

  /** An OBU report at the current engine time (fix time = engine time unless tsMs is given). */
  fix(lon: number, lat: number, extra: Record<string, unknown> = {}, tsMs = this.t): EngineOutput[] {
    return this.apply('telemetry', { deviceId: 'OBU1', ts: iso(tsMs), lat, lon, speedKmh: 40, hdop: 1, seals: LOCKED, ...extra });
  }

  tick(): EngineOutput[] {
    return this.apply('tick', {});
  }

  /** Reference data, the CN, sealing at the terminal, and (unless stayAtOrigin) departure at 120.31. */
  setup(o: SetupOptions = {}): this {
    for (const f of FACILITIES) this.apply('facility', f);
    this.apply('route', roadRoute(o.route));
    this.apply('vehicle', { plate: 'KNA6001', kind: 'tractor', category: 1, obuId: 'OBU1' });
    this.apply('device', { id: 'OBU1', kind: 'obu', plate: 'KNA6001' });
    this.apply('device', { id: 'S1', kind: 'seal' });
    this.apply('device', { id: 'S2', kind: 'seal' });
    this.apply('transportNote', note(o.note));
    this.wait(60).fix(120.3, LAT, { speedKmh: 0 });
    if (o.stayAtOrigin) return this;
    this.wait(60).fix(120.31, LAT);
    return this;
  }

  /** Drives along the road (or parallel to it, latOffset degrees north) one fix every `every` s. */
  drive(fromLon: number, toLon: number, step = 0.005, every = 60, latOffset = 0): this {
    const n = Math.round((toLon - fromLon) / step);
    for (let i = 1; i <= n; i++) this.wait(every).fix(Math.round((fromLon + i * step) * 1e6) / 1e6, LAT + latOffset);
    return this;
  }

  alerts(type?: string): AlertOutput[] {
    return this.all.filter((o) => o.type === 'alert' && (type === undefined || o.data.alertType === type)).map((o) => o.data as AlertOutput);
  }

  cleared(type?: string): string[] {
    return this.all
      .filter((o) => o.type === 'alertCleared' && (type === undefined || o.data.alertType === type))
      .map((o) => (o.data as { alertId: string }).alertId);
  }

  states(): string[] {
    return this.all.filter((o) => o.type === 'trip').map((o) => (o.data as { state: string }).state);
  }

  tripState(id = TRIP): string | undefined {
    return getTrip(this.st, id)?.state;
  }
}

export function types(out: EngineOutput[]): string[] {
  return out.map((o) => (o.type === 'alert' ? `alert:${o.data.alertType}` : o.type === 'trip' ? `trip:${o.data.state}` : o.type === 'alertCleared' ? `cleared:${o.data.alertType}` : o.type === 'alertUpdated' ? `updated:${o.data.alertType}` : `command:${o.data.deviceId}`));
}
