// The engine's side of the rule table (src/core/rules/index.ts): for each moment a rule can act
// on, the rules that do and their state slots, resolved once at load; and the host through which
// rules open and clear alerts and schedule wake-ups. A moment costs a loop over its few rules and
// no allocation.
import { pointInAny } from '../core/geo/polygon.ts';
import {
  DEVICE_RULES, deviceRuleSlot, GATE_RULES, READ_RULES, SEAL_RULES, TRIP_RULES, tripRuleSlot, type AnyDeviceRule, type AnyTripRule,
} from '../core/rules/index.ts';
import type {
  ContainerSighting, DeviceReport, DeviceRule, FixFacts, RuleCn, RuleDevice, RuleHost, RuleTrip, SealReadFacts, SealStateReport, TripRule,
} from '../core/rules/rule.ts';
import type { AlertParams, AlertType, Clearance, EngineOutput, Facility, GateEvent } from '../core/types.ts';
import { amendAlert, clearAlert, isoAt, openAlert, openTripAlert } from './emit.ts';
import { clearancesOf } from './container-moves.ts';
import type { DeviceRec, EngineState, SealRec, TripRec } from './state.ts';

type Hook = 'fix' | 'report' | 'depart' | 'arrive' | 'end' | 'cnAccepted';

interface Moment {
  readonly rules: readonly AnyTripRule[];
  readonly slots: Int32Array;
}

function moment(hook: Hook): Moment {
  const rules = TRIP_RULES.filter((r) => r[hook] !== undefined);
  return { rules, slots: Int32Array.from(rules, tripRuleSlot) };
}

const FIX = moment('fix');
const REPORT = moment('report');
const DEPART = moment('depart');
const ARRIVE = moment('arrive');
const END = moment('end');

interface DeviceMoment {
  readonly rules: readonly AnyDeviceRule[];
  readonly slots: Int32Array;
}

function deviceMoment(hook: 'report' | 'tripEnd'): DeviceMoment {
  const rules = DEVICE_RULES.filter((r) => r[hook] !== undefined);
  return { rules, slots: Int32Array.from(rules, deviceRuleSlot) };
}

const DEVICE_REPORT = deviceMoment('report');
const DEVICE_TRIP_END = deviceMoment('tripEnd');

/** What the engine does for rules during one step (the step's outputs go to `out`). */
export class EngineRuleHost implements RuleHost {
  out: EngineOutput[] = [];
  /** The current fix's facts, filled by the telemetry path before runFix. */
  readonly fix: FixFacts = {
    lat: 0, lon: 0, tsMs: 0, speedKmh: NaN, fresh: false, hasRoute: false, outsideCorridor: false, distM: 0,
    inFacility: false, unauthorizedFacility: null,
  };
  /** The current device report, filled by the telemetry path before runDeviceReport. */
  readonly device: DeviceReport = {
    kind: 'obu', trip: null, tsMs: 0, battery: NaN, prevBattery: NaN, link: null, prevLink: null,
  };
  /** The current seal state report, filled by the telemetry path before runSealState. */
  readonly seal: SealStateReport = {
    state: 'locked', previous: null, late: false, tsMs: 0, ts: '', hasPos: false, lat: 0, lon: 0,
  };
  /** The current passive seal read, filled by the read path before runRead. */
  readonly read: SealReadFacts = {
    readId: null, sealNo: '', event: 'checked', reader: 'manual', by: null, containerNo: null, placedAt: [],
    hasPos: false, lat: NaN, lon: NaN, tsMs: 0, ts: '', late: false, seal: null, containerTrip: null,
  };
  private readonly st: EngineState;

  constructor(st: EngineState) {
    this.st = st;
  }

  get clockMs(): number {
    return this.st.clockMs;
  }

  get listeningSinceMs(): number {
    return this.st.listeningSinceMs;
  }

  get params(): AlertParams {
    return this.st.params;
  }

  openTripAlert(alertType: AlertType, trip: RuleTrip, detail: Record<string, unknown>): string {
    return openTripAlert(this.st, this.out, alertType, trip as TripRec, detail);
  }

  openAlert(
    alertType: AlertType, subject: string, trip: RuleTrip | null, plate: string, lat: number | null, lon: number | null,
    detail: Record<string, unknown>,
  ): string {
    return openAlert(this.st, this.out, alertType, subject, trip as TripRec | null, plate, lat, lon, detail);
  }

  openContainerAlert(alertType: AlertType, c: ContainerSighting, detail: Record<string, unknown>): string {
    const lat = c.hasPos ? c.lat : null;
    const lon = c.hasPos ? c.lon : null;
    return openAlert(this.st, this.out, alertType, c.containerNo, c.trip as TripRec | null, c.plate ?? '', lat, lon, detail, c.containerNo);
  }

  clearAlert(alertId: string, alertType: AlertType, trip: RuleTrip | null): void {
    clearAlert(this.st, this.out, alertId, alertType, trip as TripRec | null);
  }

  amendAlert(alertId: string, alertType: AlertType, trip: RuleTrip | null, detail: Record<string, unknown>): void {
    amendAlert(this.st, this.out, alertId, alertType, trip as TripRec | null, detail);
  }

  schedule<S>(dueMs: number, rule: TripRule<S>, trip: RuleTrip): void {
    this.st.wakes.push(dueMs, tripRuleSlot(rule), trip as TripRec);
  }

