// Bodies and companies shared by the registry tests.
import type { Facility, Route } from '../../src/core/types.ts';

export const UBN = {
  yard: '12345681',
  fleetA: '12345686',
  fleetB: '12345692',
  trader: '12345697',
  supplier: '12345704',
  judicial: '12345709',
} as const;

/** A square area of `size` degrees with its south-west corner at lon, lat. */
export function square(lon: number, lat: number, size = 0.005): Facility['area'] {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ],
    ],
  };
}

export function facility(code: string, kind: Facility['kind'], lon: number, lat: number, extra: Partial<Facility> = {}): Facility {
  return { code, name: `Facility ${code}`, kind, area: square(lon, lat), ...extra };
}

export const TERMINAL = facility('BK006', 'port_terminal', 120.31, 22.54);
export const YARD = facility('BY010', 'container_yard', 120.31, 22.59);
export const XRAY = facility('BX100', 'inspection_station', 120.32, 22.56);

export function route(code = 'RT-BK006-BY010', extra: Partial<Route> = {}): Route {
  return {
    code,
    origin: 'BK006',
    destination: 'BY010',
    path: { type: 'LineString', coordinates: [[120.3125, 22.5425], [120.3225, 22.5625], [120.3125, 22.5925]] },
    maxDurationMin: 60,
    checkpoints: ['BX100'],
    ...extra,
  };
}
