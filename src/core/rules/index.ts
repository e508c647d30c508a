// The alert rules of CONTRACT section 5, one file each, and the one table that registers them. A
// rule's file declares its type, severity and parameters (`params`) and how the engine runs it
// (see rule.ts): per trip (`rule`), per device (`deviceRule`), per seal of a trip (`sealRule`),
// per gate passage (`gateRule`) or per passive seal read (`readRule`), with its state, hooks and
// wake-up. Everything else is derived from this table once, at load: the alert types, their severities, the parameters and their
// defaults, and the engine's per-moment rule lists. Table order is the order rules act within one
// step (and so the order of their outputs), and the order of ALERT_TYPES.
import type { Severity } from '../types.ts';
import * as abnormalStop from './abnormal-stop.ts';
import * as departedUnconfirmed from './departed-unconfirmed.ts';
import * as departedUnsealed from './departed-unsealed.ts';
import * as gateMismatch from './gate-mismatch.ts';
import * as inspectionEvasion from './inspection-evasion.ts';
import * as lowBattery from './low-battery.ts';
import * as overdue from './overdue.ts';
import * as routeDeviation from './route-deviation.ts';
import * as sealLinkLost from './seal-link-lost.ts';
import * as sealMismatch from './seal-mismatch.ts';
import * as sealReadElsewhere from './seal-read-elsewhere.ts';
import * as sealTamper from './seal-tamper.ts';
import * as signalLost from './signal-lost.ts';
import * as unauthorizedFacility from './unauthorized-facility.ts';
import * as gateOutUnreleased from './gate-out-unreleased.ts';
import * as gateOutWithoutCn from './gate-out-without-cn.ts';
import * as loadedUnreleased from './loaded-unreleased.ts';
import * as containerConflict from './container-conflict.ts';
import * as cnNotStarted from './cn-not-started.ts';
import type { ContainerRule, DeviceRule, GateRule, ReadRule, RuleParams, SealRule, TripRule } from './rule.ts';

const RULES = [
  sealTamper,
  routeDeviation,
  inspectionEvasion,
  overdue,
  abnormalStop,
  unauthorizedFacility,
  signalLost,
  sealLinkLost,
  lowBattery,
  departedUnconfirmed,
  gateMismatch,
  departedUnsealed,
  sealMismatch,
  sealReadElsewhere,
  // Container movements (CONTRACT section 9).
  gateOutUnreleased,
  gateOutWithoutCn,
  loadedUnreleased,
  containerConflict,
  cnNotStarted,
] as const;

type RuleModule = (typeof RULES)[number];
type ParamKeyOf<M> = M extends { params: RuleParams<infer K> } ? K : never;

export type AlertType = RuleModule['alertType'];
export type AlertParamKey = ParamKeyOf<RuleModule>;

export const ALERT_TYPES: readonly AlertType[] = RULES.map((r) => r.alertType);

/** The alerts of container movements (CONTRACT section 9): raised from clearance, yard and gate data rather than a trip's reports. */
export const MOVEMENT_ALERT_TYPES: readonly AlertType[] = [
  gateOutUnreleased.alertType, gateOutWithoutCn.alertType, loadedUnreleased.alertType, containerConflict.alertType, cnNotStarted.alertType,
];

export const ALERT_SEVERITY = Object.fromEntries(RULES.map((r) => [r.alertType, r.severity])) as Record<AlertType, Severity>;

function paramsOf(r: RuleModule): RuleParams<string> | undefined {
  return 'params' in r ? (r.params as RuleParams<string>) : undefined;
}

/** Every parameter's default, in table order. */
export const RULE_PARAM_DEFAULTS = Object.freeze(
  Object.assign({}, ...RULES.map((r) => paramsOf(r)?.defaults ?? {})) as Record<AlertParamKey, number>,
);

/** Parameters that, when set nowhere, take another parameter's resolved value (see RuleParams). */
export const RULE_PARAM_INHERITS: readonly (readonly [AlertParamKey, AlertParamKey])[] = RULES.flatMap((r) =>
  Object.entries(paramsOf(r)?.inherits ?? {}).map(([k, from]) => [k as AlertParamKey, from as AlertParamKey] as const),
);

/** A trip rule of any state type (each rule's state is its own). */
export type AnyTripRule = TripRule<any>;

/** The rules the engine runs per trip, each with its index in a trip's rule states. */
export const TRIP_RULES: readonly AnyTripRule[] = RULES.flatMap((r) => ('rule' in r ? [r.rule as AnyTripRule] : []));

/** A device rule or a seal rule of any state type. */
export type AnyDeviceRule = DeviceRule<any>;
export type AnySealRule = SealRule<any>;

/** The rules the engine runs per device, each with its index in a device's rule states. */
export const DEVICE_RULES: readonly AnyDeviceRule[] = RULES.flatMap((r) => ('deviceRule' in r ? [r.deviceRule as AnyDeviceRule] : []));

/** The rules the engine runs per seal of a trip, each with its index in a seal's rule states. */
export const SEAL_RULES: readonly AnySealRule[] = RULES.flatMap((r) => ('sealRule' in r ? [r.sealRule as AnySealRule] : []));

/** The rules the engine runs per gate passage. */
export const GATE_RULES: readonly GateRule[] = RULES.flatMap((r) => ('gateRule' in r ? [r.gateRule as GateRule] : []));

/** The rules the engine runs per passive seal read. */
export const READ_RULES: readonly ReadRule[] = RULES.flatMap((r) => ('readRule' in r ? [r.readRule as ReadRule] : []));

/** The rules the engine runs per container sighting (gate passage, yard event, seal read). */
export const CONTAINER_RULES: readonly ContainerRule[] = RULES.flatMap((r) => ('containerRule' in r ? [r.containerRule as ContainerRule] : []));

function slotOf<R extends { alertType: string }>(rules: readonly R[], where: string): (rule: R) => number {
  const slots = new Map<R, number>(rules.map((r, i) => [r, i]));
  return (rule) => {
    const i = slots.get(rule);
    if (i === undefined) throw new Error(`alert rule ${rule.alertType} is not in the table as a ${where} rule (src/core/rules/index.ts)`);
    return i;
  };
}

/** The index of a trip rule's state in TripRec.ruleStates (resolved once, where the engine needs it). */
export const tripRuleSlot = slotOf(TRIP_RULES, 'trip');
/** The index of a device rule's state in DeviceRec.ruleStates. */
export const deviceRuleSlot = slotOf(DEVICE_RULES, 'device');
/** The index of a seal rule's state in SealRec.ruleStates. */
export const sealRuleSlot = slotOf(SEAL_RULES, 'seal');

function newStates(rules: readonly { newState(): unknown }[]): unknown[] {
  const states = new Array<unknown>(rules.length);
  for (let i = 0; i < rules.length; i++) states[i] = rules[i].newState();
  return states;
}

/** A fresh state for every trip rule, in slot order (a new trip's). */
export function newTripRuleStates(): unknown[] {
  return newStates(TRIP_RULES);
}

/** A fresh state for every device rule, in slot order (a device the engine meets first). */
export function newDeviceRuleStates(): unknown[] {
  return newStates(DEVICE_RULES);
}

/** A fresh state for every seal rule, in slot order (a seal joining a trip). */
export function newSealRuleStates(): unknown[] {
  return newStates(SEAL_RULES);
}
