// What the platform accepts as a device report (CONTRACT section 3, Telemetry), checked the same
// way at every gateway (MQTT, HTTP; JT/T 808 decodes into it). Hand-written rather than a schema
// validator because it runs for every report and must name each bad field. Only known fields are
// kept: what is stored and applied is exactly a Telemetry.
//
// A report's time must lie in a window around the time it is received: a device clock gone wrong
// (year 0, year 9999) would otherwise become the device's clock in the engine, making every later
// report "late", and a time the store cannot hold would stop the writing of every vehicle's outputs.
import { SEAL_STATES, type SealReport, type SealState, type Telemetry } from '../core/types.ts';
import { parseIsoMs } from '../engine/index.ts';
import type { ErrorParams } from '../core/errors.ts';
import { unstorableTextRule } from '../core/text.ts';

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
  params?: ErrorParams;
}

/** How far a report's `ts` may lie from the time it is received (config REPORT_MAX_AGE_SECONDS, REPORT_MAX_AHEAD_SECONDS). */
export interface ReportTimeWindow {
  /** Stored-and-forwarded reports: a device that was out of coverage uploads what it buffered. */
  maxAgeMs: number;
  /** Clock skew between a device and the platform. */
  maxAheadMs: number;
}

export const DEFAULT_REPORT_TIME_WINDOW: ReportTimeWindow = { maxAgeMs: 7 * 86_400_000, maxAheadMs: 5 * 60_000 };

/** When a report was received, and the window its time must lie in. */
export interface Received {
  atMs: number;
  window: ReportTimeWindow;
}

export type TelemetryCheck = { ok: true; value: Telemetry } | { ok: false; errors: FieldIssue[] };

const MAX_ID = 64;
const MAX_SEALS = 32;
const SEAL_STATE_SET = new Set<string>(SEAL_STATES);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function num(o: Record<string, unknown>, key: string, min: number, max: number, path: string, errors: FieldIssue[]): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isNum(v)) errors.push({ path: `${path}/${key}`, message: 'must be a number', code: 'type', params: { type: 'number' } });
  else if (v < min || v > max) errors.push({ path: `${path}/${key}`, message: `must be between ${min} and ${max}`, code: 'param.range', params: { min, max, actual: v } });
  else return v;
  return undefined;
}

function id(v: unknown, path: string, errors: FieldIssue[]): string | undefined {
  if (typeof v !== 'string' || v.length === 0) errors.push({ path, message: 'must be a non-empty string', code: 'string.length', params: { min: 1, max: MAX_ID } });
  else if (v.length > MAX_ID) errors.push({ path, message: `must be at most ${MAX_ID} characters`, code: 'string.too_long', params: { limit: MAX_ID } });
  else if (unstorableTextRule(v)) errors.push({ path, ...unstorableTextRule(v)! });
  else return v;
  return undefined;
}

function sealState(v: unknown, path: string, errors: FieldIssue[]): SealState | undefined {
  if (typeof v === 'string' && SEAL_STATE_SET.has(v)) return v as SealState;
  errors.push({ path, message: `must be one of ${SEAL_STATES.join(', ')}`, code: 'enum', params: { allowed: SEAL_STATES.join(', ') } });
  return undefined;
}

