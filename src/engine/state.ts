// The engine's memory. Classes with every field set in the constructor keep one object shape per
// kind (fast property access on the hot path); nothing here is exposed to callers except through
// the read-only queries in queries.ts.
import { resolveParams } from '../core/alert-params.ts';
import { FacilityIndex } from '../core/geo/facility-index.ts';
import type { PreparedPolygon } from '../core/geo/polygon.ts';
import { RouteMatch, type PreparedRoute, type RouteCursor } from '../core/geo/route-index.ts';
import { newDeviceRuleStates, newSealRuleStates, newTripRuleStates } from '../core/rules/index.ts';
import type {
  AlertParams, Device, Driver, Facility, Route, SealState, Telemetry, TransportNote, TripState, Vehicle,
} from '../core/types.ts';
import { EngineRuleHost } from './rules.ts';
import { WakeHeap } from './timers.ts';

/**
 * Numbers that change with every report live in one Float64Array per record, behind accessors:
 * a double-valued object field is a separate heap box in V8, and with tens of thousands of
 * vehicles each box is a likely cache miss. Small integers, strings and references stay fields.
 */
const DEV_NUMS = 9;

/**
 * A device as the engine knows it: its definition (if registered), its live condition, and each
 * device rule's state in `ruleStates` (by its slot in the rule table, see src/core/rules/rule.ts).
 */
export class DeviceRec {
  private readonly n = new Float64Array(DEV_NUMS);
  readonly id: string;
  device: Device | null = null;
  // Device → trip resolution, cached while mapVersion equals the engine's (reset to -1 when this
  // device's trip may have changed, the engine's bumped when reference data changes).
  mapVersion = -1;
  isSeal = false;
  plate: string | null = null;
  trip: TripRec | null = null;
  // Last accepted fix (OBU), for outlier filtering and live position.
  hasFix = false;
  heading: number | null = null;
  // A rejected jump is kept: if the next fix agrees with it, the earlier anchor was the bad one.
  hasRejected = false;
  // Seal condition (a seal's own uplink or as its OBU reports it).
  sealState: SealState | null = null;
  link: 'ok' | 'lost' | null = null;
  battery: number | null = null;
  /** Each device rule's state, by its slot in the rule table (src/core/rules/index.ts). */
  readonly ruleStates: unknown[] = newDeviceRuleStates();

  constructor(id: string) {
    this.id = id;
    this.lastTsMs = -Infinity;
    this.sealStateTsMs = -Infinity;
  }

  /** Fix time of the newest report applied to live state; older ones are history only. */
  get lastTsMs(): number {
    return this.n[0];
  }
  set lastTsMs(v: number) {
    this.n[0] = v;
  }
  get lat(): number {
    return this.n[1];
  }
  set lat(v: number) {
    this.n[1] = v;
  }
  get lon(): number {
    return this.n[2];
  }
  set lon(v: number) {
    this.n[2] = v;
  }
  get fixTsMs(): number {
    return this.n[3];
  }
  set fixTsMs(v: number) {
    this.n[3] = v;
  }
  get speedKmh(): number {
    return this.n[4];
  }
  set speedKmh(v: number) {
    this.n[4] = v;
  }
  get rejLat(): number {
    return this.n[5];
  }
  set rejLat(v: number) {
    this.n[5] = v;
  }
  get rejLon(): number {
    return this.n[6];
  }
  set rejLon(v: number) {
    this.n[6] = v;
  }
  get rejTsMs(): number {
    return this.n[7];
  }
  set rejTsMs(v: number) {
    this.n[7] = v;
  }
  get sealStateTsMs(): number {
    return this.n[8];
  }
  set sealStateTsMs(v: number) {
    this.n[8] = v;
  }
}

/**
 * A seal as part of one trip: what the trip needs beyond the device's own condition, and each seal
 * rule's state in `ruleStates` (by its slot in the rule table), new with every trip the seal joins.
 */
export class SealRec {
  readonly id: string;
  readonly dev: DeviceRec;
  readonly trip: TripRec;
  /** A `locked` report was received while this seal belonged to the trip. */
  lockSeen = false;
  /** Fix time of the report that locked it; older out-of-order reports predate the sealing. */
  lockedTsMs = -Infinity;
  authorised = false;
  readonly ruleStates: unknown[] = newSealRuleStates();
  // Passive seals (CONTRACT section 8): read at points, not reporting live.
  /** Not a truck e-seal: `eseal`, `epaper_seal` or `other` on the CN. */
  passive = false;
  containerNo: string | null = null;
  applied = false;
  /** Time the earliest `applied` read was taken (NaN before). */
  appliedAtMs = NaN;
  removed = false;
  /** Time of the newest read taken of it (an older one arriving later is out of order). */
  lastReadMs = -Infinity;
  /** Reads already applied (their readId, or event, place and time): the same read again is a no-op. */
  reads: Set<string> | null = null;

