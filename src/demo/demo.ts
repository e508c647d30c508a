// The demo fleet of `npm start` / `sealwatch serve --demo`: demo companies and logins for every
// role, a demo yard API key, the sample Taiwan facilities and routes, and a simulated fleet driving
// them live against the server's own ports (REST, MQTT, JT/T 808), with a few incidents an hour.
//
// Restartable on an existing DATA_DIR: companies, users and vehicles are created once; API keys
// are issued afresh (the old demo keys revoked, since a key is shown only when made); trips the
// previous run left open are wound up (cancelled, or unsealed with authority) before the new run.
// The simulator drives the lanes with a customs-officer key of its own; the customs-admin key
// printed for the newcomer is a different one, so revoking either leaves the other working.
import type { Role } from '../auth/roles.ts';
import { hashPassword, newId, newSecret, sha256 } from '../auth/secrets.ts';
import { ALERT_TYPES } from '../core/types.ts';
import type { RunningServer } from '../server.ts';
import { CUSTOMS_UBN } from '../store/bootstrap.ts';
import type { Db } from '../store/db.ts';
import { Fleet } from '../sim/fleet.ts';
import { deepestPoint } from '../sim/geo.ts';
import { nationalIdFor, ubnFrom } from '../sim/ids.ts';
import { LiveRun } from '../sim/live.ts';
import { HttpTelemetry } from '../sim/transports/http-telemetry.ts';
import { HttpError, RestClient } from '../sim/transports/rest.ts';
import type { TransportKind } from '../sim/types.ts';
import { loadWorld } from '../sim/world.ts';

/** The password of every demo login. Demo data only: change or disable these accounts anywhere real. */
export const DEMO_PASSWORD = 'sealwatch-demo';

export const DEMO_COMPANIES = {
  yard: { ubn: ubnFrom(2_700_001), name: '示範貨櫃集散站 (Demo Container Yard)', roles: ['yard'] },
  fleet: { ubn: ubnFrom(5_300_001), name: '示範聯結車隊 (Demo Bonded Fleet)', roles: ['fleet'] },
  trader: { ubn: ubnFrom(8_100_001), name: '示範進出口商 (Demo Importer)', roles: ['trader'] },
  supplier: { ubn: ubnFrom(4_200_001), name: '示範設備商 (Demo Device Supplier)', roles: ['supplier'] },
  judicial: { ubn: ubnFrom(9_900_001), name: '示範司法機關 (Demo Prosecutors Office)', roles: ['judicial'] },
} as const;

interface DemoUser {
  username: string;
  name: string;
  company: string;
  role: Role;
  nationalId?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'demo-admin', name: 'Demo customs admin', company: CUSTOMS_UBN, role: 'customs_admin' },
  { username: 'demo-officer', name: 'Demo customs officer', company: CUSTOMS_UBN, role: 'customs_officer' },
  { username: 'demo-yard', name: 'Demo yard operator', company: DEMO_COMPANIES.yard.ubn, role: 'yard_operator' },
  { username: 'demo-responsible', name: 'Demo responsible person', company: DEMO_COMPANIES.yard.ubn, role: 'responsible_person' },
  { username: 'demo-fleet', name: 'Demo fleet operator', company: DEMO_COMPANIES.fleet.ubn, role: 'fleet_operator' },
  { username: 'demo-driver', name: 'Demo driver', company: DEMO_COMPANIES.fleet.ubn, role: 'driver', nationalId: nationalIdFor(0) },
  { username: 'demo-trader', name: 'Demo importer', company: DEMO_COMPANIES.trader.ubn, role: 'trader' },
  { username: 'demo-supplier', name: 'Demo device supplier', company: DEMO_COMPANIES.supplier.ubn, role: 'supplier' },
  { username: 'demo-judicial', name: 'Demo prosecutor', company: DEMO_COMPANIES.judicial.ubn, role: 'judicial' },
];

export interface DemoHandle {
  yardKey: string;
  /** The customs-admin key printed for the newcomer (not the simulator's). */
  adminKey: string;
  /** Resolves once the previous run's trips are wound up and the fleet is on the road. */
  live: Promise<void>;
  fleet: Fleet;
  run: LiveRun;
  /** Resolves when the live run ends (it runs until close()). */
  done: Promise<void>;
  close(): Promise<void>;
}

