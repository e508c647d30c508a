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
