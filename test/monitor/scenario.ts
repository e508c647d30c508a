// A small world for monitoring tests: two facilities 10 km apart on one straight route (Kaohsiung,
// sample geometry), and per trip a tractor with its OBU, two truck e-seals and a CN.
import type { EngineInput, Facility, Route, Telemetry, TransportNote } from '../../src/core/types.ts';

export const ORIGIN = 'BKT901';
export const DESTINATION = 'BYC909';
export const SENDER_UBN = '04595252';
export const FLEET_UBN = '12345675';
export const YARD_UBN = '22099131';

const square = (lon: number, lat: number, half = 0.005) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});

export const facilities: Facility[] = [
  { code: ORIGIN, name: 'Kaohsiung Port Terminal 1 (sample)', kind: 'port_terminal', area: square(120.3, 22.6), operatorUbn: SENDER_UBN },
  { code: DESTINATION, name: 'Daliao Container Yard (sample)', kind: 'container_yard', area: square(120.4, 22.6), operatorUbn: YARD_UBN },
];

export const route: Route = {
  code: 'RT-BKT901-BYC909',
  origin: ORIGIN,
  destination: DESTINATION,
  path: { type: 'LineString', coordinates: Array.from({ length: 21 }, (_, i) => [120.3 + i * 0.005, 22.6]) },
  corridorWidthM: 200,
  maxDurationMin: 120,
  checkpoints: [],
};

const input = <T extends EngineInput['type']>(type: T, data: Extract<EngineInput, { type: T }>['data']) =>
  ({ at: new Date().toISOString(), type, data }) as EngineInput;

export function worldInputs(): EngineInput[] {
  return [...facilities.map((f) => input('facility', f)), input('route', route)];
}

export interface TripFixture {
  n: number;
  plate: string;
  obu: string;
  seals: [string, string];
  cnNo: string;
  containers: [string, string];
}

// Valid ISO 6346 numbers: owner CSQ + serial + check digit.
function containerNo(serial: number): string {
  const owner = 'CSQU';
  const digits = String(serial).padStart(6, '0');
  const s = owner + digits;
  const value = (c: string) => {
    if (/\d/.test(c)) return Number(c);
    const table = 'A10B12C13D14E15F16G17H18I19J20K21L23M24N25O26P27Q28R29S30T31U32V34W35X36Y37Z38';
    return Number(table.slice(table.indexOf(c) + 1, table.indexOf(c) + 3));
  };
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += value(s[i]) * 2 ** i;
  return s + String((sum % 11) % 10);
}

export function tripFixture(n: number, prefix = 'T'): TripFixture {
  return {
    n,
    plate: `KNA${String(6000 + n)}`,
    obu: `${prefix}OBU${n}`,
    seals: [`${prefix}S${n}A`, `${prefix}S${n}B`],
    cnNo: `CN${prefix}${String(n).padStart(8, '0')}`,
    containers: [containerNo(n * 2), containerNo(n * 2 + 1)],
  };
}

export function tripInputs(t: TripFixture, opts: { requiresConfirmation?: boolean } = {}): EngineInput[] {
  const note: TransportNote = {
    cnNo: t.cnNo,
    function: '9',
    senderUbn: SENDER_UBN,
    origin: ORIGIN,
    destination: DESTINATION,
    containers: [
      { no: t.containers[0], sealType: 'truck_eseal', sealNos: [t.seals[0]] },
      { no: t.containers[1], sealType: 'truck_eseal', sealNos: [t.seals[1]] },
    ],
    plate: t.plate,
    driverId: 'A123456789',
    transportCategory: 1,
    requiresConfirmation: opts.requiresConfirmation ?? false,
  };
  return [
    input('vehicle', { plate: t.plate, kind: 'tractor', category: 1, fleetUbn: FLEET_UBN, obuId: t.obu }),
    input('device', { id: t.obu, kind: 'obu', plate: t.plate }),
    input('device', { id: t.seals[0], kind: 'seal', obuId: t.obu }),
    input('device', { id: t.seals[1], kind: 'seal', obuId: t.obu }),
    input('transportNote', note),
  ];
}

/** A fix of the trip's OBU at progress `km` (0 = origin, 10 = destination), seals as given. */
export function fix(
  t: TripFixture,
  km: number,
  tsMs: number,
  seals: [string, string] = ['locked', 'locked'],
  extra: Partial<Telemetry> = {},
): Telemetry {
  const lon = 120.3 + (km / 10) * 0.1;
  return {
    deviceId: t.obu,
    ts: new Date(tsMs).toISOString(),
    lat: 22.6,
    lon: Math.round(lon * 1e6) / 1e6,
    speedKmh: km === 0 || km >= 10 ? 0 : 40,
    hdop: 1,
    seals: [
      { id: t.seals[0], state: seals[0] as any, link: 'ok', battery: 90 },
      { id: t.seals[1], state: seals[1] as any, link: 'ok', battery: 90 },
    ],
    ...extra,
  };
}

/**
 * A whole journey as device reports, one a minute from `startMs`: locked at the origin, then
 * along the route to the destination. `tamperAtKm` makes seal A report `tampered` from there on.
 */
export function journey(t: TripFixture, startMs: number, opts: { tamperAtKm?: number; steps?: number } = {}): Telemetry[] {
  const steps = opts.steps ?? 10;
  const out: Telemetry[] = [];
  for (let i = 0; i <= steps; i++) {
    const km = (i / steps) * 10;
    const tampered = opts.tamperAtKm !== undefined && km >= opts.tamperAtKm && km < 10;
    out.push(fix(t, km, startMs + i * 60_000, [tampered ? 'tampered' : 'locked', 'locked']));
  }
  return out;
}

export const telemetryInputs = (list: Telemetry[]): EngineInput[] => list.map((d) => input('telemetry', d));
