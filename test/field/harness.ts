// The platform for field-operation tests: the whole server (monitor, embedded MQTT broker,
// command dispatcher) on port 0 with the field app served at /field/, a DATA_DIR of its own (photo
// files, the key-encryption key), and a world registered through the REST API: an origin terminal
// and a destination yard with storage codes, a route, a tractor with its OBU and two e-seals, a
// driver with an RFID port pass, and the people of the field (driver, responsible persons, customs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import type { AppContext } from '../../src/platform.ts';
import { newSecret } from '../../src/auth/secrets.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { FieldConfig } from '../../src/field/config.ts';
import { registerFieldApp } from '../../src/api/field-app.ts';
import { commandsExtension } from '../../src/gateways/commands/extension.ts';
import { mqttExtension } from '../../src/gateways/mqtt/extension.ts';
import type { Monitor } from '../../src/monitor/monitor.ts';
import { monitorExtension } from '../../src/monitor/extension.ts';
import type { ServerExtension } from '../../src/platform.ts';
import { CUSTOMS_UBN, ensureAdminKey, ensureCustomsCompany } from '../../src/store/bootstrap.ts';
import type { Db } from '../../src/store/db.ts';
import { testDb } from '../helpers/db.ts';
import { DESTINATION, FLEET_UBN, ORIGIN, SENDER_UBN, YARD_UBN, facilities, route, type TripFixture } from '../monitor/scenario.ts';

export { DESTINATION, FLEET_UBN, ORIGIN, SENDER_UBN, YARD_UBN };
/** A second facility of the origin's operator, with a storage code of its own. */
export const OTHER_FACILITY = 'BKT902';
export const ORIGIN_CODE = 'K1001';
export const OTHER_CODE = 'K2002';
export const DEST_CODE = 'D9001';
export const DRIVER_ID = 'A123456789';
export const DRIVER2_ID = 'B123456780';
export const DRIVER2_CARD = 'PASS0002';
export const PASSWORD = 'field password 1';