  constructor(id: string, dev: DeviceRec, trip: TripRec) {
    this.id = id;
    this.dev = dev;
    this.trip = trip;
  }

  /** A truck e-seal locked for this trip and still reporting locked. */
  get locked(): boolean {
    return this.lockSeen && this.dev.sealState === 'locked';
  }
}

export class CnRec {
  note: TransportNote;
  readonly cnNo: string;
  trip: TripRec | null = null;
  cancelled = false;
  confirmed = false;
  confirmedBy: string | null = null;

  constructor(note: TransportNote) {
    this.note = note;
    this.cnNo = note.cnNo;
  }

  get requiresConfirmation(): boolean {
    return this.note.requiresConfirmation === true;
  }
}

const TRIP_NUMS = 9;

/**
 * A trip. It carries its route cursor in its own fields and each alert rule's state in
 * `ruleStates` (one object per rule, created with the trip, in the rule table's order: the rule
 * declares it, see src/core/rules/rule.ts).
 */
export class TripRec implements RouteCursor {
  private readonly n = new Float64Array(TRIP_NUMS);
  // Fields read for every position come first, so they share the object's first cache lines.
  state: TripState = 'planned';
  route: PreparedRoute | null = null;
  params: AlertParams;
  routeVersion = -1;
  facilityVersion = -1;
  // RouteCursor
  seg = 0;
  cpPending = 0;
  // Live position (a copy of the OBU's last accepted fix).
  hasPos = false;
  /** Each trip rule's state, by its slot in the rule table (src/core/rules/index.ts). */
  readonly ruleStates: unknown[] = newTripRuleStates();
  seals: SealRec[] = [];
  readonly origin: string;
  readonly destination: string;
  cpCodes: string[] = [];
  cpParts: PreparedPolygon[][] = [];
  cpPositions: Float64Array = new Float64Array(0);
  /** 1 where the route's path runs through the checkpoint's area (not merely past it). */
  cpOnPath: Uint8Array = new Uint8Array(0);
  cpStatus: Uint8Array = new Uint8Array(0);
  /** The last fix was on the route's own road (see ON_ROAD_M). */
  onRoad = false;
  // The rest changes with the trip's state, not with each position.
  readonly id: string;
  readonly plate: string;
  cns: CnRec[] = [];
  containerNos: string[] = [];
  readonly createdAtMs: number;
  departedAtMs = NaN;
  departedAt: string | null = null;
  /** Engine time the trip closed or was cancelled (see retire.ts). */
  finishedAtMs = NaN;
  arrivedAt: string | null = null;
  /** Engine time of arrival (the read's own time when a read placed it there); NaN before. */
  arrivedAtMs = NaN;
  /** Seen at its origin (a fix inside it, a gate-in or a read there): a planned trip may then depart. */
  atOrigin = false;
  /** Consecutive accepted fixes outside the origin before departure, and the first one's time. */
  outsideFixes = 0;
  outsideSinceMs = NaN;
  outsideSince = '';
  /** Departed without an OBU (gate-out or a read): supervised point to point. */
  pointToPoint = false;
  routeCode: string | null = null;
  routeDef: Route | null = null;
  /** Alerts opened for this trip and not cleared by the engine, in opening order. */
  openAlerts: string[] = [];
  /** Keys of alerts that open once per thing on this trip (OncePerTrip), null until the first. */
  onceSeen: Set<string> | null = null;

  constructor(id: string, plate: string, origin: string, destination: string, createdAtMs: number, params: AlertParams) {
    this.id = id;
    this.plate = plate;
    this.origin = origin;
    this.destination = destination;
    this.createdAtMs = createdAtMs;
    this.params = params;
    this.matchTsMs = NaN;
    this.lastFixRxMs = NaN;
    this.lastObuRxMs = NaN;
  }

  get progress(): number {
    return this.n[0];
  }
  set progress(v: number) {
    this.n[0] = v;
  }
  get maxProgress(): number {
    return this.n[1];
  }
  set maxProgress(v: number) {
    this.n[1] = v;
  }
  get matchTsMs(): number {
    return this.n[2];
  }
  set matchTsMs(v: number) {
    this.n[2] = v;
  }
  get lat(): number {
    return this.n[3];
  }
  set lat(v: number) {
    this.n[3] = v;
  }
  get lon(): number {
    return this.n[4];
  }
  set lon(v: number) {
    this.n[4] = v;
  }
  get speedKmh(): number {
    return this.n[5];
  }
  set speedKmh(v: number) {
    this.n[5] = v;
  }
  /** Engine time the last accepted fix was received. */
  get lastFixRxMs(): number {
    return this.n[6];
  }
  set lastFixRxMs(v: number) {
    this.n[6] = v;
  }
  /** Engine time the last OBU report of any kind was received. */
  get lastObuRxMs(): number {
    return this.n[7];
  }
  set lastObuRxMs(v: number) {
    this.n[7] = v;
  }
  /**
   * Fix time of the live position. Times are kept as numbers: keeping each report's time string
   * would promote one string per position out of the young generation.
   */
  get posTsMs(): number {
    return this.n[8];
  }
  set posTsMs(v: number) {
    this.n[8] = v;
  }
}

