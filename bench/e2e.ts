// End-to-end benchmark: `npm run bench:e2e [-- --mode embedded|postgres|both --rate N|step
// --seconds S --devices D --alerts A --step-seconds S --ingest-clients N --reports-per-message K]`.
//
// By default it checks the platform's target: 20,000 positions a second for 60 s with none lost and
// alert latency p99 under 250 ms, from devices that send ten fixes per message (a tracker that fixes
// every second and publishes every ten); `--reports-per-message 1` sends one report per message,
// `--rate step` searches for the highest sustained rate instead.
//
// Simulated devices publish telemetry over MQTT (QoS 1, each device its own connection and
// credentials; with K reports per message, a device's next K reports as one array; a tampered seal
// is always sent at once, alone) into a SealWatch server running as a child process (so its CPU and
// memory are measured apart from this load generator). Per mode:
//   1. the raw ceiling: a publish → receive loop through the same broker without SealWatch (a bare
//      Aedes in its own process for the embedded mode; Mosquitto, received by as many shared-
//      subscription clients as the platform uses, for the PostgreSQL mode);
//   2. setup through the REST API as a customs admin (SEALWATCH_ADMIN_KEY): facilities and a route,
//      then per truck a vehicle, an OBU (the API answers its secret) and a seal, then the transport
//      notes in batches of 500; every truck reports once at the origin (sealed) and once on the road
//      (in transit);
//   3. with `--rate step`, the rate steps up (--step-seconds each) until a step is not sustained:
//      sustained means every position sent is stored (counted in the database after the step
//      drains), the generator reached the rate, and the backlog drained within 2 s;
//   4. the rate (or the highest sustained step) runs for --seconds, with a tampered seal injected for
//      a sample of trips spread over the run: alert latency is publish → the seal_tamper alert on
//      /stream (a customs subscriber, which also receives every live position); `target` says
//      whether the run met the target (sustained, no alert missing, p99 under 250 ms);
//   5. memory per active trip (server RSS and heap growth from before setup, after a GC, divided by
//      the trips in transit) and CPU (from /proc/<pid>/stat: server, and broker/PostgreSQL when on
//      this machine).
// Embedded: PGlite in a temporary DATA_DIR, the embedded broker. PostgreSQL: a database of its own
// (created and dropped) at DATABASE_URL's server, Mosquitto at MQTT_URL (defaults: the local ones).
// Prints one JSON object.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { newSecret } from '../src/auth/secrets.ts';
import { ingestClientsFromEnv } from '../src/config.ts';
import type { ServerStats } from './lib/e2e-server.ts';
import {
  clearSessions, connectDevices, cpuSeconds, forkChild, mosquittoPid, Publisher, rawLoop, setupFleet, sleep,
  type Child, type PaceResult, type RawResult,
} from './lib/e2e-load.ts';

type Mode = 'embedded' | 'postgres';

interface Options {
  mode: Mode | 'both';
  rate: number | null;
  seconds: number;
  stepSeconds: number;
  devices: number;
  alerts: number;
  ingestClients: number;
  databaseUrl: string;
  mqttUrl: string;
  rawSeconds: number;
  reportsPerMessage: number;
}

/** What the platform must sustain on a 2-core machine (PostgreSQL and the broker on it too). */
const TARGET = { rate: 20_000, seconds: 60, alertP99Ms: 250 };

const STEPS = [1000, 2000, 3000, 4000, 5000, 6000, 8000, 10_000, 12_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000];

