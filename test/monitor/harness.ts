// The whole server for end-to-end tests: all ports 0, in-memory PGlite (or a fresh PostgreSQL
// database when TEST_DATABASE_URL is set), the embedded broker (or the broker at TEST_MQTT_URL
// when asked), and a world registered through the REST API like a real deployment would.
import { randomBytes } from 'node:crypto';
import { newSecret } from '../../src/auth/secrets.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { jt808Extension } from '../../src/extensions.ts';
import { commandsExtension } from '../../src/gateways/commands/extension.ts';
import { mqttExtension } from '../../src/gateways/mqtt/extension.ts';
import { monitorExtension } from '../../src/monitor/extension.ts';
import type { MonitorOptions } from '../../src/monitor/monitor.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { testDb } from '../helpers/db.ts';
import {
  DESTINATION, FLEET_UBN, ORIGIN, SENDER_UBN, YARD_UBN, facilities, route, type TripFixture,
} from './scenario.ts';

export interface Harness {
  server: RunningServer;
  base: string;
  adminKey: string;
  config: Config;
  request(method: string, path: string, body?: unknown, auth?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Use the external broker at this URL instead of the embedded one. */
  mqttUrl?: string;
  monitor?: Omit<MonitorOptions, 'log'>;
  logger?: boolean | object;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const tdb = await testDb();
  const adminKey = newSecret('swk');
  const config: Config = {
    ...loadConfig({}),
    checkResponses: true,
    dataDir: '',
    databaseUrl: tdb.databaseUrl,
    httpPort: 0,
    httpHost: '127.0.0.1',
    mqttPort: 0,
    jt808Port: 0,
    mqttUrl: opts.mqttUrl,
    adminKey,
  };
  const server = await startServer(config, {
    db: tdb.db,
    logger: opts.logger ?? false,
    extensions: [
      monitorExtension(opts.monitor),
      mqttExtension({ clientId: `sw-test-${randomBytes(4).toString('hex')}`, persistentSession: false }),
      jt808Extension(),
      commandsExtension(),
    ],
  });
  const base = `http://127.0.0.1:${server.httpPort}`;
  return {
    server,
    base,
    adminKey,
    config,
    async request(method, path, body, auth) {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      const a = auth ?? adminKey;
      if (a) headers.authorization = a.startsWith('Basic ') ? a : `Bearer ${a}`;
      const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed };
    },
    async close() {
      await server.close();
      await tdb.close();
    },
  };
}

type Requester = Pick<Harness, 'request'>;

async function ok(h: Requester, method: string, path: string, body: unknown, allowConflict = true) {
  const r = await h.request(method, path, body);
  if (r.status >= 300 && !(allowConflict && r.status === 409)) {
    throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
  }
  return r.body;
}

/** Companies, the two facilities, the route and a driver, through the REST API. */
export async function registerWorld(h: Requester): Promise<void> {
  await ok(h, 'POST', '/companies', { ubn: SENDER_UBN, name: 'Kaohsiung Terminal Operator', roles: ['yard', 'trader'] });
  await ok(h, 'POST', '/companies', { ubn: FLEET_UBN, name: 'Southern Bonded Trucking', roles: ['fleet'] });
  await ok(h, 'POST', '/companies', { ubn: YARD_UBN, name: 'Daliao Yard', roles: ['yard'] });
  for (const f of facilities) await ok(h, 'POST', '/facilities', f);
  await ok(h, 'POST', '/routes', route);
  await ok(h, 'POST', '/drivers', { nationalId: 'A123456789', name: 'Driver One', fleetUbn: FLEET_UBN });
}

/** A trip's vehicle, OBU and seals and its CN, through the REST API; returns the device secrets. */
export async function registerTrip(h: Requester, t: TripFixture, opts: { cn?: boolean } = {}): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  await ok(h, 'POST', '/vehicles', { plate: t.plate, kind: 'tractor', category: 1, fleetUbn: FLEET_UBN });
  const obu = await ok(h, 'POST', '/devices', { id: t.obu, kind: 'obu', plate: t.plate }, false);
  secrets[t.obu] = obu.secret;
  for (const s of t.seals) secrets[s] = (await ok(h, 'POST', '/devices', { id: s, kind: 'seal', obuId: t.obu }, false)).secret;
  if (opts.cn !== false) await ok(h, 'POST', '/transport-notes', transportNote(t), false);
  return secrets;
}

export function transportNote(t: TripFixture) {
  return {
    cnNo: t.cnNo,
    function: '9',
    senderUbn: SENDER_UBN,
    origin: ORIGIN,
    destination: DESTINATION,
    containers: [
      { no: t.containers[0], sealType: 'truck_eseal', sealNos: [t.seals[0]] },
      { no: t.containers[1], sealType: 'truck_eseal', sealNos: [t.seals[1]] },
    ],
    plate: t.plate,
    driverId: 'A123456789',
    transportCategory: 1,
    requiresConfirmation: false,
  };
}

export const basic = (deviceId: string, secret: string) => `Basic ${Buffer.from(`${deviceId}:${secret}`).toString('base64')}`;

/** Polls until `check` returns a value (not undefined/false/null), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T> | T, ms = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined && v !== null && v !== false) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
