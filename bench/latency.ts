// Live latency benchmark: `npm run bench:latency` (or `sealwatch bench latency [options]`).
//
// Starts the whole server in this process on embedded defaults (PGlite on disk in a temporary
// DATA_DIR, the embedded MQTT broker), connects a customs /stream client, and has devices publish
// over MQTT (QoS 1, with their own credentials):
//   - background load: `--background` vehicles in transit, each reporting a position every second;
//   - the measured part: `--alerts` trips (distinct vehicles) each publish one report with a
//     tampered seal, which raises a seal_tamper alert; latency = publish → the alert on /stream;
//   - the baseline, interleaved with it: a plain position from the same vehicles; latency =
//     publish → that position on /stream.
// Both paths are the same (input log group commit → engine → output batch commit → /stream), so
// the ratio shows what raising an alert adds. Client and server share one process and event loop,
// so the figures include the client's own work.
//
// `--rebuild N` measures something else: the time to rebuild the engine state from N stored inputs
// (a crash restart), on a database filled with N synthetic inputs.
//
// Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { newSecret, sha256 } from '../src/auth/secrets.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { EngineInput, Telemetry, TransportNote } from '../src/core/types.ts';
import { telemetryTopic } from '../src/gateways/mqtt/topics.ts';
import { Monitor } from '../src/monitor/monitor.ts';
import { unnestRows } from '../src/monitor/sql.ts';
import { startServer } from '../src/server.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { CUSTOMS_UBN } from '../src/store/bootstrap.ts';
import { straightRoute } from './lib/straight-route.ts';

interface Options {
  alerts: number;
  background: number;
  intervalMs: number;
  rebuild: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { alerts: 500, background: 300, intervalMs: 20, rebuild: 0 };
  for (let i = 0; i < argv.length; i++) {
    const v = Number(argv[i + 1]);
    if (argv[i] === '--alerts') o.alerts = v;
    else if (argv[i] === '--background') o.background = v;
    else if (argv[i] === '--interval-ms') o.intervalMs = v;
    else if (argv[i] === '--rebuild') o.rebuild = v;
    else continue;
    i++;
  }
  return o;
}

// A straight 10 km route between two facilities (sample geometry near Kaohsiung).
const ORIGIN = 'BKT901';
const DESTINATION = 'BYC909';
const { facilities, route } = straightRoute({ origin: ORIGIN, destination: DESTINATION, routeCode: 'RT-BENCH', label: 'bench', maxDurationMin: 600 });

interface Vehicle {
  plate: string;
  obu: string;
  seal: string;
  secret: string;
}

const vehicleOf = (k: number): Vehicle => ({
  plate: `KBA${String(k).padStart(4, '0')}`,
  obu: `BOBU${k}`,
  seal: `BSEAL${k}`,
  secret: `swd_bench_${k}`,
});

function note(v: Vehicle, k: number): TransportNote {
  return {
    cnNo: `CNBENCH${String(k).padStart(6, '0')}`,
    function: '9',
    senderUbn: CUSTOMS_UBN,
    origin: ORIGIN,
    destination: DESTINATION,
    containers: [{ no: `BNCU${String(k).padStart(7, '0')}`, sealType: 'truck_eseal', sealNos: [v.seal] }],
    plate: v.plate,
    driverId: 'A123456789',
    transportCategory: 1,
    requiresConfirmation: false,
  };
}

const input = (type: EngineInput['type'], data: unknown) => ({ at: new Date().toISOString(), type, data }) as EngineInput;

function report(v: Vehicle, km: number, tsMs: number, seal: 'locked' | 'tampered'): Telemetry {
  return {
    deviceId: v.obu,
    ts: new Date(tsMs).toISOString(),
    lat: 22.6,
    lon: Math.round((120.3 + km * 0.01) * 1e6) / 1e6,
    speedKmh: 40,
    hdop: 1,
    seals: [{ id: v.seal, state: seal, link: 'ok', battery: 90 }],
  };
}

/** Registers the vehicles and their devices (credentials in the registry) and their trips. */
async function registerFleet(db: Db, monitor: Monitor, vehicles: Vehicle[], offset: number): Promise<void> {
  for (let i = 0; i < vehicles.length; i += 200) {
    const chunk = vehicles.slice(i, i + 200);
    await db.transaction(async (tx) => {
      for (const v of chunk) {
        await tx.query('insert into vehicles (plate, kind, category, body) values ($1, $2, $3, $4)', [
          v.plate, 'tractor', 1, JSON.stringify({ plate: v.plate, kind: 'tractor', category: 1 }),
        ]);
        await tx.query('insert into devices (id, kind, plate, body, secret_hash) values ($1, $2, $3, $4, $5)', [
          v.obu, 'obu', v.plate, JSON.stringify({ id: v.obu, kind: 'obu' }), sha256(v.secret),
        ]);
      }
    });
    await monitor.submit(
      chunk.flatMap((v, j) => [
        input('vehicle', { plate: v.plate, kind: 'tractor', category: 1, obuId: v.obu }),
        input('device', { id: v.obu, kind: 'obu', plate: v.plate }),
        input('device', { id: v.seal, kind: 'seal', obuId: v.obu }),
        input('transportNote', note(v, offset + i + j)),
      ]),
    );
  }
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}

