// What the web app reads from /api/v1, in the shapes it works with (see normalize.ts for how
// server answers are mapped onto them). Domain bodies come from the platform's own types.
export type {
  AlertParams,
  AlertType,
  ContainerEntry,
  Driver,
  Facility,
  FacilityKind,
  Route,
  Severity,
  TransportNote,
  TripState,
  Vehicle,
} from '../../../src/core/types.ts';
export { ALERT_TYPES, FACILITY_KINDS, TRIP_STATES } from '../../../src/core/types.ts';
import type { AlertType, ContainerEntry, Severity, TripState } from '../../../src/core/types.ts';

export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };
export const RESOLUTIONS = ['false_alarm', 'explained', 'escalated', 'referred_to_police'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertNote {
  at: string;
  by: string;
  text: string;
}

export interface Alert {
  id: string;
  alertType: AlertType;
  severity: Severity;
  tripId: string | null;
  cnNos: string[];
  plate: string;
  lat: number | null;
  lon: number | null;
  detail: Record<string, unknown>;
  openedAt: string;
  status: AlertStatus;
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  assignee: string | null;
  notes: AlertNote[];
  resolution: string | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface Position {
  ts: string;
  lat: number;
  lon: number;
  speedKmh?: number;
  heading?: number;
}

export interface SealStatus {
  id: string;
  state: string;
  link?: string;
  battery?: number;
  /** The latest unlock command to the seal (trip detail only): pending, sent, failed, expired or acknowledged. */
  unlock?: { status: string; attempts: number };
}

export interface TripEvent {
  at: string;
  state: TripState;
  previousState: TripState | null;
}

export interface Trip {
  id: string;
  state: TripState;
  plate: string;
  cnNos: string[];
  routeCode: string | null;
  origin: string | null;
  destination: string | null;
  driverId: string | null;
  containers: ContainerEntry[];
  declarationNos: string[];
  seals: SealStatus[];
  createdAt: string | null;
  departedAt: string | null;
  arrivedAt: string | null;
  lastPosition: Position | null;
  history: TripEvent[];
}

export interface User {
  id: string;
  username: string;
  name: string;
  companyUbn: string;
  roles: string[];
  disabled?: boolean;
}

/** A live position from /stream, keyed by plate. */
export interface LivePosition {
  plate: string;
  tripId: string | null;
  deviceId?: string;
  ts: string;
  lat: number;
  lon: number;
  speedKmh?: number;
  heading?: number;
}

export interface WebConfig {
  /** A MapLibre style URL for an online basemap; absent means the offline coastline. */
  mapStyleUrl?: string;
  /** The server's offline street map (a PMTiles file), when it has one. */
  offlineTilesUrl?: string;
  /** Target time to acknowledge an alert, in seconds (default 180). */
  ackTargetSeconds: number;
}
