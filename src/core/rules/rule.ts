// What an alert rule declares to the engine, and what the engine offers it. A rule is one file: its
// type and severity, its thresholds with their defaults, the state it keeps (per trip, per device
// or per seal of a trip), and the moments it acts on (an accepted fix, an OBU report, departure,
// a device or seal report, a gate passage, its own wake-up, the end of transit). The table in
// index.ts lists the rules; the engine resolves the table into one array per moment at load time,
// so adding a rule adds no lookup to the per-report path.
import type { PreparedRoute } from '../geo/route-index.ts';
import type {
  AlertParams, AlertType, Clearance, Facility, GateEvent, Route, SealReadEvent, SealReader, SealState, TransportNote, TripState,
} from '../types.ts';

/** A CN of a trip as a rule may read it. */
export interface RuleCn {
  readonly cnNo: string;
  readonly note: TransportNote;
  readonly cancelled: boolean;
  readonly confirmed: boolean;
  readonly requiresConfirmation: boolean;
}

/** A seal as part of one trip. */
export interface RuleSeal {
  readonly id: string;
  readonly trip: RuleTrip;
  /** An authorised person unsealed it (manual unseal, or the platform's unlock on arrival). */
  readonly authorised: boolean;
  /** Fix time of the report that locked it for this trip (-Infinity before). */
  readonly lockedTsMs: number;
  /** A truck e-seal locked for this trip and still reporting locked. */
  readonly locked: boolean;
  /** A seal read at points (`eseal`, `epaper_seal`, `other`), not a truck e-seal reporting live. */
  readonly passive: boolean;
  /** The container the CN binds it to (its number as written on the CN), or null. */
  readonly containerNo: string | null;
  /** A passive seal: read `applied` for this trip, and when (the read's own time; NaN before). */
  readonly applied: boolean;
  readonly appliedAtMs: number;
  /** A passive seal: read `removed`. */
  readonly removed: boolean;
}

/** A trip as a rule may read it. */
export interface RuleTrip {
  readonly id: string;
  readonly plate: string;
  readonly origin: string;
  readonly destination: string;
  readonly state: TripState;
  readonly params: AlertParams;
  readonly cns: readonly RuleCn[];
  readonly containerNos: readonly string[];
  readonly seals: readonly RuleSeal[];
  readonly hasPos: boolean;
  readonly lat: number;
  readonly lon: number;
  /** Engine time the last OBU report of any kind was received (NaN before any). */
  readonly lastObuRxMs: number;
  /** Engine time the last accepted fix was received (NaN before any). */
  readonly lastFixRxMs: number;
  readonly departedAtMs: number;
  readonly departedAt: string | null;
  /** Engine time of arrival (NaN before). */
  readonly arrivedAtMs: number;
  /** The trip left without an OBU (by a gate-out or a read): supervised point to point, by reads and gates. */
  readonly pointToPoint: boolean;
  /** Keys of alerts that open once per thing on this trip (OncePerTrip in point-to-point.ts). */
  onceSeen?: Set<string> | null;
  readonly route: PreparedRoute | null;
  readonly routeDef: Route | null;
  readonly routeCode: string | null;
  readonly maxProgress: number;
  cpPending: number;
  readonly cpCodes: readonly string[];
  readonly cpPositions: Float64Array;
  readonly cpStatus: Uint8Array;
}

/**
 * The facts of one accepted in-transit fix, filled in by the engine before the rules see it (one
 * object reused for every fix: read it, do not keep it).
 */
export interface FixFacts {
  lat: number;
  lon: number;
  /** Fix time. */
  tsMs: number;
  /** Reported speed, else derived from the previous fix; NaN when unknown. */
  speedKmh: number;
  /** The previous fix came within signalLostSeconds (durations never span a silence). */
  fresh: boolean;
  /** The trip has a route, and then: the fix is outside its corridor, and how far from the path. */
  hasRoute: boolean;
  outsideCorridor: boolean;
  distM: number;
  /** Inside some facility area (any kind). */
  inFacility: boolean;
  /** The unauthorised facility containing the fix, or null (see unauthorized-facility.ts). */
  unauthorizedFacility: string | null;
}

/** A device (OBU or seal) as a rule may read it: its live condition. */
export interface RuleDevice {
  readonly id: string;
  /** An OBU's vehicle, or the trip's of a seal that reported by itself; null when unknown. */
  readonly plate: string | null;
  /** Its last accepted fix (an OBU's). */
  readonly hasFix: boolean;
  readonly lat: number;
  readonly lon: number;
  readonly battery: number | null;
  readonly link: 'ok' | 'lost' | null;
  readonly sealState: SealState | null;
}

/**
 * One device report applied to live state: an OBU's own (a newer one), a seal as its OBU relays it,
 * or a seal's own uplink (a newer one). Filled in by the engine before the rules see it, the
 * device's condition already updated (one object reused for every report: read it, do not keep it).
 */
