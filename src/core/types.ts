// Domain types: the bodies of CONTRACT section 3 and the engine's inputs and outputs (section 2).
import type { AlertParamKey, AlertType } from './rules/index.ts';
import type { LineString, MultiPolygon, Polygon } from 'geojson';

export const FACILITY_KINDS = [
  'port_terminal',
  'container_yard',
  'warehouse',
  'inspection_station',
  'checkpoint',
  'factory',
  'rest_area',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export interface Facility {
  code: string;
  name: string;
  kind: FacilityKind;
  area: Polygon | MultiPolygon;
  /** Company (unified business number) that operates the facility, when known. */
  operatorUbn?: string;
  /** Storage codes (監管編號) served by this facility. */
  storageCodes?: string[];
  /** True for the sample reference data shipped under data/. */
  sample?: boolean;
}

/**
 * Alert thresholds; every field has a global default and may be overridden per route. Each rule
 * declares its own (src/core/rules/*.ts, `params`); this is all of them.
 */
export type AlertParams = Record<AlertParamKey, number>;

export interface Route {
  code: string;
  origin: string;
  destination: string;
  path: LineString;
  corridorWidthM?: number;
  maxDurationMin: number;
  checkpoints?: string[];
  /** Per-route overrides of the global alert thresholds. */
  alertParams?: Partial<AlertParams>;
  sample?: boolean;
}

export const VEHICLE_KINDS = ['tractor', 'truck', 'trailer'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];

export interface Vehicle {
  plate: string;
  kind: VehicleKind;
  /** G14E4 transport-tool category, 1..7. */
  category: number;
  fleetUbn?: string;
  obuId?: string;
}

export interface Driver {
  nationalId: string;
  name: string;
  fleetUbn?: string;
  rfidCard?: string;
  plates?: string[];
  /** Whom the monitoring centre calls about an alert; not handed to the engine. */
  phone?: string;
}

export const DEVICE_KINDS = ['obu', 'seal'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface Device {
  id: string;
  kind: DeviceKind;
  model?: string;
  /** For an OBU: the vehicle it is installed on. */
  plate?: string;
  /** For a seal: the OBU it is paired to. */
  obuId?: string;
  supplierUbn?: string;
}

export const SEAL_TYPES = ['truck_eseal', 'eseal', 'epaper_seal', 'other'] as const;
export type SealType = (typeof SEAL_TYPES)[number];

export interface ContainerEntry {
  no: string;
  sealType: SealType;
  sealNos: string[];
}

export type CnFunction = '9' | '5' | '1';

export interface TransportNote {
  cnNo: string;
  function: CnFunction;
  senderUbn: string;
  origin: string;
  destination: string;
  routeCode?: string;
  containers: ContainerEntry[];
  plate: string;
  driverId: string;
  transportCategory: number;
  declarationNo?: string;
  releaseCode?: string;
  requiresConfirmation: boolean;
}

export interface GateEvent {
  facility: string;
  lane: string;
  direction: 'in' | 'out';
  plate: string;
  containerNos: string[];
  sealNos?: string[];
  source: 'ocr' | 'manual';
  /** The lane's own clock when it captured the passage (CONTRACT section 9). */
  capturedAt?: string;
  /** OCR confidence (0–1) per field read; containers in the order of containerNos. */
  confidence?: { plate?: number; containers?: number[] };
  /** Ids of the stored photos of the passage. */
  images?: string[];
  /** The platform's id of the passage (the lane view's record of it, and its answer). */
  passageId?: string;
}

export const CLEARANCE_KINDS = ['import', 'export', 'transit'] as const;
export type ClearanceKind = (typeof CLEARANCE_KINDS)[number];
export const CLEARANCE_STATUSES = ['declared', 'released', 'held', 'cancelled'] as const;
export type ClearanceStatus = (typeof CLEARANCE_STATUSES)[number];

/** A declaration's clearance from the customs clearance system (CONTRACT section 9); the latest statusAt stands. */
export interface Clearance {
  declarationNo: string;
  kind: ClearanceKind;
  containerNos: string[];
  status: ClearanceStatus;
  /** `1` or `B`: the containers may only travel under a CN with seals. */
  releaseCode?: string;
  statusAt: string;
  importerUbn?: string;
}

export const YARD_EVENT_KINDS = ['discharged', 'loaded', 'moved'] as const;
export type YardEventKind = (typeof YARD_EVENT_KINDS)[number];

/** A terminal operating system's report of a container handled in its yard (CONTRACT section 9). */
export interface YardEvent {
  facility: string;
  containerNo: string;
  event: YardEventKind;
  equipmentId?: string;
  /** Where in the yard: block/bay/row/tier. */
  position?: string;
}

export const SEAL_STATES = ['free', 'inserted', 'locked', 'unlocked', 'tampered'] as const;
export type SealState = (typeof SEAL_STATES)[number];

export interface SealReport {
  id: string;
  state: SealState;
  link?: 'ok' | 'lost';
  battery?: number;
}

/** One report from a device: an OBU (position + the seals it sees) or a seal's own uplink. */
export interface Telemetry {
  deviceId: string;
  ts: string;
  lat?: number;
  lon?: number;
  speedKmh?: number;
  heading?: number;
  hdop?: number;
  battery?: number;
  rfidCard?: string;
  seals?: SealReport[];
  /** Seal's own uplink: its state. */
  state?: SealState;
}

export const SEAL_READ_EVENTS = ['applied', 'checked', 'removed'] as const;
export type SealReadEvent = (typeof SEAL_READ_EVENTS)[number];
export const SEAL_READERS = ['phone_nfc', 'phone_camera', 'lane_reader', 'handheld', 'manual'] as const;
export type SealReader = (typeof SEAL_READERS)[number];

/**
 * A passive seal read at a point (CONTRACT section 8): put on at the origin (`applied`), read at a
 * gate, checkpoint or the destination (`checked`), or cut off (`removed`). Placed by `facility`,
 * else by lat/lon. `readId` (made by the reader) makes a read idempotent: the same id twice is one
 * read; `readAt` is when it was taken (a phone may upload it hours later), default the input's time.
 */
export interface SealRead {
  sealNo: string;
  event: SealReadEvent;
  facility?: string;
  lat?: number;
  lon?: number;
  containerNo?: string;
  reader: SealReader;
  readerId?: string;
  by?: string;
  photoSha256?: string;
  readId?: string;
  readAt?: string;
}

export interface SealConfirmation {
  cnNo: string;
  confirmedBy: string;
}

export interface ManualUnseal {
  sealId: string;
  by: string;
  reason: string;
}

export interface PlatformResumed {
  /** The time of the last stored input before the restart. */
  lastInputAt: string | null;
  /** Until when the previous run ticked, as far as its stored outputs tell (at least lastInputAt). */
  aliveUntil?: string | null;
}

export const REFERENCE_KINDS = ['facility', 'route', 'vehicle', 'driver', 'device'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export type EngineInput =
  | { at: string; type: 'facility'; data: Facility }
  | { at: string; type: 'route'; data: Route }
  | { at: string; type: 'vehicle'; data: Vehicle }
  | { at: string; type: 'driver'; data: Driver }
  | { at: string; type: 'device'; data: Device }
  | { at: string; type: 'transportNote'; data: TransportNote }
  | { at: string; type: 'sealConfirmation'; data: SealConfirmation }
  | { at: string; type: 'gateEvent'; data: GateEvent }
  | { at: string; type: 'telemetry'; data: Telemetry }
  | { at: string; type: 'unseal'; data: ManualUnseal }
  | { at: string; type: 'sealRead'; data: SealRead }
  | { at: string; type: 'clearance'; data: Clearance }
  | { at: string; type: 'yardEvent'; data: YardEvent }
  /** A record taken out of the registry (by code, plate, national ID or device id): the engine forgets it. */
  | { at: string; type: 'referenceDeleted'; data: { kind: ReferenceKind; code: string } }
  /** The platform-wide alert thresholds (the whole set of global overrides; absent keys take the defaults). */
  | { at: string; type: 'alertParams'; data: Partial<AlertParams> }
  /**
   * The platform started again. Its previous run is known to have ticked until `aliveUntil` (its last
   * input, or a later output a timer raised): those ticks are replayed first, then the clock jumps
   * here. The silence in between was the platform's, not the devices': silence rules count from here.
   */
  | { at: string; type: 'platformResumed'; data: PlatformResumed }
  | { at: string; type: 'tick'; data: Record<string, never> };
export type EngineInputType = EngineInput['type'];

export const TRIP_STATES = ['planned', 'sealed', 'confirmed', 'in_transit', 'arrived', 'closed', 'cancelled'] as const;
export type TripState = (typeof TRIP_STATES)[number];

// The alert types are the rules' (src/core/rules/index.ts), in table order.
export { ALERT_TYPES } from './rules/index.ts';
export type { AlertType };
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface TripOutput {
  tripId: string;
  cnNos: string[];
  plate: string;
  state: TripState;
  previousState: TripState | null;
}

export interface AlertOutput {
  alertId: string;
  alertType: AlertType;
  severity: Severity;
  tripId: string | null;
  cnNos: string[];
  plate: string;
  /** The container an alert of a container movement is about (CONTRACT section 9). */
  containerNo?: string;
  lat: number | null;
  lon: number | null;
  detail: Record<string, unknown>;
}

export interface AlertClearedOutput {
  alertId: string;
  alertType: AlertType;
  tripId: string | null;
}

export interface CommandOutput {
  deviceId: string;
  command: 'unlock';
  tripId?: string;
}

/** A position accepted into live state, for the store and /stream (not a replay output line). */
export interface PositionOutput {
  tripId: string | null;
  plate: string;
  deviceId: string;
  ts: string;
  lat: number;
  lon: number;
  speedKmh?: number;
  heading?: number;
}

/** More found about an alert already open (another seal of the same tampering): detail fields to merge. */
export interface AlertUpdatedOutput {
  alertId: string;
  alertType: AlertType;
  tripId: string | null;
  detail: Record<string, unknown>;
}

export type EngineOutput =
  | { at: string; type: 'trip'; data: TripOutput }
  | { at: string; type: 'alert'; data: AlertOutput }
  | { at: string; type: 'alertCleared'; data: AlertClearedOutput }
  | { at: string; type: 'alertUpdated'; data: AlertUpdatedOutput }
  | { at: string; type: 'command'; data: CommandOutput };

/** A seal as shown on a trip (engine query). */
export interface SealView {
  id: string;
  /** Last reported state; null until the seal has reported. */
  state: SealState | null;
  link: 'ok' | 'lost' | null;
  battery: number | null;
  /** Time of the last report about this seal. */
  lastTs: string | null;
}

/** A trip as the engine knows it now (engine query for the live server). */
export interface TripView {
  tripId: string;
  cnNos: string[];
  plate: string;
  state: TripState;
  origin: string;
  destination: string;
  routeCode: string | null;
  containerNos: string[];
  seals: SealView[];
  lastPosition: { lat: number; lon: number; ts: string; speedKmh: number | null } | null;
  departedAt: string | null;
  arrivedAt: string | null;
  /** Alerts opened on this trip and not cleared by the engine, oldest first. */
  openAlerts: string[];
}