function span(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`;
  }
  return `${ms} ms`;
}

function reportTime(v: unknown, path: string, received: Received, errors: FieldIssue[]): string | undefined {
  const tsMs = typeof v === 'string' ? parseIsoMs(v) : NaN;
  if (Number.isNaN(tsMs)) {
    errors.push({ path, message: 'must be an ISO 8601 time with offset, e.g. 2025-03-03T08:01:00+08:00', code: 'string.format', params: { format: 'date-time' } });
  } else if (tsMs < received.atMs - received.window.maxAgeMs) {
    errors.push({ path, message: `must be at most ${span(received.window.maxAgeMs)} before the time the report is received (${new Date(received.atMs).toISOString()})`, code: 'report.too_old', params: { maxAgeS: received.window.maxAgeMs / 1000, receivedAt: new Date(received.atMs).toISOString() } });
  } else if (tsMs > received.atMs + received.window.maxAheadMs) {
    errors.push({ path, message: `must be at most ${span(received.window.maxAheadMs)} after the time the report is received (${new Date(received.atMs).toISOString()})`, code: 'report.too_far_ahead', params: { maxAheadS: received.window.maxAheadMs / 1000, receivedAt: new Date(received.atMs).toISOString() } });
  } else return v as string;
  return undefined;
}

/**
 * Checks one report received at `received.atMs`; `path` prefixes the error paths (e.g. `/body/3`).
 * Without `received`, the report is taken as received now, with the default window.
 */
export function checkTelemetry(raw: unknown, path = '', received?: Received): TelemetryCheck {
  const errors: FieldIssue[] = [];
  if (!isObject(raw)) return { ok: false, errors: [{ path: path || '/', message: 'must be an object', code: 'type', params: { type: 'object' } }] };
  const deviceId = id(raw.deviceId, `${path}/deviceId`, errors);
  const ts = reportTime(raw.ts, `${path}/ts`, received ?? { atMs: Date.now(), window: DEFAULT_REPORT_TIME_WINDOW }, errors);
  const lat = num(raw, 'lat', -90, 90, path, errors);
  const lon = num(raw, 'lon', -180, 180, path, errors);
  if ((raw.lat === undefined || raw.lat === null) !== (raw.lon === undefined || raw.lon === null)) {
    errors.push({ path: `${path}/${raw.lat === undefined || raw.lat === null ? 'lat' : 'lon'}`, message: 'lat and lon come together', code: 'position.pair' });
  }
  const out: Telemetry = { deviceId: deviceId ?? '', ts: ts ?? '' };
  if (lat !== undefined && lon !== undefined) {
    out.lat = lat;
    out.lon = lon;
  }
  const speedKmh = num(raw, 'speedKmh', 0, 400, path, errors);
  if (speedKmh !== undefined) out.speedKmh = speedKmh;
  const heading = num(raw, 'heading', 0, 360, path, errors);
  if (heading !== undefined) out.heading = heading;
  const hdop = num(raw, 'hdop', 0, 100, path, errors);
  if (hdop !== undefined) out.hdop = hdop;
  const battery = num(raw, 'battery', 0, 100, path, errors);
  if (battery !== undefined) out.battery = battery;
  if (raw.rfidCard !== undefined && raw.rfidCard !== null) {
    const card = id(raw.rfidCard, `${path}/rfidCard`, errors);
    if (card !== undefined) out.rfidCard = card;
  }
  if (raw.state !== undefined && raw.state !== null) {
    const s = sealState(raw.state, `${path}/state`, errors);
    if (s) out.state = s;
  }
  if (raw.seals !== undefined && raw.seals !== null) {
    if (!Array.isArray(raw.seals)) errors.push({ path: `${path}/seals`, message: 'must be an array', code: 'type', params: { type: 'array' } });
    else if (raw.seals.length > MAX_SEALS) errors.push({ path: `${path}/seals`, message: `must have at most ${MAX_SEALS} items`, code: 'array.too_long', params: { limit: MAX_SEALS } });
    else out.seals = raw.seals.map((s, i) => checkSeal(s, `${path}/seals/${i}`, errors)).filter((s): s is SealReport => !!s);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}

function checkSeal(raw: unknown, path: string, errors: FieldIssue[]): SealReport | undefined {
  if (!isObject(raw)) {
    errors.push({ path, message: 'must be an object', code: 'type', params: { type: 'object' } });
    return undefined;
  }
  const sealId = id(raw.id, `${path}/id`, errors);
  const state = sealState(raw.state, `${path}/state`, errors);
  const seal: SealReport = { id: sealId ?? '', state: state ?? 'locked' };
  if (raw.link !== undefined && raw.link !== null) {
    if (raw.link === 'ok' || raw.link === 'lost') seal.link = raw.link;
    else errors.push({ path: `${path}/link`, message: 'must be ok or lost', code: 'enum', params: { allowed: 'ok, lost' } });
  }
  const battery = num(raw, 'battery', 0, 100, path, errors);
  if (battery !== undefined) seal.battery = battery;
  return sealId && state ? seal : undefined;
}