export interface DeviceReport {
  kind: 'obu' | 'seal';
  /** The trip the report belongs to (the OBU's, or the seal's), or null. */
  trip: RuleTrip | null;
  /** Fix time of the report. */
  tsMs: number;
  /** The battery percent reported (NaN when the report has none), and the device's before (NaN before any). */
  battery: number;
  prevBattery: number;
  /** A seal's Bluetooth link as its OBU reports it (null when not reported), and the seal's before. */
  link: 'ok' | 'lost' | null;
  prevLink: 'ok' | 'lost' | null;
}

/**
 * A seal state reported for a seal of a trip (one object reused: read it, do not keep it). In-order
 * reports come when the state changed; an out-of-order one only when it says `tampered`, which is
 * evidence whatever its age.
 */
export interface SealStateReport {
  state: SealState;
  /** The seal's state before this report (for an out-of-order report: its current state). */
  previous: SealState | null;
  late: boolean;
  /** Fix time of the report, and its time as sent. */
  tsMs: number;
  ts: string;
  /** The report's own position, when it has one. */
  hasPos: boolean;
  lat: number;
  lon: number;
}

/** What the engine does for a rule. */
export interface RuleHost {
  /** The engine clock. */
  readonly clockMs: number;
  /** When the platform last resumed after being down (-Infinity if never): silence is measured from no earlier. */
  readonly listeningSinceMs: number;
  /** The platform-wide thresholds (for a device on no trip). */
  readonly params: AlertParams;
  /** An alert on a trip, positioned at the trip's last position. */
  openTripAlert(alertType: AlertType, trip: RuleTrip, detail: Record<string, unknown>): string;
  /**
   * Any alert: `subject` numbers its episodes (`${subject}:${alertType}:${n}`, the trip's id for a
   * trip's alert); `trip` is null for an alert on no trip.
   */
  openAlert(
    alertType: AlertType, subject: string, trip: RuleTrip | null, plate: string, lat: number | null, lon: number | null,
    detail: Record<string, unknown>,
  ): string;
  /** An alert about a container movement: numbered per container, placed where it was seen, naming it. */
  openContainerAlert(alertType: AlertType, c: ContainerSighting, detail: Record<string, unknown>): string;
  clearAlert(alertId: string, alertType: AlertType, trip: RuleTrip | null): void;
  /**
   * Merges `detail` into an alert already opened: into the opening itself while it is still this
   * step's output, else as an `alertUpdated` output.
   */
  amendAlert(alertId: string, alertType: AlertType, trip: RuleTrip | null, detail: Record<string, unknown>): void;
  /** A wake-up of `rule` for `trip` at `dueMs` (engine clock); advisory: the rule re-checks. */
  schedule<S>(dueMs: number, rule: TripRule<S>, trip: RuleTrip): void;
  /** A wake-up of a device rule for `device` at `dueMs` (engine clock); advisory: the rule re-checks. */
  scheduleDevice<S>(dueMs: number, rule: DeviceRule<S>, device: RuleDevice): void;
  /** A time for alert details, in the offset of the engine's input times. */
  isoAt(ms: number): string | null;
  facility(code: string): Facility | undefined;
  /** The point lies inside the facility's area. */
  inFacility(code: string, lon: number, lat: number): boolean;
  /** The middle of the facility's (first) area, for an alert with no vehicle position; null if unknown. */
  facilityCentre(code: string): { lat: number; lon: number } | null;
  /** The trip (not finished) a seal is bound to, or null. */
  sealTrip(sealId: string): RuleTrip | null;
  /** The trip (not finished) carrying a container (normalised number), or null. */
  containerTrip(containerNo: string): RuleTrip | null;
  /** The clearances naming a container (normalised number), each at its latest statusAt (CONTRACT section 9). */
  clearancesOf(containerNo: string): readonly Clearance[];
}

/**
 * A rule evaluated per trip. `S` is its state on each trip (`newState()` at trip creation); every
 * hook is optional and receives the rule's own state. Hooks run in table order.
 */
export interface TripRule<S> {
  readonly alertType: AlertType;
  newState(): S;
  /** An accepted fix of an in-transit trip (not the one that arrives). */
  fix?(host: RuleHost, trip: RuleTrip, s: S, f: FixFacts): void;
  /** A newer OBU report reached the trip (any state), with or without a fix. */
  report?(host: RuleHost, trip: RuleTrip, s: S): void;
  /** The trip left its origin (it is now in transit). */
  depart?(host: RuleHost, trip: RuleTrip, s: S): void;
  /** The trip reached its destination, before it is marked arrived. */
  arrive?(host: RuleHost, trip: RuleTrip, s: S): void;
  /** A wake-up scheduled through host.schedule fell due. */
  wake?(host: RuleHost, trip: RuleTrip, s: S): void;
  /** Transit ended (arrival): the rule's condition ("in transit and ...") no longer holds. */
  end?(host: RuleHost, trip: RuleTrip, s: S): void;
  /** A CN was accepted onto the trip (a new trip's first, or one joining it). */
  cnAccepted?(host: RuleHost, trip: RuleTrip, s: S, cn: RuleCn): void;
}