/** Made-up contacts, so an alert shows whom an officer would call (kept if someone changed them). */
const DEMO_CONTACTS: Record<string, [string, string]> = {
  [DEMO_COMPANIES.yard.ubn]: ['值班主管 Duty manager', '07-571-0001'],
  [DEMO_COMPANIES.fleet.ubn]: ['調度中心 Dispatch', '07-571-0002'],
};

async function ensureCompanies(db: Db): Promise<void> {
  for (const c of Object.values(DEMO_COMPANIES)) {
    await db.query('insert into companies (ubn, name, roles) values ($1, $2, $3) on conflict (ubn) do nothing', [c.ubn, c.name, [...c.roles]]);
    const contact = DEMO_CONTACTS[c.ubn];
    if (contact) {
      await db.query('update companies set contact_name = $2, contact_phone = $3 where ubn = $1 and contact_phone is null', [c.ubn, ...contact]);
    }
  }
}

/** A made-up mobile number for each demo driver that has none (0900 is not a real prefix). */
async function ensureDriverPhones(db: Db): Promise<void> {
  await db.query(
    `update drivers set phone = '0900-' || lpad((abs(hashtext(national_id)) % 1000000)::text, 6, '0')
     where fleet_ubn = $1 and phone is null`,
    [DEMO_COMPANIES.fleet.ubn],
  );
}

/** Creates the demo logins that do not exist yet; existing ones (maybe with a changed password) are left alone. */
async function ensureUsers(db: Db, storageCodes: string[]): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await db.query(
      `insert into users (id, username, name, company_ubn, roles, national_id, storage_codes, password_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (username) do nothing`,
      [newId('usr'), u.username, u.name, u.company, [u.role], u.nationalId ?? null, u.role === 'responsible_person' ? storageCodes : [], hash],
    );
  }
  // The responsible person follows the sample facilities as they are now.
  await db.query(`update users set storage_codes = $1 where username = 'demo-responsible'`, [storageCodes]);
}

/** A fresh key under `name`, revoking the previous demo key of that name. */
async function issueKey(db: Db, name: string, companyUbn: string, roles: Role[]): Promise<string> {
  await db.query('update api_keys set revoked_at = now() where name = $1 and revoked_at is null', [name]);
  const key = newSecret('swk');
  await db.query(
    `insert into api_keys (id, company_ubn, name, prefix, key_hash, roles) values ($1, $2, $3, $4, $5, $6)`,
    [newId('key'), companyUbn, name, key.slice(0, 8), sha256(key), roles],
  );
  return key;
}

/**
 * The sample yards and terminals get their own code as storage code (監管編號) when they have none,
 * so the demo responsible person may confirm sealings there.
 */
async function sampleStorageCodes(db: Db): Promise<string[]> {
  await db.query(
    `update facilities set storage_codes = array[code]
     where sample and cardinality(storage_codes) = 0 and kind in ('port_terminal', 'container_yard', 'warehouse', 'factory')`,
  );
  const rows = await db.query<{ code: string }>(`select distinct unnest(storage_codes) as code from facilities where sample order by 1`);
  return rows.map((r) => r.code);
}

/**
 * Trips of the demo plates that the previous run left open hold their seals (a new CN cannot bind
 * them) and would be reported silent and late. The story told instead: the trucks finished their
 * trips while the demo was down. Trips not yet departed are cancelled. A trip on the road reports
 * from each route checkpoint it still had to pass and then from its destination, two fixes each
 * (so the platform's outlier filter sees a position confirmed, not a jump), and its seals report
 * open once it has arrived; it closes as any trip does. Each seal is first unsealed with authority
 * (as an officer would for a truck that finished unseen), so a seal opening is never tampering even
 * when a drive-to-the-destination fix is refused: a restart raises no seal_tamper storm.
 */
