// Alert thresholds (CONTRACT section 5 defaults) and how global and per-route overrides combine.
import type { AlertParams } from './types.ts';

export const DEFAULT_ALERT_PARAMS: Readonly<AlertParams> = Object.freeze({
  corridorWidthM: 200,
  deviationMinFixes: 3,
  deviationMinSeconds: 60,
  deviationClearFixes: 2,
  maxHdop: 5,
  checkpointPassMarginM: 1000,
  stopMaxSpeedKmh: 5,
  stopRadiusM: 100,
  stopMinMinutes: 15,
  unauthorizedFacilityMinMinutes: 5,
  signalLostSeconds: 300,
  sealLinkLostSeconds: 60,
  lowBatteryPercent: 20,
  lowBatteryClearPercent: 25,
});

export const ALERT_PARAM_KEYS = Object.keys(DEFAULT_ALERT_PARAMS) as (keyof AlertParams)[];

/**
 * Defaults, then the global settings, then the route's own: the most specific wins. Only finite numbers
 * override, so a partially filled settings form (undefined, null, '') cannot erase a default.
 */
export function resolveParams(global: Partial<AlertParams> = {}, route?: Partial<AlertParams>): AlertParams {
  const out: AlertParams = { ...DEFAULT_ALERT_PARAMS };
  for (const src of [global, route]) {
    if (!src) continue;
    for (const key of ALERT_PARAM_KEYS) {
      const v = src[key];
      if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    }
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