/**
 * A rule evaluated per device (OBU or seal). `S` is its state on each device (`newState()` when the
 * engine first meets the device); every hook is optional and receives the rule's own state. Hooks
 * run in table order.
 */
export interface DeviceRule<S> {
  readonly alertType: AlertType;
  newState(): S;
  /** A device report reached live state (see DeviceReport); host-side filters already applied. */
  report?(host: RuleHost, device: RuleDevice, s: S, r: DeviceReport): void;
  /** A wake-up scheduled through host.scheduleDevice fell due. */
  wake?(host: RuleHost, device: RuleDevice, s: S): void;
  /** The trip the device belonged to (a seal of it, or its vehicle's OBU) closed or was cancelled. */
  tripEnd?(host: RuleHost, device: RuleDevice, s: S, trip: RuleTrip): void;
}

/**
 * A rule evaluated per seal of a trip. `S` is its state on each seal of each trip (`newState()`
 * when the seal joins the trip), so an episode on one trip says nothing about the seal's next.
 */
export interface SealRule<S> {
  readonly alertType: AlertType;
  newState(): S;
  /** A seal state was reported for the seal (see SealStateReport). */
  state(host: RuleHost, seal: RuleSeal, s: S, r: SealStateReport): void;
}

/**
 * A passive seal read as the read rules see it (one object reused: read it, do not keep it). The
 * engine has already placed it, found the trips it concerns and applied its lifecycle effects
 * (departure, arrival) when the read rules run.
 */
export interface SealReadFacts {
  readId: string | null;
  sealNo: string;
  event: SealReadEvent;
  reader: SealReader;
  by: string | null;
  /** The container read with the seal (normalised), or null. */
  containerNo: string | null;
  /** The facility the read names, else every facility whose area holds its position (may be empty). */
  placedAt: readonly string[];
  /** The read's own position, when it has one. */
  hasPos: boolean;
  lat: number;
  lon: number;
  /** When the read was taken (its readAt, else the engine clock), and as text. */
  tsMs: number;
  ts: string;
  /** Received late: taken minutes before it reached the engine, or before a read of the seal already applied. */
  late: boolean;
  /** The seal's record on the trip it is bound to, or null (a seal on no live trip). */
  seal: RuleSeal | null;
  /** The live trip carrying the container read, or null. */
  containerTrip: RuleTrip | null;
}

/** A rule evaluated per passive seal read (after its lifecycle effects). */
export interface ReadRule {
  readonly alertType: AlertType;
  read(host: RuleHost, r: SealReadFacts): void;
}

/** A rule evaluated per gate passage; `plate` is the event's, normalised; `trip` the trip it is about, or null. */
export interface GateRule {
  readonly alertType: AlertType;
  gate(host: RuleHost, g: GateEvent, plate: string, trip: RuleTrip | null): void;
}

/** Per-rule parameters: their defaults, and optionally an older parameter each one inherits from. */
export interface RuleParams<K extends string> {
  readonly defaults: Readonly<Record<K, number>>;
  /**
   * A parameter not set at any level takes this other parameter's resolved value: it used to be
   * governed by that one, and settings written then must keep their meaning.
   */
  readonly inherits?: Readonly<Partial<Record<K, string>>>;
}

/**
 * A container seen somewhere (CONTRACT section 9): at a gate, by a yard event or by a seal read. One
 * per container of the passage or event, in the order they were named.
 */
export interface ContainerSighting {
  readonly containerNo: string;
  readonly via: 'gate' | 'yard' | 'seal_read';
  /** `in`/`out` for a gate, `discharged`/`loaded`/`moved` for a yard event, the read's event for a seal read. */
  readonly event: string;
  readonly facility: string | null;
  readonly lane: string | null;
  readonly plate: string | null;
  /** A gate's: the trip the passage is about; otherwise the live trip carrying the container; or null. */
  readonly trip: RuleTrip | null;
  /** Engine time of the sighting. */
  readonly atMs: number;
  /** Where: the facility's centre (or the read's own position); hasPos false when unknown. */
  readonly hasPos: boolean;
  readonly lat: number;
  readonly lon: number;
}

/** A rule evaluated per container sighting; `previous` is where the container was seen before (null the first time). */
export interface ContainerRule {
  readonly alertType: AlertType;
  sighting(host: RuleHost, c: ContainerSighting, previous: ContainerSighting | null): void;
}
