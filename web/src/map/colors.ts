// One colour per trip state and per severity, used by the map, the legend and the charts.
import type { FacilityKind, Severity, TripState } from '../api/types.ts';

export const TRIP_STATE_COLORS: Record<TripState, string> = {
  planned: '#8a9bb0',
  sealed: '#6fa8dc',
  confirmed: '#4fc3f7',
  in_transit: '#2ecc71',
  arrived: '#b39ddb',
  closed: '#607080',
  cancelled: '#505a66',
};

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#ff3b30',
  high: '#ff9500',
  medium: '#ffd60a',
  low: '#7fb3ff',
};

export const FACILITY_COLORS: Record<FacilityKind, string> = {
  port_terminal: '#3a86ff',
  container_yard: '#00b4d8',
  warehouse: '#9b5de5',
  inspection_station: '#f15bb5',
  checkpoint: '#fee440',
  factory: '#00f5d4',
  rest_area: '#adb5bd',
};

/** A MapLibre `match` expression over a property, from a colour table. */
export function matchColor(property: string, table: Record<string, string>, fallback: string): any {
  return ['match', ['get', property], ...Object.entries(table).flat(), fallback];
}

/** The dark edge of a vehicle without an open alert: the sea's colour, so it reads on any base. */
export const BACKGROUND_EDGE = '#0b1a2b';

/** `#rrggbb` as 0..1 RGBA, for WebGL. */
export function rgba(hex: string): [number, number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, 1];
}