async function windUpPreviousTrips(
  db: Db,
  rest: RestClient,
  http: HttpTelemetry,
  fleet: Fleet,
  secrets: ReadonlyMap<string, string>,
  log: (m: string) => void,
): Promise<void> {
  const plates = fleet.trucks.map((t) => t.plate);
  const rows = await db.query<{ trip_id: string; plate: string; state: string; cn_nos: string[]; seal_ids: string[]; destination: string | null; route_code: string | null }>(
    `select trip_id, plate, state, cn_nos, seal_ids, destination, route_code from trips
     where plate = any($1) and state not in ('closed', 'cancelled')`,
    [plates],
  );
  const facility = (code: string | null | undefined) => fleet.opts.world.facilities.find((f) => f.code === code);
  let cancelled = 0;
  let finished = 0;
  for (const t of rows) {
    try {
      if (['planned', 'sealed', 'confirmed'].includes(t.state)) {
        for (const cnNo of t.cn_nos) await rest.request('POST', '/transport-notes', { cnNo, function: '1' }, `Bearer ${rest.keys.confirm}`);
        cancelled++;
        continue;
      }
      // After the trip's last stored fix, whenever the previous run stopped: an earlier time would
      // be taken for a late (buffered) report and not move the trip.
      const [last] = await db.query<{ ts: Date | string | null }>('select max(ts) as ts from positions where trip_id = $1', [t.trip_id]);
      let ts = Math.max(Date.now() - 30_000, last?.ts ? new Date(last.ts).getTime() + 1000 : 0);
      const truck = fleet.trucks.find((k) => k.plate === t.plate);
      const obuSecret = truck ? secrets.get(truck.obuId) : undefined;
      if (t.state === 'in_transit' && truck && obuSecret) {
        const route = fleet.opts.world.routes.find((r) => r.code === t.route_code);
        const stops = [...(route?.checkpoints ?? []), t.destination].map(facility).filter((f) => f !== undefined);
        for (const f of stops) {
          const [lon, lat] = deepestPoint(f.area).point;
          for (let i = 0; i < 2; i++) {
            await http.send(truck.obuId, obuSecret, [{ deviceId: truck.obuId, ts: new Date((ts += 2000)).toISOString(), lat, lon, speedKmh: 0 }]);
          }
        }
      }
      for (const sealId of t.seal_ids) {
        const secret = secrets.get(sealId);
        if (!secret) continue;
        await rest.request('POST', `/seals/${encodeURIComponent(sealId)}/unseal`, { reason: 'demo restart: trip finished while the demo was down' }, `Bearer ${rest.keys.confirm}`);
        await http.send(sealId, secret, [{ deviceId: sealId, ts: new Date((ts += 2000)).toISOString(), state: 'unlocked' }]);
      }
      finished++;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      log(`demo: could not wind up trip ${t.trip_id}: ${err.message}`);
    }
  }
  if (rows.length) log(`demo: wound up ${rows.length} trips of the previous run (${cancelled} cancelled, ${finished} finished at their destination)`);
}

export interface DemoOptions {
  /** Prepare the risk workbench's model and declarations (default true; heavy, so tests may skip it). */
  risk?: boolean;
  /** Where the welcome text goes (default: standard output). */
  print?: (text: string) => void;
}

