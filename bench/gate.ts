// Lane decision benchmark: `npm run bench:gate` (or `sealwatch bench gate [options]`).
//
// Starts the platform in this process (PGlite on disk in a temporary DATA_DIR, the monitoring
// engine), loads a port's clearances (--containers, a few per cent only declared), and then, beside
// a steady telemetry load (--telemetry reports a second from vehicles in transit), posts gate
// events at --rate a second through POST /api/v1/gate-events for --seconds, each answered with its
// decision, from a child process (the lanes, bench/lib/gate-lanes.ts: plain HTTP, keep-alive).
// Latency = request sent → decision received; the first --warmup seconds (default 2) of events are
// sent but not measured. Each round runs a fresh server with the movement rules off (the baseline:
// same events, same load) and one with them on, so the ratio shows what the movement rules add.
// The output names the machine's load average: on a shared machine absolute times are queueing.
//
// Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fork } from 'node:child_process';
import { newSecret } from '../src/auth/secrets.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Telemetry } from '../src/core/types.ts';
import { applyInput, createEngineState, setMovementRules } from '../src/engine/index.ts';
import type { EngineInput } from '../src/core/types.ts';
import { LiveEngine } from '../src/monitor/engine-port.ts';
import { monitorExtension } from '../src/monitor/extension.ts';
import type { Monitor } from '../src/monitor/monitor.ts';
import { startServer } from '../src/server.ts';
import { containerNo, type LaneJob, type LaneResult } from './lib/gate-lanes.ts';

interface Options {
  rate: number;
  seconds: number;
  telemetry: number;
  containers: number;
  rounds: number;
  warmup: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { rate: 200, seconds: 10, telemetry: 1000, containers: 20_000, rounds: 1, warmup: 2 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    if (key in o && argv[i + 1] !== undefined) o[key] = Number(argv[++i]);
  }
  return o;
}

const square = (lon: number, lat: number, half = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});

