// Alert thresholds (CONTRACT section 5 defaults, declared by each rule) and how global and per-route
// overrides combine.
import { RULE_PARAM_DEFAULTS, RULE_PARAM_INHERITS } from './rules/index.ts';
import type { AlertParams } from './types.ts';

export const DEFAULT_ALERT_PARAMS: Readonly<AlertParams> = RULE_PARAM_DEFAULTS;

export const ALERT_PARAM_KEYS = Object.keys(DEFAULT_ALERT_PARAMS) as (keyof AlertParams)[];

function isSet(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Defaults, then the global settings, then the route's own: the most specific wins. Only finite numbers
 * override, so a partially filled settings form (undefined, null, '') cannot erase a default. A
 * parameter that inherits (e.g. stopClearFixes from deviationClearFixes) and is set at neither level
 * takes the other's resolved value, so settings written before it existed keep their meaning.
 */
export function resolveParams(global: Partial<AlertParams> = {}, route?: Partial<AlertParams>): AlertParams {
  const out: AlertParams = { ...DEFAULT_ALERT_PARAMS };
  for (const src of [global, route]) {
    if (!src) continue;
    for (const key of ALERT_PARAM_KEYS) {
      const v = src[key];
      if (isSet(v)) out[key] = v;
    }
  }
  for (const [key, from] of RULE_PARAM_INHERITS) {
    if (!isSet(global[key]) && !isSet(route?.[key])) out[key] = out[from];
  }
  return out;
}

/** Names every key that is unknown or not a finite number, for settings files and API validation. */
export function checkParams(value: unknown): { path: string; message: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path: '', message: 'must be an object' }];
  const errors: { path: string; message: string }[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (!(ALERT_PARAM_KEYS as string[]).includes(key)) errors.push({ path: key, message: 'unknown alert parameter' });
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) errors.push({ path: key, message: 'must be a non-negative number' });
  }
  return errors;
}

/** One threshold that breaks its range or its relation to another, with its stable code. */
export interface ParamProblem {
  key: keyof AlertParams;
  message: string;
  code: string;
  params: Record<string, string | number>;
}

/** Ranges beyond "a non-negative number": a percentage is one, a count of fixes is a whole number of at least 1. */
const RANGES: Partial<Record<keyof AlertParams, { min: number; max: number; integer?: boolean }>> = {
  lowBatteryPercent: { min: 1, max: 100 },
  lowBatteryClearPercent: { min: 1, max: 100 },
  corridorWidthM: { min: 10, max: 5000 },
  deviationMinFixes: { min: 1, max: 1000, integer: true },
  deviationClearFixes: { min: 1, max: 1000, integer: true },
  stopClearFixes: { min: 1, max: 1000, integer: true },
  unauthorizedFacilityClearFixes: { min: 1, max: 1000, integer: true },
  signalLostSeconds: { min: 10, max: 86400 },
  sealLinkLostSeconds: { min: 10, max: 86400 },
  maxHdop: { min: 0.5, max: 50 },
};

/**
 * Pairs whose order matters: the first must stay below the second, or the rule misbehaves (a
 * low-battery level at or above its clear level raises and clears on every report).
 */
const BELOW: readonly [keyof AlertParams, keyof AlertParams][] = [['lowBatteryPercent', 'lowBatteryClearPercent']];

/**
 * Checks the thresholds `set` would give, over `base` (the defaults for the global settings, the
 * resolved global ones for a route): each set value within its range, and each related pair in
 * order as it would take effect. A relation is reported on the keys `set` names, so the form shows
 * it beside the input that was changed.
 */
export function checkParamRelations(set: Partial<AlertParams>, base: Partial<AlertParams> = {}): ParamProblem[] {
  const out: ParamProblem[] = [];
  for (const key of ALERT_PARAM_KEYS) {
    const v = set[key];
    const range = RANGES[key];
    if (!isSet(v) || !range) continue;
    if (v < range.min || v > range.max) {
      out.push({ key, message: `must be between ${range.min} and ${range.max}, got ${v}`, code: 'param.range', params: { min: range.min, max: range.max, actual: v } });
    } else if (range.integer && !Number.isInteger(v)) {
      out.push({ key, message: `must be a whole number, got ${v}`, code: 'number.integer', params: { actual: v } });
    }
  }
  const effective = resolveParams(base, set);
  for (const [low, high] of BELOW) {
    if (!isSet(set[low]) && !isSet(set[high])) continue;
    if (effective[low] < effective[high]) continue;
    const params = { low, high, lowValue: effective[low], highValue: effective[high] };
    const message = `${low} (${effective[low]}) must be below ${high} (${effective[high]})`;
    for (const key of [low, high]) if (isSet(set[key])) out.push({ key, message, code: 'param.order', params });
  }
  return out;
}