function parseArgs(argv: string[]): Options {
  const o: Options = {
    mode: 'both',
    rate: TARGET.rate,
    seconds: 60,
    stepSeconds: 10,
    devices: 1000,
    alerts: 200,
    ingestClients: ingestClientsFromEnv(process.env),
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    mqttUrl: process.env.MQTT_URL || 'mqtt://127.0.0.1:1883',
    rawSeconds: 5,
    reportsPerMessage: 10,
  };
  let modeGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--mode') {
      if (v !== 'embedded' && v !== 'postgres' && v !== 'both') throw new Error('--mode is embedded, postgres or both');
      o.mode = v;
      modeGiven = true;
    } else if (a === '--rate') o.rate = v === 'step' ? null : Number(v);
    else if (a === '--seconds') o.seconds = Number(v);
    else if (a === '--step-seconds') o.stepSeconds = Number(v);
    else if (a === '--devices') o.devices = Number(v);
    else if (a === '--alerts') o.alerts = Number(v);
    else if (a === '--ingest-clients') o.ingestClients = Number(v);
    else if (a === '--database-url') o.databaseUrl = v;
    else if (a === '--mqtt-url') o.mqttUrl = v;
    else if (a === '--raw-seconds') o.rawSeconds = Number(v);
    else if (a === '--reports-per-message') o.reportsPerMessage = Number(v);
    else throw new Error(`unknown option ${a}`);
    i++;
  }
  // Given both URLs and no mode: the PostgreSQL + external broker mode only.
  if (!modeGiven && process.env.DATABASE_URL && process.env.MQTT_URL) o.mode = 'postgres';
  o.alerts = Math.min(o.alerts, o.devices);
  if (!Number.isInteger(o.reportsPerMessage) || o.reportsPerMessage < 1 || o.reportsPerMessage > 1000) {
    throw new Error('--reports-per-message is a whole number from 1 to 1000');
  }
  return o;
}

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(2000, () => done(false));
  });
}

/** CPU seconds per process with this command name (e.g. the PostgreSQL backends), by pid. */
function cpuOfCommand(name: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
      byPid.set(Number(d), cpuSeconds(Number(d)) ?? 0);
    } catch {
      // The process ended meanwhile.
    }
  }
  return byPid;
}

/** CPU seconds used between two readings (a process that ended in between is not counted). */
function cpuBetween(a: Map<number, number>, b: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of b) total += cpu - (a.get(pid) ?? 0);
  return total;
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const r = (x: number) => Math.round(x * 10) / 10;
  if (s.length === 0) return { n: 0, p50: null, p90: null, p99: null, max: null };
  return { n: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1]) };
}

interface CpuMark {
  server: number | null;
  broker: number | null;
  postgres: Map<number, number> | null;
  at: number;
}