  scheduleDevice<S>(dueMs: number, rule: DeviceRule<S>, device: RuleDevice): void {
    this.st.wakes.push(dueMs, deviceRuleSlot(rule), device as DeviceRec);
  }

  isoAt(ms: number): string | null {
    return isoAt(this.st, ms);
  }

  facility(code: string): Facility | undefined {
    return this.st.facilities.get(code);
  }

  inFacility(code: string, lon: number, lat: number): boolean {
    return pointInAny(this.st.facilityIndex().partsOf(code), lon, lat);
  }

  facilityCentre(code: string): { lat: number; lon: number } | null {
    if (!this.st.facilities.has(code)) return null;
    const area = this.st.facilityIndex().partsOf(code);
    if (area.length === 0) return null;
    const a = area[0];
    return { lat: (a.minY + a.maxY) / 2, lon: (a.minX + a.maxX) / 2 };
  }

  sealTrip(sealId: string): RuleTrip | null {
    return this.st.sealTrip.get(sealId) ?? null;
  }

  containerTrip(containerNo: string): RuleTrip | null {
    return this.st.containerTrip.get(containerNo) ?? null;
  }

  clearancesOf(containerNo: string): readonly Clearance[] {
    return clearancesOf(this.st, containerNo);
  }
}

function run(st: EngineState, m: Moment, hook: Hook, trip: TripRec): void {
  const host = st.host;
  const rules = m.rules;
  const states = trip.ruleStates;
  for (let i = 0; i < rules.length; i++) (rules[i][hook] as NonNullable<AnyTripRule['end']>)(host, trip, states[m.slots[i]]);
}

/** An accepted in-transit fix; st.host.fix holds its facts. */
export function runFix(st: EngineState, trip: TripRec): void {
  const host = st.host;
  const f = host.fix;
  const rules = FIX.rules;
  const states = trip.ruleStates;
  for (let i = 0; i < rules.length; i++) (rules[i].fix as NonNullable<AnyTripRule['fix']>)(host, trip, states[FIX.slots[i]], f);
}

export function runReport(st: EngineState, trip: TripRec): void {
  run(st, REPORT, 'report', trip);
}

export function runDepart(st: EngineState, trip: TripRec): void {
  run(st, DEPART, 'depart', trip);
}

export function runArrive(st: EngineState, trip: TripRec): void {
  run(st, ARRIVE, 'arrive', trip);
}

export function runEnd(st: EngineState, trip: TripRec): void {
  run(st, END, 'end', trip);
}

const CN_ACCEPTED = moment('cnAccepted');

/** A CN was accepted onto the trip. */
export function runCnAccepted(st: EngineState, trip: TripRec, cn: RuleCn): void {
  const rules = CN_ACCEPTED.rules;
  const states = trip.ruleStates;
  for (let i = 0; i < rules.length; i++) (rules[i].cnAccepted as NonNullable<AnyTripRule['cnAccepted']>)(st.host, trip, states[CN_ACCEPTED.slots[i]], cn);
}

/** A trip rule's wake-up (its kind is the rule's slot) fell due. */
export function runWake(st: EngineState, trip: TripRec, slot: number): void {
  const rule = TRIP_RULES[slot];
  if (rule.wake !== undefined) rule.wake(st.host, trip, trip.ruleStates[slot]);
}

/** A device report reached live state; st.host.device holds its facts. */
export function runDeviceReport(st: EngineState, dev: DeviceRec): void {
  const host = st.host;
  const r = host.device;
  const rules = DEVICE_REPORT.rules;
  const states = dev.ruleStates;
  for (let i = 0; i < rules.length; i++) {
    (rules[i].report as NonNullable<AnyDeviceRule['report']>)(host, dev, states[DEVICE_REPORT.slots[i]], r);
  }
}

/** A device rule's wake-up (its kind is the rule's slot) fell due. */
export function runDeviceWake(st: EngineState, dev: DeviceRec, slot: number): void {
  const rule = DEVICE_RULES[slot];
  if (rule.wake !== undefined) rule.wake(st.host, dev, dev.ruleStates[slot]);
}

/** The trip a device belonged to closed or was cancelled. */
export function runDeviceTripEnd(st: EngineState, dev: DeviceRec, trip: TripRec): void {
  const rules = DEVICE_TRIP_END.rules;
  const states = dev.ruleStates;
  for (let i = 0; i < rules.length; i++) {
    (rules[i].tripEnd as NonNullable<AnyDeviceRule['tripEnd']>)(st.host, dev, states[DEVICE_TRIP_END.slots[i]], trip);
  }
}

/** A seal state reported for a seal of a trip; st.host.seal holds its facts. */
export function runSealState(st: EngineState, rec: SealRec): void {
  const host = st.host;
  const r = host.seal;
  const states = rec.ruleStates;
  for (let i = 0; i < SEAL_RULES.length; i++) SEAL_RULES[i].state(host, rec, states[i], r);
}

/** A gate passage (`plate` normalised) about `trip` (null: the vehicle has none). */
export function runGate(st: EngineState, g: GateEvent, plate: string, trip: TripRec | null): void {
  for (let i = 0; i < GATE_RULES.length; i++) GATE_RULES[i].gate(st.host, g, plate, trip);
}

/** A passive seal read; st.host.read holds its facts. */
export function runRead(st: EngineState): void {
  for (let i = 0; i < READ_RULES.length; i++) READ_RULES[i].read(st.host, st.host.read);
}