/**
 * Fixes kept out of live state since the engine started, by the filter that dropped them
 * (src/engine/telemetry.ts). A report without a position is not a fix and is not counted.
 */
export class DroppedFixes {
  /** The report's time could not be read. */
  invalidTime = 0;
  /** Older than the device's last applied report: history only. */
  late = 0;
  /** The same fix time as the device's last applied report. */
  duplicate = 0;
  /** Latitude or longitude out of range. */
  invalidPosition = 0;
  /** hdop above maxHdop. */
  imprecise = 0;
  /** Farther from the last accepted fix than the vehicle could have gone. */
  outlier = 0;
  /** The same, where both fixes report a stop (a parked vehicle's wandering fix). */
  parkedOutlier = 0;
}

export interface RouteEntry {
  def: Route;
  prepared: PreparedRoute;
  /** Thresholds for this route's trips, resolved on first use. */
  params: AlertParams | null;
}

/** Engine state. Opaque to callers: use applyInput and the queries. */
export class EngineState {
  /** The platform-wide overrides and the thresholds they resolve to (changed by an alertParams input). */
  globalOverrides: Partial<AlertParams>;
  params: AlertParams;
  clockMs = -Infinity;
  /**
   * When the platform last resumed (a platformResumed input): it heard nothing while it was down,
   * so silence rules measure from no earlier than this.
   */
  listeningSinceMs = -Infinity;
  /** The current input's `at`: every output of this step carries it. */
  at = '';
  facilities = new Map<string, Facility>();
  facilityVersion = 0;
  private index: FacilityIndex = new FacilityIndex([]);
  private indexVersion = 0;
  routes = new Map<string, RouteEntry>();
  routeByOd = new Map<string, string>();
  routesVersion = 0;
  vehicles = new Map<string, Vehicle>();
  obuPlate = new Map<string, string>();
  drivers = new Map<string, Driver>();
  devices = new Map<string, DeviceRec>();
  cns = new Map<string, CnRec>();
  trips = new Map<string, TripRec>();
  /** Non-terminal trips per plate, oldest first. */
  plateTrips = new Map<string, TripRec[]>();
  /** The last trip of each plate that closed at its destination: a lane may record the gate-in after the seals opened. */
  closedTripByPlate = new Map<string, TripRec>();
  /** Finished trips in finishing order, waiting to leave memory; and the ids of those that left. */
  finished: TripRec[] = [];
  retiredTripIds = new Set<string>();
  /** The non-terminal trip each seal belongs to. */
  sealTrip = new Map<string, TripRec>();
  /** Arrived trips waiting for each seal to report unlocked. */
  arrivedSealTrip = new Map<string, TripRec>();
  /** The non-terminal trip each container (normalised number) travels on. */
  containerTrip = new Map<string, TripRec>();
  /** Bumped by reference data that can change which trip any device's reports belong to. */
  mapVersion = 0;
  /** OBUs last resolved to each plate, so a trip change there reaches exactly them. */
  plateDevices = new Map<string, Set<DeviceRec>>();
  alertCounters = new Map<string, number>();
  /** Wake-ups: a trip rule's (target a trip) or a device rule's (target a device); kind = the rule's slot. */
  wakes = new WakeHeap<TripRec | DeviceRec>();
  /** How the rules act on the engine (alerts, wake-ups); its `out` is the current step's. */
  readonly host: EngineRuleHost = new EngineRuleHost(this);
  /** Fixes the position filters kept out of live state, by reason (see DroppedFixes). */
  readonly dropped = new DroppedFixes();
  // Scratch, reused by every fix.
  readonly match = new RouteMatch();
  readonly hits = new Int32Array(32);
  /** The device and report whose fix the current step accepted, for acceptedPosition(). */
  acceptedDev: DeviceRec | null = null;
  acceptedReport: Telemetry | null = null;
  /** Seal ids the current step's OBU report named but may not speak for, for refusedSeals(). */
  readonly refusedSeals: string[] = [];

  constructor(globalOverrides: Partial<AlertParams>) {
    this.globalOverrides = { ...globalOverrides };
    this.params = resolveParams(globalOverrides);
  }

  /** The facility index, rebuilt lazily after facility changes (reference data changes rarely). */
  facilityIndex(): FacilityIndex {
    if (this.indexVersion !== this.facilityVersion) {
      this.index = new FacilityIndex(this.facilities.values());
      this.indexVersion = this.facilityVersion;
    }
    return this.index;
  }
}

export function isPreDeparture(s: TripState): boolean {
  return s === 'planned' || s === 'sealed' || s === 'confirmed';
}

export function isTerminal(s: TripState): boolean {
  return s === 'closed' || s === 'cancelled';
}