async function runMode(mode: Mode, o: Options) {
  const result: Record<string, unknown> = { mode };
  const runTag = `${process.pid}${Date.now() % 100000}`;

  // 1. The raw broker ceiling.
  let raw: RawResult;
  if (mode === 'embedded') {
    const broker = await forkChild('./e2e-broker.ts', process.env);
    try {
      raw = await rawLoop(`mqtt://127.0.0.1:${broker.ready.port as number}`, 'aedes (bare, own process)', Math.min(o.devices, 200), 1, o.rawSeconds, o.reportsPerMessage);
    } finally {
      broker.proc.send({ type: 'close' });
      await broker.exited;
    }
  } else {
    raw = await rawLoop(o.mqttUrl, 'mosquitto', Math.min(o.devices, 200), o.ingestClients, o.rawSeconds, o.reportsPerMessage);
  }
  result.rawBroker = raw;

  // 2. The server.
  const adminKey = newSecret('swk');
  const dataDir = mkdtempSync(join(tmpdir(), 'sealwatch-e2e-'));
  const dbName = `sealwatch_e2e_${runTag}`;
  const mqttClientId = `sealwatch-e2e-${runTag}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JT808_PORT: '0', MQTT_PORT: '0',
    SEALWATCH_ADMIN_KEY: adminKey, DATABASE_URL: '', MQTT_URL: '',
  };
  let adminDb: { query(sql: string): Promise<unknown>; end(): Promise<void> } | null = null;
  if (mode === 'postgres') {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: o.databaseUrl });
    await c.connect();
    adminDb = c;
    await c.query(`create database ${dbName}`);
    const u = new URL(o.databaseUrl);
    u.pathname = `/${dbName}`;
    Object.assign(env, { DATABASE_URL: u.toString(), MQTT_URL: o.mqttUrl, MQTT_CLIENT_ID: mqttClientId, MQTT_INGEST_CLIENTS: String(o.ingestClients) });
  }
  let server: Child | null = null;
  const devicesToClose: { endAsync(force?: boolean): Promise<void> }[] = [];
  let ws: WebSocket | null = null;
  try {
    // E2E_SERVER_CPU_PROFILE=<dir>: a V8 CPU profile of the server, written there when it closes.
    const profileDir = process.env.E2E_SERVER_CPU_PROFILE;
    server = await forkChild('./e2e-server.ts', env, undefined, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    const ports = server.ready.ports as Record<string, number>;
    result.database = server.ready.db;
    result.broker = mode === 'embedded' ? 'embedded (aedes)' : `external (${new URL(o.mqttUrl).host}), ${o.ingestClients} ingest clients on a shared subscription`;
    const before = await server.request<ServerStats>('stats');
    const baseUrl = `http://127.0.0.1:${ports.http}`;
    const mqttUrl = mode === 'embedded' ? `mqtt://127.0.0.1:${ports.mqtt}` : o.mqttUrl;

    const setupStart = performance.now();
    const vehicles = await setupFleet(baseUrl, adminKey, o.devices, mode === 'embedded' ? '1' : '2');
    const clients = await connectDevices(mqttUrl, vehicles, `e2e${runTag}-`);
    devicesToClose.push(...clients);
    const pub = new Publisher(vehicles, clients, Date.now() - 4 * 3600_000, o.reportsPerMessage);
    await pub.everyoneOnce(); // at the origin: sealed
    await pub.everyoneOnce(); // on the road: in transit
    await server.request('settled');
    const trips = await fetch(`${baseUrl}/api/v1/trips?state=in_transit&limit=1`, { headers: { authorization: `Bearer ${adminKey}` } }).then(
      (r) => r.json() as Promise<{ total?: number; items?: unknown[] }>,
    );
    const activeTrips = trips.total ?? o.devices;
    result.setup = {
      how: 'REST API as a customs admin: POST /facilities, /routes, per truck /vehicles + /devices (OBU, secret answered) + /devices (seal); /transport-notes in batches of 500; then two MQTT reports per truck (sealed at the origin, in transit)',
      devices: o.devices,
      activeTrips,
      seconds: Math.round((performance.now() - setupStart) / 100) / 10,
    };

    // The /stream subscriber (customs: every position and alert).
    const pending = new Map<string, { perf: number; wall: number }>();
    const alertLatency: number[] = [];
    // Where the time goes: publish → the server's intake (the alert's engine time, stamped when the
    // report was taken in) and intake → received on /stream. Both clocks are this machine's.
    const toIntake: number[] = [];
    const intakeToStream: number[] = [];
    let streamed = 0;
    ws = new WebSocket(`ws://127.0.0.1:${ports.http}/api/v1/stream?token=${adminKey}`);
    ws.on('message', (data) => {
      const now = performance.now();
      streamed++;
      const text = data.toString();
      if (!text.includes('"seal_tamper"')) return;
      const wallNow = Date.now();
      const m = JSON.parse(text) as { type: string; at: string; data: { alertType?: string; plate?: string } };
      if (m.type !== 'alert' || !m.data.plate) return;
      const sent = pending.get(m.data.plate);
      if (sent !== undefined) {
        alertLatency.push(now - sent.perf);
        const atMs = Date.parse(m.at);
        toIntake.push(atMs - sent.wall);
        intakeToStream.push(wallNow - atMs);
        pending.delete(m.data.plate);
      }
    });
    await new Promise<void>((resolve, reject) => {
      ws!.once('open', () => resolve());
      ws!.once('error', reject);
    });

    const brokerPid = mode === 'postgres' ? mosquittoPid() : null;
    const mark = (): CpuMark => ({
      server: cpuSeconds(server!.pid),
      broker: brokerPid ? cpuSeconds(brokerPid) : null,
      postgres: mode === 'postgres' ? cpuOfCommand('postgres') : null,
      at: performance.now(),
    });
    const cores = (a: CpuMark, b: CpuMark, x: keyof Omit<CpuMark, 'at'>) => {
      const ax = a[x];
      const bx = b[x];
      if (ax === null || bx === null) return null;
      const used = typeof ax === 'number' ? (bx as number) - ax : cpuBetween(ax, bx as Map<number, number>);
      return Math.round((used / ((b.at - a.at) / 1000)) * 100) / 100;
    };

    /** Paces one rate, then waits for every report sent so far to be stored. */
    // Reports an earlier step lost (the broker dropped them) are not this step's loss.
    let lostBefore = 0;
    const step = async (rate: number, seconds: number, onTick?: (elapsedMs: number) => void) => {
      const c0 = mark();
      const paced: PaceResult = await pub.pace(rate, seconds, Math.max(5000, rate * 3), onTick);
      const c1 = mark();
      const drainStart = performance.now();
      await pub.allAcked(30_000);
      let stored = 0;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        stored = await server!.request<number>('positions');
        if (stored >= pub.sent) break;
        await sleep(100);
      }
      const drainS = Math.round((performance.now() - drainStart) / 100) / 10;
      await server!.request('settled');
      stored = await server!.request<number>('positions');
      const loss = pub.sent - stored - lostBefore;
      lostBefore += loss;
      const sustained = loss === 0 && pub.failed === 0 && paced.achieved >= rate * 0.97 && drainS <= 2;
      return {
        ...paced,
        totalSent: pub.sent,
        totalStored: stored,
        loss,
        drainS,
        sustained,
        cpuCores: { server: cores(c0, c1, 'server'), broker: cores(c0, c1, 'broker'), postgres: cores(c0, c1, 'postgres') },
      };
    };

    // 3. Step up.
    let rate = o.rate;
    let bestStep: number | null = null;
    if (rate === null) {
      const steps = [];
      for (const r of STEPS) {
        const s = await step(r, o.stepSeconds);
        steps.push(s);
        if (!s.sustained) break;
        rate = r;
      }
      result.steps = steps.map((s) => ({ target: s.target, achieved: s.achieved, loss: s.loss, drainS: s.drainS, maxUnacked: s.maxUnacked, sustained: s.sustained, cpuCores: s.cpuCores }));
      bestStep = rate;
      rate ??= STEPS[0];
    }

    // 4. The measured run, with alerts.
    const schedule = Array.from({ length: o.alerts }, (_, j) => 500 + (j * (o.seconds * 1000 - 1500)) / Math.max(1, o.alerts));
    const sample = Array.from({ length: o.alerts }, (_, j) => Math.floor((j * o.devices) / Math.max(1, o.alerts)));
    let nextAlert = 0;
    await server.request('loopDelayReset');
    const run = await step(rate, o.seconds, (elapsed) => {
      while (nextAlert < o.alerts && elapsed >= schedule[nextAlert]) {
        const i = sample[nextAlert++];
        pending.set(vehicles[i].plate, { perf: performance.now(), wall: Date.now() });
        pub.publish(i, 'tampered');
      }
    });
    const alertDeadline = Date.now() + 10_000;
    while (pending.size && Date.now() < alertDeadline) await sleep(20);
    const after = await server.request<ServerStats>('stats');
    // Positions a second held with zero loss: the measured run's rate, or failing that the highest
    // sustained step of a search.
    result.sustainedPositionsPerSecond = run.sustained ? run.achieved : bestStep;
    result.run = {
      targetRate: rate,
      achievedRate: run.achieved,
      seconds: run.seconds,
      sent: run.sent,
      totalSent: run.totalSent,
      totalStored: run.totalStored,
      loss: run.loss,
      drainS: run.drainS,
      maxUnacked: run.maxUnacked,
      sustained: run.sustained,
    };
    const latency = summary(alertLatency);
    result.target = {
      ...TARGET,
      met:
        run.sustained && rate >= TARGET.rate && run.seconds >= TARGET.seconds && pending.size === 0 &&
        latency.p99 !== null && latency.p99 < TARGET.alertP99Ms,
    };
    result.alertLatencyMs = {
      ...latency,
      injected: o.alerts,
      missing: pending.size,
      parts: { publishToIntake: summary(toIntake), intakeToStream: summary(intakeToStream) },
    };
    result.memoryPerTrip = {
      rssKB: Math.round((after.rss - before.rss) / activeTrips / 1024),
      heapKB: Math.round((after.heapUsed - before.heapUsed) / activeTrips / 1024),
      serverRssMB: Math.round(after.rss / 1e6),
      serverHeapMB: Math.round(after.heapUsed / 1e6),
    };
    result.cpuCores = { ...run.cpuCores, generator: Math.round((run.generatorCpuS / run.seconds) * 100) / 100, machineCores: cpus().length };
    result.pipeline = {
      inputBatches: after.monitor.intake.batches,
      inputsPerBatch: Math.round((after.monitor.intake.inputs / Math.max(1, after.monitor.intake.batches)) * 10) / 10,
      largestInputBatch: after.monitor.intake.largestBatch,
      outputBatches: after.monitor.writer.batches,
      ingestMessages: after.ingest?.messages,
      streamMessagesReceived: streamed,
      serverEventLoopDelayMs: after.eventLoopDelayMs,
    };
    result.ratioToRawBroker = Math.round((run.sustained ? rate : 0) / Math.max(1, raw.reportsPerSecond) * 1000) / 1000;
  } finally {
    ws?.close();
    await Promise.all(devicesToClose.map((c) => c.endAsync(true).catch(() => undefined)));
    if (server) {
      await server.request('close').catch(() => undefined);
      await Promise.race([server.exited, sleep(30_000)]);
      if (server.proc.exitCode === null) server.proc.kill();
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (mode === 'postgres') {
      await clearSessions(o.mqttUrl, [mqttClientId, ...Array.from({ length: o.ingestClients - 1 }, (_, i) => `${mqttClientId}-${i + 1}`)]);
      await adminDb?.query(`drop database if exists ${dbName} with (force)`);
      await adminDb?.end();
    }
  }
  return result;
}