export interface FieldHarness {
  base: string;
  ctx: AppContext;
  app: FastifyInstance;
  db: Db;
  monitor: Monitor;
  mqttPort: number;
  adminKey: string;
  dataDir: string;
  /** JSON request; auth is an API key, a session token or "Basic ..."; default the admin key. */
  request(method: string, path: string, body?: unknown, auth?: string | null): Promise<{ status: number; body: any; headers: Headers }>;
  /** multipart/form-data request. */
  upload(path: string, form: FormData, auth: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface FieldHarnessOptions {
  field?: Partial<FieldConfig>;
  /** Serve the field app from this directory (a fresh build). */
  fieldAppRoot?: string;
}

export async function startFieldHarness(opts: FieldHarnessOptions = {}): Promise<FieldHarness> {
  const tdb = await testDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-field-'));
  const adminKey = newSecret('swk');
  const config: Config = {
    ...loadConfig({}),
    checkResponses: true,
    dataDir,
    databaseUrl: tdb.databaseUrl,
    httpPort: 0,
    httpHost: '127.0.0.1',
    mqttPort: 0,
    jt808Port: 0,
    adminKey,
  };
  const db = tdb.db;
  await ensureCustomsCompany(db);
  await ensureAdminKey(db, adminKey);
  const ctx: AppContext = {
    db,
    config,
    inputs: { submit: async () => Promise.reject(new Error('no monitor')), transact: async () => Promise.reject(new Error('no monitor')) },
    services: { fieldConfig: opts.field ?? {} },
  };
  const extensions: ServerExtension[] = [
    monitorExtension({ tickIntervalMs: 200 }),
    mqttExtension({ clientId: `sw-field-${randomBytes(4).toString('hex')}`, persistentSession: false }),
    commandsExtension(),
  ];
  for (const e of extensions) await e.beforeApp?.(ctx);
  const app = await buildApp(ctx, { logger: false });
  await registerFieldApp(app, { root: opts.fieldAppRoot });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const httpPort = typeof address === 'object' && address ? address.port : 0;
  const ports: Record<string, number> = { http: httpPort };
  for (const e of extensions) await e.afterListen?.(ctx, app, ports);
  const base = `http://127.0.0.1:${httpPort}`;

  const auth = (a: string | null | undefined): Record<string, string> => {
    const v = a === undefined ? adminKey : a;
    return v ? { authorization: v.startsWith('Basic ') ? v : `Bearer ${v}` } : {};
  };
  return {
    base,
    ctx,
    app,
    db,
    monitor: ctx.services.monitor as Monitor,
    mqttPort: ports.mqtt,
    adminKey,
    dataDir,
    async request(method, path, body, a) {
      const headers: Record<string, string> = { ...auth(a) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async upload(path, form, a) {
      const res = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: auth(a), body: form });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      for (const e of [...extensions].reverse()) await e.close?.();
      await app.close();
      // The test database closes its own connection (PostgreSQL: before dropping the database).
      await tdb.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Requester = Pick<FieldHarness, 'request'>;

async function ok(h: Requester, method: string, path: string, body: unknown, auth?: string) {
  const r = await h.request(method, path, body, auth);
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface FieldWorld {
  secrets: Record<string, string>;
  tokens: {
    driver: string;
    driver2: string;
    /** Responsible person of the origin terminal (storage code K1001). */
    originRp: string;
    /** Responsible person of the same company holding only another facility's code. */
    otherRp: string;
    /** Responsible person of the destination yard (D9001). */
    destRp: string;
    customs: string;
    yardOperator: string;
  };
  userIds: Record<string, string>;
}

async function login(h: Requester, username: string): Promise<string> {
  return (await ok(h, 'POST', '/auth/login', { username, password: PASSWORD }, '')).token;
}

/** Companies, facilities with storage codes, the route, drivers and the field's people. */
export async function registerFieldWorld(h: Requester): Promise<Omit<FieldWorld, 'secrets'>> {
  await ok(h, 'POST', '/companies', { ubn: SENDER_UBN, name: 'Kaohsiung Terminal Operator', roles: ['yard', 'trader'] });
  await ok(h, 'POST', '/companies', { ubn: FLEET_UBN, name: 'Southern Bonded Trucking', roles: ['fleet'] });
  await ok(h, 'POST', '/companies', { ubn: YARD_UBN, name: 'Daliao Yard', roles: ['yard'] });
  const [origin, dest] = facilities;
  await ok(h, 'POST', '/facilities', { ...origin, storageCodes: [ORIGIN_CODE] });
  await ok(h, 'POST', '/facilities', { ...dest, storageCodes: [DEST_CODE] });
  const shifted = JSON.parse(JSON.stringify(origin.area));
  shifted.coordinates[0] = shifted.coordinates[0].map(([lon, lat]: number[]) => [lon, lat + 0.05]);
  await ok(h, 'POST', '/facilities', { code: OTHER_FACILITY, name: 'Kaohsiung Terminal 2 (sample)', kind: 'port_terminal', area: shifted, operatorUbn: SENDER_UBN, storageCodes: [OTHER_CODE] });
  await ok(h, 'POST', '/routes', route);
  await ok(h, 'POST', '/drivers', { nationalId: DRIVER_ID, name: '王大明', fleetUbn: FLEET_UBN });
  await ok(h, 'POST', '/drivers', { nationalId: DRIVER2_ID, name: '李小華', fleetUbn: FLEET_UBN, rfidCard: DRIVER2_CARD });
  const users: [string, string, string[], Record<string, unknown>][] = [
    ['driver.one', FLEET_UBN, ['driver'], { nationalId: DRIVER_ID }],
    ['driver.two', FLEET_UBN, ['driver'], { nationalId: DRIVER2_ID }],
    ['rp.origin', SENDER_UBN, ['responsible_person'], { storageCodes: [ORIGIN_CODE] }],
    ['rp.other', SENDER_UBN, ['responsible_person'], { storageCodes: [OTHER_CODE] }],
    ['rp.dest', YARD_UBN, ['responsible_person'], { storageCodes: [DEST_CODE] }],
    ['officer', CUSTOMS_UBN, ['customs_officer'], {}],
    ['yard.op', SENDER_UBN, ['yard_operator'], {}],
  ];
  const userIds: Record<string, string> = {};
  for (const [username, companyUbn, roles, extra] of users) {
    const u = await ok(h, 'POST', '/users', { username, name: username, companyUbn, roles, password: PASSWORD, ...extra });
    userIds[username] = u.id;
  }
  return {
    tokens: {
      driver: await login(h, 'driver.one'),
      driver2: await login(h, 'driver.two'),
      originRp: await login(h, 'rp.origin'),
      otherRp: await login(h, 'rp.other'),
      destRp: await login(h, 'rp.dest'),
      customs: await login(h, 'officer'),
      yardOperator: await login(h, 'yard.op'),
    },
    userIds,
  };
}

/** The trip's vehicle, OBU and seals (and the CN unless cn: false); returns the device secrets. */
export async function registerFieldTrip(
  h: Requester,
  t: TripFixture,
  opts: { cn?: boolean; requiresConfirmation?: boolean; driverId?: string } = {},
): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  await ok(h, 'POST', '/vehicles', { plate: t.plate, kind: 'tractor', category: 1, fleetUbn: FLEET_UBN });
  secrets[t.obu] = (await ok(h, 'POST', '/devices', { id: t.obu, kind: 'obu', plate: t.plate, ownerUbn: FLEET_UBN })).secret;
  for (const s of t.seals) secrets[s] = (await ok(h, 'POST', '/devices', { id: s, kind: 'seal', ownerUbn: FLEET_UBN })).secret;
  if (opts.cn !== false) await ok(h, 'POST', '/transport-notes', fieldNote(t, opts));
  return secrets;
}

export function fieldNote(t: TripFixture, opts: { requiresConfirmation?: boolean; driverId?: string } = {}) {
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
    driverId: opts.driverId ?? DRIVER_ID,
    transportCategory: 1,
    releaseCode: '1',
    requiresConfirmation: opts.requiresConfirmation ?? true,
  };
}

export const basic = (deviceId: string, secret: string) => `Basic ${Buffer.from(`${deviceId}:${secret}`).toString('base64')}`;

/** A PNG of w×h pixels coloured by `rgb(x, y)`: a stand-in for a phone photo in tests. */
export function makePng(w: number, h: number, rgb: (x: number, y: number) => [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) raw.set(rgb(x, y), y * (w * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A container door, roughly: blue corrugated panels with a white number plate and a yellow seal. */
export function doorPhoto(w = 240, h = 180): Buffer {
  return makePng(w, h, (x, y) => {
    if (x > w * 0.1 && x < w * 0.55 && y > h * 0.1 && y < h * 0.25) return [245, 245, 245];
    if (x > w * 0.7 && x < w * 0.78 && y > h * 0.45 && y < h * 0.6) return [250, 200, 20];
    const stripe = Math.floor(x / 8) % 2 === 0 ? 0 : 18;
    return [20 + stripe, 70 + stripe, 140 + stripe];
  });
}

export const PNG_BYTES = doorPhoto(16, 12);

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
