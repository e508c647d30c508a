// Configuration from the environment (CONTRACT section 1). Port 0 means "any free port".
import { resolve } from 'node:path';
import { MAX_REPORT_AHEAD_MS } from './engine/clock.ts';
import { DEFAULT_REPORT_TIME_WINDOW, type ReportTimeWindow } from './monitor/telemetry-check.ts';

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  mqttUrl?: string;
  mqttPort: number;
  httpPort: number;
  httpHost: string;
  jt808Port: number;
  /**
   * How JT/T 808 terminals authenticate: `registration` (default, the standard's flow), with the
   * fresh random code the registration reply hands out; `secret`, with the device secret the
   * registry issued (provisioned on the terminal as its auth code, like the MQTT password), for
   * fleets whose terminals can be provisioned: then knowing a terminal's number is not enough to
   * report as it.
   */
  jt808Auth: 'registration' | 'secret';
  adminKey?: string;
  /** How far a device report's time may lie before and after the time it is received, at every gateway. */
  reportTimeWindow: ReportTimeWindow;
  /** Largest request body accepted, in bytes (uploads and photos have their own limits). */
  bodyLimit: number;
  /**
   * Which proxies in front of SealWatch to believe about the client (X-Forwarded-For) and the
   * protocol (X-Forwarded-Proto, which makes the session cookie Secure and sends HSTS): false (none,
   * the default), true (any), a number of hops, or addresses/CIDRs of the proxies.
   */
  trustProxy: boolean | number | string;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number 0..65535, got "${value}"`);
  return n;
}

/** Shortest SEALWATCH_ADMIN_KEY accepted: anything shorter is guessable, whatever its shape. */
export const MIN_ADMIN_KEY_LENGTH = 16;

/** The bootstrap admin key, taken exactly as given (any shape); refused when too short to be secret. */
export function checkAdminKey(value: string): string {
  if (value.length < MIN_ADMIN_KEY_LENGTH) {
    throw new Error(`SEALWATCH_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters long, got ${value.length}`);
  }
  return value;
}

function jt808Auth(value: string | undefined): Config['jt808Auth'] {
  if (value === undefined || value === '' || value === 'registration') return 'registration';
  if (value === 'secret') return 'secret';
  throw new Error(`JT808_AUTH must be registration or secret, got "${value}"`);
}

function seconds(value: string | undefined, fallbackMs: number, max: number, name: string): number {
  if (value === undefined || value === '') return fallbackMs;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${name} must be a whole number of seconds 0..${max}, got "${value}"`);
  return n * 1000;
}

/**
 * The engine takes no report further ahead of its clock than MAX_REPORT_AHEAD_MS as the device's
 * clock, so the gateways accept none further ahead either.
 */
function reportTimeWindow(env: NodeJS.ProcessEnv): ReportTimeWindow {
  return {
    maxAgeMs: seconds(env.REPORT_MAX_AGE_SECONDS, DEFAULT_REPORT_TIME_WINDOW.maxAgeMs, 366 * 86_400, 'REPORT_MAX_AGE_SECONDS'),
    maxAheadMs: seconds(env.REPORT_MAX_AHEAD_SECONDS, DEFAULT_REPORT_TIME_WINDOW.maxAheadMs, MAX_REPORT_AHEAD_MS / 1000, 'REPORT_MAX_AHEAD_SECONDS'),
  };
}

function trustProxy(value: string | undefined): Config['trustProxy'] {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim());
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/i;
  const bad = entries.find((e) => !address.test(e));
  if (bad !== undefined) throw new Error(`TRUST_PROXY must be true, false, a number of hops or addresses/CIDRs, got "${bad}"`);
  return entries.join(',');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR || './data'),
    mqttUrl: env.MQTT_URL || undefined,
    mqttPort: port(env.MQTT_PORT, 1883, 'MQTT_PORT'),
    httpPort: port(env.PORT, 8080, 'PORT'),
    httpHost: env.HOST || '0.0.0.0',
    jt808Port: port(env.JT808_PORT, 6808, 'JT808_PORT'),
    jt808Auth: jt808Auth(env.JT808_AUTH),
    adminKey: env.SEALWATCH_ADMIN_KEY ? checkAdminKey(env.SEALWATCH_ADMIN_KEY) : undefined,
    reportTimeWindow: reportTimeWindow(env),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxy(env.TRUST_PROXY),
  };
}
