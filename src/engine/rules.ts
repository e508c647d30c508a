// The engine's side of the rule table (src/core/rules/index.ts): for each moment a rule can act
// on, the rules that do and their state slots, resolved once at load; and the host through which
// rules open and clear alerts and schedule wake-ups. A moment costs a loop over its few rules and
// no allocation.
import { TRIP_RULES, tripRuleSlot, type AnyTripRule } from '../core/rules/index.ts';
import type { FixFacts, RuleHost, RuleTrip, TripRule } from '../core/rules/rule.ts';
import type { AlertType, EngineOutput, Facility } from '../core/types.ts';
import { clearAlert, isoAt, openTripAlert } from './emit.ts';
import type { EngineState, TripRec } from './state.ts';

type Hook = 'fix' | 'report' | 'depart' | 'arrive' | 'end';

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

/** What the engine does for rules during one step (the step's outputs go to `out`). */
export class EngineRuleHost implements RuleHost {
  out: EngineOutput[] = [];
  /** The current fix's facts, filled by the telemetry path before runFix. */
  readonly fix: FixFacts = {
    lat: 0, lon: 0, tsMs: 0, speedKmh: NaN, fresh: false, hasRoute: false, outsideCorridor: false, distM: 0,
    inFacility: false, unauthorizedFacility: null,
  };
  private readonly st: EngineState;

  constructor(st: EngineState) {
    this.st = st;
  }

  get clockMs(): number {
    return this.st.clockMs;
  }

  openTripAlert(alertType: AlertType, trip: RuleTrip, detail: Record<string, unknown>): string {
    return openTripAlert(this.st, this.out, alertType, trip as TripRec, detail);
  }

  clearAlert(alertId: string, alertType: AlertType, trip: RuleTrip): void {
    clearAlert(this.st, this.out, alertId, alertType, trip as TripRec);
  }

  schedule<S>(dueMs: number, rule: TripRule<S>, trip: RuleTrip): void {
    this.st.wakes.push(dueMs, tripRuleSlot(rule), trip as TripRec);
  }

  isoAt(ms: number): string | null {
    return isoAt(this.st, ms);
  }

  facility(code: string): Facility | undefined {
    return this.st.facilities.get(code);
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

/** A trip rule's wake-up (its kind is the rule's slot) fell due. */
export function runWake(st: EngineState, trip: TripRec, slot: number): void {
  const rule = TRIP_RULES[slot];
  if (rule.wake !== undefined) rule.wake(st.host, trip, trip.ruleStates[slot]);
}