export async function startDemo(server: RunningServer, opts: DemoOptions = {}): Promise<DemoHandle> {
  const { db, ctx } = server;
  const log = (msg: string) => server.app.log.info(msg);
  const { loadSampleData, SAMPLE_DIR } = await import('../registry/load-sample.ts');
  const loaded = await loadSampleData(ctx);
  if (loaded.rejected.length) log(`demo: ${loaded.rejected.length} sample bodies rejected`);
  await ensureCompanies(db);
  await ensureUsers(db, await sampleStorageCodes(db));
  const yardKey = await issueKey(db, 'demo yard key', DEMO_COMPANIES.yard.ubn, ['yard_operator']);
  const fleetKey = await issueKey(db, 'demo simulator: fleet', DEMO_COMPANIES.fleet.ubn, ['fleet_operator']);
  // Lanes, confirmations, cancellations and authorised unseals: an officer's rights, no more.
  const customsKey = await issueKey(db, 'demo simulator: customs lanes', CUSTOMS_UBN, ['customs_officer']);
  const adminKey = await issueKey(db, 'demo customs admin key', CUSTOMS_UBN, ['customs_admin']);

  const { trucks, incidentsPerHour } = ctx.config.demo;
  const ports = server.ports;
  const mix: Partial<Record<TransportKind, number>> = ports.jt808 ? { mqtt: 80, http: 10, jt808: 10 } : { mqtt: 90, http: 10 };
  const fleet = new Fleet({
    world: loadWorld(SAMPLE_DIR),
    seed: 'demo',
    trucks,
    startMs: Math.floor(Date.now() / 1000) * 1000,
    incidentsPerHour,
    incidentTypes: ALERT_TYPES,
    earlyIncidents: trucks >= 3 ? ['seal_tamper', 'low_battery', 'seal_link_lost'] : [],
    mix,
    fleetUbn: DEMO_COMPANIES.fleet.ubn,
    yardUbn: DEMO_COMPANIES.yard.ubn,
    confirmer: 'demo-responsible',
    warmShare: 0.85,
    // Passive seals are most of what customs supervises: some trucks run point to point.
    passiveShare: 0.25,
    mixedShare: 0.1,
    staggerS: 900,
    includeReference: false,
  });
  const baseUrl = `http://127.0.0.1:${server.httpPort}`;
  const controller = new AbortController();
  const keys = { default: customsKey, fleet: fleetKey, yard: yardKey, confirm: customsKey, gate: customsKey, reference: customsKey };
  const run = new LiveRun(fleet, {
    baseUrl,
    keys,
    mqttUrl: ctx.config.mqttUrl ?? (ports.mqtt ? `mqtt://127.0.0.1:${ports.mqtt}` : undefined),
    jt808: ports.jt808 ? { host: '127.0.0.1', port: ports.jt808 } : undefined,
    sendReference: false,
    log: (msg, extra) => server.app.log.info(extra ?? {}, msg),
    onLive: () => log(`demo: ${trucks} trucks on the road`),
    signal: controller.signal,
  });

  const rest = new RestClient(baseUrl, keys);
  const http = new HttpTelemetry(baseUrl);
  let onLive!: () => void;
  const live = new Promise<void>((resolve) => (onLive = resolve));
  const done = (async () => {
    // Registration first (device secrets renewed), then last run's loose ends, then the fleet.
    await run.setup(fleet.setupItems());
    await ensureDriverPhones(db);
    await windUpPreviousTrips(db, rest, http, fleet, run.deviceSecrets, log);
    onLive();
    await run.run({ skipSetup: true });
  })()
    .catch((err) => server.app.log.error({ err }, 'demo: the simulated fleet stopped'))
    .finally(() => onLive());

  // The risk workbench's model and declarations, in the background (training takes a while).
  if (opts.risk !== false) {
    const { seedRiskDemo } = await import('../risk/demo.ts');
    void seedRiskDemo(ctx, log).catch((err) => server.app.log.error({ err }, 'demo: the risk model could not be prepared'));
  }

  const driverTruck = fleet.trucks.find((t) => t.driver.nationalId === DEMO_DRIVER_ID);
  (opts.print ?? console.log)(welcomeText({ httpPort: server.httpPort, yardKey, adminKey, trucks, driverPlate: driverTruck?.plate ?? null }));
  return {
    yardKey,
    adminKey,
    live,
    fleet,
    run,
    done,
    async close() {
      controller.abort();
      await done;
      await run.close();
    },
  };
}

/** The national ID of the demo driver login: the driver of the fleet's first truck. */
export const DEMO_DRIVER_ID = nationalIdFor(0);

/** Rows of label and value, the labels padded to one column. */
function table(rows: [string, string][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`);
}

/** What a newcomer reads on starting the demo: where to go, how to log in, which keys to use. */
export function welcomeText(o: { httpPort: number; yardKey: string; adminKey: string; trucks: number; driverPlate: string | null }): string {
  const base = `http://localhost:${o.httpPort}`;
  const login = (u: DemoUser): string => {
    if (u.role !== 'driver') return u.role;
    return `${u.role} (ID ${u.nationalId ?? '—'}${o.driverPlate ? `, plate ${o.driverPlate}` : ''})`;
  };
  return [
    '',
    `SealWatch demo: ${o.trucks} simulated trucks on the sample Taiwan routes (DEMO_TRUCKS to change).`,
    '',
    'Addresses',
    ...table([
      ['Monitoring centre', `${base}/`],
      ['Trade portal', `${base}/portal/`],
      ['Driver app', `${base}/field/`],
      ['API documentation', `${base}/api/docs`],
    ]),
    '',
    `Logins (password "${DEMO_PASSWORD}" for all; demo data only)`,
    ...table(DEMO_USERS.map((u) => [u.username, login(u)])),
    '',
    'API keys (send as "Authorization: Bearer KEY")',
    ...table([
      ['customs admin', o.adminKey],
      [`yard (${DEMO_COMPANIES.yard.ubn})`, o.yardKey],
    ]),
    `  e.g. curl -H "Authorization: Bearer ${o.adminKey}" ${base}/api/v1/audit`,
    '',
  ].join('\n');
}