/** Runs the lanes (bench/lib/gate-lanes.ts) in a child process, as lanes are other machines. */
function runLaneProcess(job: LaneJob): Promise<LaneResult> {
  const child = fork(fileURLToPath(new URL('./lib/gate-lanes.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<LaneResult>((resolve, reject) => {
    child.once('message', (m: { result?: LaneResult; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
    child.once('exit', (code) => reject(new Error(`the lane process exited (${code})`)));
    child.send(job);
  });
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

interface RunResult extends LaneResult {
  telemetrySent: number;
  /** The server's event-loop delay while the measured events ran. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

async function run(o: Options, movements: boolean): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealwatch-bench-gate-'));
  const adminKey = newSecret('swk');
  const config: Config = { ...loadConfig({}), dataDir, httpPort: 0, httpHost: '127.0.0.1', mqttPort: 0, jt808Port: 0, adminKey, mqttUrl: undefined };
  const engine = new LiveEngine();
  setMovementRules(engine.state, movements);
  const server = await startServer(config, { logger: false, extensions: [monitorExtension({ engine })] });
  const base = `http://127.0.0.1:${server.httpPort}/api/v1`;
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) => fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
  try {
    const monitor = server.ctx.services.monitor as Monitor;
    for (const [code, lon] of [['BNKT1', 120.3], ['BNKCY1', 120.45]] as const) {
      const r = await post('/facilities', { code, name: `Bench ${code}`, kind: code.endsWith('T1') ? 'port_terminal' : 'container_yard', area: square(lon, 22.6) });
      if (r.status !== 201) throw new Error(`facility ${code}: ${r.status} ${await r.text()}`);
    }
    // Clearances: every container declared; 97 % released, a few with release code 1.
    for (let i = 0; i < o.containers; i += 500) {
      const records = [];
      for (let k = i; k < Math.min(o.containers, i + 500); k += 50) {
        const nos = Array.from({ length: Math.min(50, o.containers - k) }, (_, j) => containerNo(k + j));
        const status = (k / 50) % 33 === 7 ? 'declared' : 'released';
        records.push({ declarationNo: `BN${String(k).padStart(8, '0')}`, kind: 'import', containerNos: nos, status, ...(k % 1000 === 0 ? { releaseCode: '1' } : {}), statusAt: new Date().toISOString() });
      }
      const r = await post('/clearances', { records });
      if (r.status !== 207) throw new Error(`clearances: ${r.status}`);
    }
    await monitor.settled();

    // Background telemetry: vehicles on the road, each report a fix a little further on.
    const vehicles = Math.max(1, o.telemetry);
    let telemetrySent = 0;
    let tick = 0;
    const tele = setInterval(() => {
      tick++;
      const now = Date.now();
      const batch: { type: 'telemetry'; data: Telemetry }[] = [];
      const perTick = Math.round(o.telemetry / 10);
      for (let k = 0; k < perTick; k++) {
        const v = (tick * perTick + k) % vehicles;
        batch.push({ type: 'telemetry', data: { deviceId: `BOBU${v}`, ts: new Date(now).toISOString(), lat: 22.6 + (v % 100) * 0.001, lon: 120.32 + ((tick + v) % 1000) * 0.0001, speedKmh: 40, hdop: 1 } });
      }
      telemetrySent += batch.length;
      void monitor.submit(batch).catch(() => undefined);
    }, 100);

    // Gate events at the rate from the lanes' own process; the server's event loop is watched
    // meanwhile (its delay is what the passages queue behind).
    const loop = monitorEventLoopDelay({ resolution: 5 });
    setTimeout(() => loop.enable(), o.warmup * 1000);
    const lanes = await runLaneProcess({ base, key: adminKey, rate: o.rate, seconds: o.seconds, warmup: o.warmup, containers: o.containers });
    loop.disable();
    clearInterval(tele);
    const eventLoopDelayMs = { p50: Math.round(loop.percentile(50) / 1e5) / 10, p99: Math.round(loop.percentile(99) / 1e5) / 10, max: Math.round(loop.max / 1e5) / 10 };
    return { ...lanes, telemetrySent, eventLoopDelayMs };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The engine alone, in this process: the same gate events applied to a state holding the port's
 * clearances, with and without the movement rules, each timed (what the rules add per decision,
 * free of the HTTP and database time that dominates a loaded machine).
 */
function engineOnly(o: Options, movements: boolean, events: number) {
  const st = createEngineState();
  setMovementRules(st, movements);
  let t = Date.parse('2025-03-03T00:00:00Z');
  const at = () => new Date((t += 5)).toISOString();
  const apply = (input: Omit<EngineInput, 'at'>) => {
    const a = at();
    return applyInput(st, { ...input, at: a } as EngineInput, Date.parse(a));
  };
  for (const [code, lon] of [['BNKT1', 120.3], ['BNKCY1', 120.45]] as const) {
    apply({ type: 'facility', data: { code, name: code, kind: code.endsWith('T1') ? 'port_terminal' : 'container_yard', area: square(lon, 22.6) } });
  }
  for (let k = 0; k < o.containers; k += 50) {
    const nos = Array.from({ length: Math.min(50, o.containers - k) }, (_, j) => containerNo(k + j));
    apply({ type: 'clearance', data: { declarationNo: `BN${k}`, kind: 'import', containerNos: nos, status: (k / 50) % 33 === 7 ? 'declared' : 'released', statusAt: new Date(t).toISOString() } });
  }
  const times: number[] = [];
  let holds = 0;
  for (let n = 0; n < events; n++) {
    const i = (n * 7919) % o.containers;
    const out = n % 2 === 0;
    const t0 = performance.now();
    const outputs = apply({
      type: 'gateEvent',
      data: { facility: out ? 'BNKT1' : 'BNKCY1', lane: `L${n % 6}`, direction: out ? 'out' : 'in', plate: `BNK${1000 + (n % 5000)}`, containerNos: [containerNo(i)], source: 'ocr' },
    });
    times.push((performance.now() - t0) * 1000);
    if (outputs.some((x) => x.type === 'alert')) holds++;
  }
  return { ...summary(times), unit: 'µs', holds };
}

export async function gateBench(argv: string[]): Promise<Record<string, unknown>> {
  const o = parseArgs(argv);
  const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  const engineEvents = 20_000;
  engineOnly(o, true, 2000);
  const engine = { movementRules: engineOnly(o, true, engineEvents), baseline: engineOnly(o, false, engineEvents) };
  const withRules: RunResult[] = [];
  const without: RunResult[] = [];
  for (let r = 0; r < o.rounds; r++) {
    without.push(await run(o, false));
    withRules.push(await run(o, true));
  }
  const merge = (runs: RunResult[]) => {
    const n = runs.reduce((a, x) => a + x.latencies.length, 0);
    return {
      ...summary(runs.flatMap((x) => x.latencies)),
      holds: runs.reduce((a, x) => a + x.holds, 0),
      errors: runs.reduce((a, x) => a + x.errors, 0),
      // Decisions answered a second, from the first event sent to the last answer.
      achievedPerSecond: Math.round((n / runs.reduce((a, x) => a + x.elapsedS, 0)) * 10) / 10,
      eventLoopDelayMs: runs.map((x) => x.eventLoopDelayMs),
    };
  };
  const m = merge(withRules);
  const b = merge(without);
  return {
    benchmark: 'gate',
    options: o,
    // The machine's 1, 5 and 15 minute load averages before and after (cores: cpus).
    load: { cpus: cpus().length, before: loadBefore, after: loadavg().map((x) => Math.round(x * 100) / 100) },
    gateEventsPerSecond: o.rate,
    telemetryPerSecond: o.telemetry,
    decisionMs: { movementRules: m, baseline: b },
    ratioP99: Math.round((m.p99 / b.p99) * 100) / 100,
    engineApply: { ...engine, ratioP99: Math.round((engine.movementRules.p99 / engine.baseline.p99) * 100) / 100 },
    ratioP50: Math.round((m.p50 / b.p50) * 100) / 100,
    targetP99Ms: 100,
    meetsTarget: m.p99 < 100,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await gateBench(process.argv.slice(2)), null, 2));
  process.exit(0);
}
