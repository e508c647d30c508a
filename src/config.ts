// Configuration from the environment (CONTRACT section 1). Port 0 means "any free port".
// This is the one place the platform reads the environment: every variable is parsed and checked
// here, once, at start (a bad value stops the start with a message naming the variable), and each
// part is handed its piece of the result. The listeners' settings are top-level fields; the
// settings of single parts are grouped under the part's name.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_REPORT_AHEAD_MS } from './engine/clock.ts';
import { fieldConfigFromEnv, type FieldConfig } from './field/config.ts';
import { DEFAULT_REPORT_TIME_WINDOW, type ReportTimeWindow } from './monitor/telemetry-check.ts';
import { mailConfigFromEnv, notificationsConfigFromEnv, type MailConfig, type NotificationsConfig } from './notifications/config.ts';
import { snapshotConfigFromEnv, type SnapshotConfig } from './snapshots/config.ts';
import { allowedNetworks } from './webhooks/destination.ts';
import { clusterConfigFromEnv, type ClusterConfig } from './cluster/config.ts';

/** The MQTT gateway as a client of an external broker (MQTT_URL). */
export interface MqttClientConfig {
  /** MQTT_CLIENT_ID: the platform's client id; also names its shared subscription group. */
  clientId: string;
  /** MQTT_INGEST_CLIENTS: connections sharing the telemetry subscription, 1..256. */
  ingestClients: number;
}

/** What the Joint Management Center is told at /web-config.json (and the CSP allows). */
export interface WebConfig {
  /** MAP_STYLE_URL: a MapLibre style for an online basemap; unset, the offline coastline. */
  mapStyleUrl?: string;
  /** MAP_PMTILES_PATH: a vector tile file (PMTiles) on this server, offered as the offline street map. */
  pmtilesPath?: string;
  /** ACK_TARGET_SECONDS: target time to acknowledge an alert. */
  ackTargetSeconds: number;
}

