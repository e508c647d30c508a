// What an alert rule declares to the engine, and what the engine offers it. A rule is one file: its
// type and severity, its thresholds with their defaults, the state it keeps per trip, and the
// moments it acts on (an accepted fix, an OBU report, departure, its own wake-up, the end of
// transit). The table in index.ts lists the rules; the engine resolves the table into one array
// per moment at load time, so adding a rule adds no lookup to the per-report path.
import type { PreparedRoute } from '../geo/route-index.ts';
import type { AlertParams, AlertType, Facility, Route, TripState } from '../types.ts';

/** A trip as a rule may read it. */
export interface RuleTrip {
  readonly id: string;
  readonly state: TripState;
  readonly params: AlertParams;
  readonly hasPos: boolean;
  readonly lat: number;
  readonly lon: number;
  /** Engine time the last OBU report of any kind was received (NaN before any). */
  readonly lastObuRxMs: number;
  /** Engine time the last accepted fix was received (NaN before any). */
  readonly lastFixRxMs: number;
  readonly departedAtMs: number;
  readonly departedAt: string | null;
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

/** What the engine does for a rule. Alerts opened here carry the trip's last position. */
export interface RuleHost {
  /** The engine clock. */
  readonly clockMs: number;
  openTripAlert(alertType: AlertType, trip: RuleTrip, detail: Record<string, unknown>): string;
  clearAlert(alertId: string, alertType: AlertType, trip: RuleTrip): void;
  /** A wake-up of `rule` for `trip` at `dueMs` (engine clock); advisory: the rule re-checks. */
  schedule<S>(dueMs: number, rule: TripRule<S>, trip: RuleTrip): void;
  /** A time for alert details, in the offset of the engine's input times. */
  isoAt(ms: number): string | null;
  facility(code: string): Facility | undefined;
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