async function connectAll(url: string, vehicles: Vehicle[]): Promise<MqttClient[]> {
  const out: MqttClient[] = [];
  for (let i = 0; i < vehicles.length; i += 50) {
    out.push(
      ...(await Promise.all(
        vehicles.slice(i, i + 50).map((v) => mqtt.connectAsync(url, { clientId: v.obu, username: v.obu, password: v.secret, reconnectPeriod: 0 })),
      )),
    );
  }
  return out;
}

async function latency(o: Options) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealwatch-bench-'));
  const adminKey = newSecret('swk');
  const config: Config = { ...loadConfig({}), dataDir, httpPort: 0, httpHost: '127.0.0.1', mqttPort: 0, jt808Port: 0, adminKey, mqttUrl: undefined };
  const server = await startServer(config, { logger: false });
  try {
    const monitor = server.ctx.services.monitor as Monitor;
    await monitor.submit([...facilities.map((f) => input('facility', f)), input('route', route)]);
    const measured = Array.from({ length: o.alerts }, (_, k) => vehicleOf(k));
    const background = Array.from({ length: o.background }, (_, k) => vehicleOf(o.alerts + k));
    await registerFleet(server.db, monitor, [...measured, ...background], 0);
    const url = `mqtt://127.0.0.1:${server.ports.mqtt}`;
    const measuredClients = await connectAll(url, measured);
    const backgroundClients = await connectAll(url, background);

    // Seal at the origin, then leave it: every trip is in transit before measuring.
    const t0 = Date.now() - 3600_000;
    const all = [...measured, ...background];
    const clients = [...measuredClients, ...backgroundClients];
    await Promise.all(all.map((v, i) => clients[i].publishAsync(telemetryTopic(v.obu), JSON.stringify(report(v, 0, t0, 'locked')), { qos: 1 })));
    await Promise.all(all.map((v, i) => clients[i].publishAsync(telemetryTopic(v.obu), JSON.stringify(report(v, 1, t0 + 60_000, 'locked')), { qos: 1 })));
    await monitor.settled();

    const ws = new WebSocket(`ws://127.0.0.1:${server.httpPort}/api/v1/stream?token=${adminKey}`);
    const pendingAlerts = new Map<string, number>();
    const pendingPositions = new Map<string, number>();
    const alertLatency: number[] = [];
    const positionLatency: number[] = [];
    let streamed = 0;
    ws.on('message', (raw) => {
      const now = performance.now();
      streamed++;
      const m = JSON.parse(raw.toString());
      if (m.type === 'alert' && m.data.alertType === 'seal_tamper') {
        const sent = pendingAlerts.get(m.data.plate);
        if (sent !== undefined) {
          alertLatency.push(now - sent);
          pendingAlerts.delete(m.data.plate);
        }
      } else if (m.type === 'position') {
        const key = `${m.data.deviceId}@${m.data.ts}`;
        const sent = pendingPositions.get(key);
        if (sent !== undefined) {
          positionLatency.push(now - sent);
          pendingPositions.delete(key);
        }
      }
    });
    await new Promise<void>((r) => ws.once('open', () => r()));

    // Background: each background vehicle reports once a second, spread over the second.
    let backgroundSent = 0;
    let bgTick = 0;
    const bgTimer = setInterval(() => {
      bgTick++;
      const slice = Math.ceil(background.length / 10);
      const part = bgTick % 10;
      for (let i = part * slice; i < Math.min(background.length, (part + 1) * slice); i++) {
        const v = background[i];
        const step = 2 + Math.floor(bgTick / 10);
        backgroundClients[i].publish(telemetryTopic(v.obu), JSON.stringify(report(v, 1 + step * 0.001, t0 + 60_000 + step * 1000, 'locked')), { qos: 1 });
        backgroundSent++;
      }
    }, 100);

    const started = performance.now();
    for (let k = 0; k < measured.length; k++) {
      const v = measured[k];
      const c = measuredClients[k];
      // Baseline: a plain new position.
      const plain = report(v, 1.1, t0 + 120_000, 'locked');
      pendingPositions.set(`${v.obu}@${plain.ts}`, performance.now());
      c.publish(telemetryTopic(v.obu), JSON.stringify(plain), { qos: 1 });
      await new Promise((r) => setTimeout(r, o.intervalMs / 2));
      // The alert: the seal reports tampered in transit.
      const bad = report(v, 1.2, t0 + 180_000, 'tampered');
      pendingAlerts.set(v.plate, performance.now());
      c.publish(telemetryTopic(v.obu), JSON.stringify(bad), { qos: 1 });
      await new Promise((r) => setTimeout(r, o.intervalMs / 2));
    }
    const deadline = Date.now() + 30_000;
    while ((pendingAlerts.size || pendingPositions.size) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const durationS = (performance.now() - started) / 1000;
    clearInterval(bgTimer);
    const stats = monitor.stats();
    const alerts = summary(alertLatency);
    const positions = summary(positionLatency);
    const result = {
      benchmark: 'latency',
      what: 'MQTT publish (QoS 1) → message on /stream, ms; server and clients in one process, PGlite on disk, embedded broker',
      alert: { ...alerts, missing: pendingAlerts.size },
      baselinePosition: { ...positions, missing: pendingPositions.size },
      ratio: { p50: Math.round((alerts.p50 / positions.p50) * 100) / 100, p99: Math.round((alerts.p99 / positions.p99) * 100) / 100 },
      load: {
        measuredVehicles: measured.length,
        backgroundVehicles: background.length,
        backgroundReportsPerSecond: background.length,
        backgroundReportsSent: backgroundSent,
        measuredReportsPerSecond: Math.round((2 * measured.length) / durationS),
        durationS: Math.round(durationS * 10) / 10,
        streamMessages: streamed,
      },
      pipeline: {
        inputBatches: stats.intake.batches,
        inputsPerBatch: Math.round((stats.intake.inputs / Math.max(1, stats.intake.batches)) * 10) / 10,
        largestInputBatch: stats.intake.largestBatch,
        outputBatches: stats.writer.batches,
        recordsPerOutputBatch: Math.round((stats.writer.records / Math.max(1, stats.writer.batches)) * 10) / 10,
      },
      node: process.version,
    };
    ws.close();
    await Promise.all(clients.map((c) => c.endAsync()));
    return result;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Fills a database with `n` synthetic inputs (many trips driving at once), then times a rebuild. */
async function rebuildCost(n: number) {
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'sealwatch-rebuild-'));
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
  try {
    await migrate(db);
    const trips = Math.max(1, Math.round(n / 500));
    const vehicles = Array.from({ length: trips }, (_, k) => vehicleOf(k));
    const T0 = Date.parse('2025-03-03T00:00:00Z');
    let seq = 0;
    const rows: unknown[][] = [];
    const push = (atMs: number, type: string, key: string | null, data: unknown) => {
      rows.push([new Date(atMs).toISOString(), type, key, JSON.stringify(data)]);
      seq++;
    };
    for (const f of facilities) push(T0, 'facility', null, f);
    push(T0, 'route', null, route);
    vehicles.forEach((v, k) => {
      push(T0, 'vehicle', v.plate, { plate: v.plate, kind: 'tractor', category: 1, obuId: v.obu });
      push(T0, 'device', v.plate, { id: v.obu, kind: 'obu', plate: v.plate });
      push(T0, 'device', v.plate, { id: v.seal, kind: 'seal', obuId: v.obu });
      push(T0, 'transportNote', v.plate, note(v, k));
    });
    const fill = async () => {
      const chunk = rows.splice(0, rows.length);
      for (let i = 0; i < chunk.length; i += 2000) {
        const part = chunk.slice(i, i + 2000);
        const { select, params } = unnestRows(part, ['timestamptz', 'text', 'text', 'json']);
        await db.query(`insert into engine_inputs (at, type, key, data) ${select}`, params);
      }
    };
    // Rounds of one report per trip, 5 s apart: every trip drives the 10 km route.
    const fillStarted = performance.now();
    for (let round = 0; seq < n; round++) {
      const km = Math.min(10, (round / 500) * 10);
      for (let k = 0; k < trips && seq < n; k++) {
        const v = vehicles[k];
        const ts = T0 + 60_000 + round * 5000;
        push(ts + k, 'telemetry', v.plate, report(v, km, ts, 'locked'));
      }
      if (rows.length >= 20_000) await fill();
    }
    await fill();
    const fillS = (performance.now() - fillStarted) / 1000;
    // As after a clean stop or a crash near the end: outputs stored up to the last input.
    await db.query('update monitor_progress set outputs_seq = (select max(seq) from engine_inputs)');
    const rssBefore = process.memoryUsage().rss;
    const monitor = new Monitor(db, { tickIntervalMs: 0 });
    const r = await monitor.start();
    await monitor.close();
    return {
      benchmark: 'rebuild',
      database: db.kind,
      storedInputs: r.inputs,
      ticks: r.ticks,
      trips,
      rebuildMs: r.ms,
      inputsPerSecond: Math.round(r.inputs / (r.ms / 1000)),
      rssGrowthMB: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
      fillSeconds: Math.round(fillS),
      node: process.version,
    };
  } finally {
    await db.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<void> {
  const o = parseArgs(argv);
  const result = o.rebuild > 0 ? await rebuildCost(o.rebuild) : await latency(o);
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