export async function main(argv: string[]): Promise<void> {
  const o = parseArgs(argv);
  const modes: Mode[] = [];
  const skipped: string[] = [];
  if (o.mode !== 'postgres') modes.push('embedded');
  if (o.mode !== 'embedded') {
    const ok = (await reachable(o.databaseUrl, 5432)) && (await reachable(o.mqttUrl, 1883));
    if (ok) modes.push('postgres');
    else if (o.mode === 'postgres') throw new Error(`PostgreSQL (${new URL(o.databaseUrl).host}) or the broker (${new URL(o.mqttUrl).host}) is not reachable`);
    else skipped.push('postgres: PostgreSQL or the MQTT broker is not reachable');
  }
  const results = [];
  for (const m of modes) results.push(await runMode(m, o));
  console.log(
    JSON.stringify(
      {
        benchmark: 'e2e',
        what: `devices → MQTT (QoS 1, ${o.reportsPerMessage === 1 ? 'one report per message' : `${o.reportsPerMessage} reports per message`}) → SealWatch (child process) → stored positions; alerts to /stream`,
        options: {
          rate: o.rate ?? 'step', seconds: o.seconds, stepSeconds: o.stepSeconds, devices: o.devices, alerts: o.alerts,
          ingestClients: o.ingestClients, reportsPerMessage: o.reportsPerMessage,
        },
        results,
        skipped,
        machine: { cpus: cpus().length, node: process.version },
      },
      null,
      2,
    ),
  );
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