export interface WebhooksConfig {
  /** WEBHOOK_ALLOWED_NETWORKS: private networks (CIDRs, comma-separated) receivers may be on. */
  allowedNetworks?: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogConfig {
  /** LOG_LEVEL: pino's level. */
  level: LogLevel;
}

/** The simulated fleet of `sealwatch serve --demo`. */
export interface DemoConfig {
  /** DEMO_TRUCKS */
  trucks: number;
  /** DEMO_INCIDENTS_PER_HOUR */
  incidentsPerHour: number;
}

export interface Config {
  databaseUrl?: string;
  /** NATS_URL and CLUSTER_*: several processes over NATS JetStream (src/cluster); absent, one process. */
  cluster?: ClusterConfig;
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
  /** Validate every JSON answer against its route's declared schema (CHECK_RESPONSES=1; the test suites set it). */
  checkResponses: boolean;
  mqtt: MqttClientConfig;
  /** Offline unseal and photos (src/field/config.ts lists the variables). */
  field: FieldConfig;
  web: WebConfig;
  webhooks: WebhooksConfig;
  /** Outgoing mail (SMTP_URL, MAIL_FROM; src/notifications/config.ts). */
  mail: MailConfig;
  /** Web Push keys and the throttle of notifications (src/notifications/config.ts lists the variables). */
  notifications: NotificationsConfig;
  log: LogConfig;
  demo: DemoConfig;
  /** Addresses reminded of approaching case sanction deadlines (OPS_REMINDER_TO, comma-separated). */
  opsReminderTo: string[];
  lanes: LanesConfig;
  /** Engine snapshots and input log retention (src/snapshots/config.ts lists the variables). */
  snapshots: SnapshotConfig;
}

export interface LanesConfig {
  /**
   * LANE_CONFIRM_MIN_CONFIDENCE: the OCR confidence (0–1) every field of an origin's gate-out read
   * (plate, each container) must reach for the lane to confirm the sealing in the responsible
   * person's place (the seal numbers must be read and match too). 1 turns lane confirmation off.
   */
  confirmMinConfidence: number;
}

function lanes(env: NodeJS.ProcessEnv): LanesConfig {
  const raw = env.LANE_CONFIRM_MIN_CONFIDENCE;
  if (raw === undefined || raw === '') return { confirmMinConfidence: 0.95 };
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0.5 || n > 1) throw new Error(`LANE_CONFIRM_MIN_CONFIDENCE must be a number 0.5..1, got "${raw}"`);
  return { confirmMinConfidence: n };
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

function wholeNumber(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number ${min}..${max}, got "${value}"`);
  return n;
}

function nonNegative(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return n;
}

function absoluteUrl(value: string | undefined, protocols: string[], name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL, got "${value}"`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${name} must be a ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL, got "${value}"`);
  return value;
}

/** The URL schemes mqtt.js connects with. */
const MQTT_PROTOCOLS = ['mqtt:', 'mqtts:', 'tcp:', 'tls:', 'ssl:', 'ws:', 'wss:', 'mqtt+unix:', 'mqtts+unix:'];

export const DEFAULT_MQTT_CLIENT_ID = 'sealwatch-platform';
export const DEFAULT_INGEST_CLIENTS = 32;

/** MQTT_INGEST_CLIENTS as a whole number 1..256. */
export function ingestClientsFromEnv(env: NodeJS.ProcessEnv): number {
  return wholeNumber(env.MQTT_INGEST_CLIENTS, DEFAULT_INGEST_CLIENTS, 1, 256, 'MQTT_INGEST_CLIENTS');
}

function mqttClient(env: NodeJS.ProcessEnv): MqttClientConfig {
  return { clientId: env.MQTT_CLIENT_ID || DEFAULT_MQTT_CLIENT_ID, ingestClients: ingestClientsFromEnv(env) };
}

function web(env: NodeJS.ProcessEnv): WebConfig {
  return {
    // A path is a style served from SealWatch's own origin.
    mapStyleUrl: env.MAP_STYLE_URL?.startsWith('/') ? env.MAP_STYLE_URL : absoluteUrl(env.MAP_STYLE_URL, ['https:', 'http:'], 'MAP_STYLE_URL'),
    ackTargetSeconds: wholeNumber(env.ACK_TARGET_SECONDS, 180, 1, 86_400, 'ACK_TARGET_SECONDS'),
    ...pmtilesFile(env.MAP_PMTILES_PATH),
  };
}

/** MAP_PMTILES_PATH: an existing file; checked at start rather than on the first map that asks for it. */
function pmtilesFile(value: string | undefined): { pmtilesPath?: string } {
  if (value === undefined || value.trim() === '') return {};
  const path = resolve(value.trim());
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`MAP_PMTILES_PATH must name an existing file, got "${value}"`);
  return { pmtilesPath: path };
}

function webhooks(env: NodeJS.ProcessEnv): WebhooksConfig {
  const spec = env.WEBHOOK_ALLOWED_NETWORKS?.trim() || undefined;
  try {
    allowedNetworks(spec);
  } catch (err) {
    throw new Error(`WEBHOOK_ALLOWED_NETWORKS must be CIDR networks, comma-separated: ${(err as Error).message}`);
  }
  return { allowedNetworks: spec };
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = LOG_LEVELS.find((l) => l === value.toLowerCase());
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

function demo(env: NodeJS.ProcessEnv): DemoConfig {
  return {
    trucks: wholeNumber(env.DEMO_TRUCKS, 200, 0, 100_000, 'DEMO_TRUCKS'),
    incidentsPerHour: nonNegative(env.DEMO_INCIDENTS_PER_HOUR, 4, 'DEMO_INCIDENTS_PER_HOUR'),
  };
}

/** The API key a command-line client sends when none is given with --key (SEALWATCH_API_KEY). */
export function cliApiKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.SEALWATCH_API_KEY?.trim() || undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mail = mailConfigFromEnv(env);
  const dataDir = resolve(env.DATA_DIR || './data');
  return {
    databaseUrl: absoluteUrl(env.DATABASE_URL, ['postgres:', 'postgresql:'], 'DATABASE_URL'),
    dataDir,
    mqttUrl: absoluteUrl(env.MQTT_URL, MQTT_PROTOCOLS, 'MQTT_URL'),
    mqttPort: port(env.MQTT_PORT, 1883, 'MQTT_PORT'),
    httpPort: port(env.PORT, 8080, 'PORT'),
    httpHost: env.HOST || '0.0.0.0',
    jt808Port: port(env.JT808_PORT, 6808, 'JT808_PORT'),
    jt808Auth: jt808Auth(env.JT808_AUTH),
    adminKey: env.SEALWATCH_ADMIN_KEY ? checkAdminKey(env.SEALWATCH_ADMIN_KEY) : undefined,
    reportTimeWindow: reportTimeWindow(env),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxy(env.TRUST_PROXY),
    checkResponses: env.CHECK_RESPONSES === '1',
    mqtt: mqttClient(env),
    field: fieldConfigFromEnv(env),
    web: web(env),
    webhooks: webhooks(env),
    mail,
    notifications: notificationsConfigFromEnv(env, mail),
    log: { level: logLevel(env.LOG_LEVEL) },
    demo: demo(env),
    opsReminderTo: (env.OPS_REMINDER_TO ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    lanes: lanes(env),
    snapshots: snapshotConfigFromEnv(env, dataDir),
    cluster: clusterConfigFromEnv(env),
  };
}
