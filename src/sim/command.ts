// sealwatch simulate: a simulated fleet, written as a replay file or driven against a running
// platform in real time.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { ALERT_TYPES, type AlertType } from '../core/types.ts';
import { Fleet, parseMix } from './fleet.ts';
import { LiveRun } from './live.ts';
import { DEFAULT_NOISE, NO_NOISE, type NoiseParams } from './noise.ts';
import { loadWorld, selectRoutes } from './world.ts';

export const SIMULATE_HELP = `usage: sealwatch simulate [options]

A fleet of container trucks driving the registry's routes: OBU and e-seal reports with GPS noise,
the yards' transport notes, confirmations and gate events, and injected incidents.

Fleet
  --trucks N                trucks (default 20)
  --hours H                 simulated hours to run (default 4 with --out; live: until stopped)
  --trips-per-truck N       each truck stops after N trips
  --interval S              OBU reporting interval in seconds (default 10)
  --seal-interval S         e-seal own uplink interval in seconds (default 60)
  --seed S                  random seed: same seed and options, same run (default "sealwatch")
  --start TIME              simulated start, ISO 8601 (default 2025-03-03T08:00:00+08:00 with
                            --out, now when live)
  --data DIR                facilities.json and routes.json (default data/sample)
  --routes A,B              only these route codes
  --first-truck N           number the trucks from N (plates KNA6001… shift), so two simulators
                            (or a simulator and the demo) drive different trucks
Incidents
  --incidents-per-hour X    injected incidents per hour, fleet-wide (default 2)
  --incident-types A,B      only these alert types (default: all of CONTRACT section 5)
GPS and network noise
  --noise-sigma M           position jitter, metres per axis (default ${DEFAULT_NOISE.sigmaM})
  --outlier-rate R          share of fixes that are outliers (default ${DEFAULT_NOISE.outlierRate})
  --gaps-per-hour N         signal gaps (tunnels) per hour of driving (default ${DEFAULT_NOISE.gapsPerHour})
  --max-gap S               longest signal gap in seconds (default ${DEFAULT_NOISE.gapMaxS})
  --no-noise                exact positions, no gaps, duplicates or reordering
Replay file
  --out FILE                write the run as replay JSON Lines (- for stdout) and exit
  --truth FILE              also write the ground truth: one expected alert a line
  --tick S                  a tick input every S seconds (default: the interval; 0 for none)
Live (against a running server)
  --url URL                 server, e.g. http://localhost:8080
  --api-key KEY             API key for every REST call (or SEALWATCH_API_KEY)
  --reference-key, --fleet-key, --yard-key, --confirm-key, --gate-key KEY
                            per-role keys, when one key cannot do everything
  --fleet-ubn UBN           the fleet company of the vehicles (must match --fleet-key's company)
  --yard-ubn UBN            the sender of the transport notes (must match --yard-key's company)
  --mqtt-url URL            MQTT broker (default mqtt://<host of --url>:1883)
  --jt808 HOST:PORT         JT/T 808 gateway (default <host of --url>:6808)
  --mix mqtt=80,http=10,jt808=10
                            share of trucks per device channel (default mqtt=100)
  --speedup X               run X times faster than real time (default 1; timestamps follow)
  --warm-share F            share of trucks already on the road at the start (default 0.8 live)
  --passive-share F         share of clean trips run point to point: a truck without an OBU, passive
                            seals read at the origin, checkpoints and destination (default 0)
  --mixed-share F           share of the other clean trips whose CN adds a passive seal (default 0)
  --no-reference            do not post facilities and routes (the server has them)
  --help                    this text`;

function num(v: string | undefined, name: string, fallback?: number): number | undefined {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

function list(v: string | undefined): string[] | undefined {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

export async function runSimulateCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        trucks: { type: 'string' },
        hours: { type: 'string' },
        'trips-per-truck': { type: 'string' },
        interval: { type: 'string' },
        'seal-interval': { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        data: { type: 'string' },
        routes: { type: 'string' },
        'first-truck': { type: 'string' },
        'incidents-per-hour': { type: 'string' },
        'incident-types': { type: 'string' },
        'noise-sigma': { type: 'string' },
        'outlier-rate': { type: 'string' },
        'gaps-per-hour': { type: 'string' },
        'max-gap': { type: 'string' },
        'no-noise': { type: 'boolean' },
        out: { type: 'string' },
        truth: { type: 'string' },
        tick: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
        'reference-key': { type: 'string' },
        'fleet-key': { type: 'string' },
        'yard-key': { type: 'string' },
        'confirm-key': { type: 'string' },
        'gate-key': { type: 'string' },
        'fleet-ubn': { type: 'string' },
        'yard-ubn': { type: 'string' },
        'mqtt-url': { type: 'string' },
        jt808: { type: 'string' },
        mix: { type: 'string' },
        speedup: { type: 'string' },
        'warm-share': { type: 'string' },
        'passive-share': { type: 'string' },
        'mixed-share': { type: 'string' },
        'no-reference': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${SIMULATE_HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(SIMULATE_HELP);
    return 0;
  }
  if (!values.out && !values.url) {
    console.error(`give --out FILE (write a replay file) or --url URL (drive a running server)\n\n${SIMULATE_HELP}`);
    return 2;
  }
  try {
    const types = list(values['incident-types']);
    const bad = (types ?? []).filter((t) => !(ALERT_TYPES as readonly string[]).includes(t));
    if (bad.length) throw new Error(`unknown alert type(s): ${bad.join(', ')}`);
    const noise: Partial<NoiseParams> = values['no-noise']
      ? { ...NO_NOISE }
      : {
          sigmaM: num(values['noise-sigma'], 'noise-sigma', DEFAULT_NOISE.sigmaM),
          outlierRate: num(values['outlier-rate'], 'outlier-rate', DEFAULT_NOISE.outlierRate),
          gapsPerHour: num(values['gaps-per-hour'], 'gaps-per-hour', DEFAULT_NOISE.gapsPerHour),
          gapMaxS: num(values['max-gap'], 'max-gap', DEFAULT_NOISE.gapMaxS),
        };
    const live = !values.out;
    const startMs = values.start ? Date.parse(values.start) : live ? Math.floor(Date.now() / 1000) * 1000 : Date.parse('2025-03-03T08:00:00+08:00');
    if (Number.isNaN(startMs)) throw new Error(`--start must be an ISO 8601 time, got "${values.start}"`);
    const hours = num(values.hours, 'hours', live ? undefined : 4);
    const world = selectRoutes(loadWorld(values.data ?? 'data/sample'), list(values.routes));
    const fleet = new Fleet({
      world,
      seed: values.seed ?? 'sealwatch',
      trucks: num(values.trucks, 'trucks', 20)!,
      startMs,
      durationMs: hours === undefined ? undefined : hours * 3_600_000,
      tripsPerTruck: num(values['trips-per-truck'], 'trips-per-truck'),
      intervalS: num(values.interval, 'interval', 10),
      sealUplinkS: num(values['seal-interval'], 'seal-interval', 60),
      tickS: num(values.tick, 'tick'),
      noise,
      incidentsPerHour: num(values['incidents-per-hour'], 'incidents-per-hour', 2),
      incidentTypes: types as AlertType[] | undefined,
      mix: values.mix ? parseMix(values.mix) : { mqtt: 100 },
      fleetUbn: values['fleet-ubn'],
      yardUbn: values['yard-ubn'],
      warmShare: num(values['warm-share'], 'warm-share', live ? 0.8 : 0),
      passiveShare: num(values['passive-share'], 'passive-share', 0),
      mixedShare: num(values['mixed-share'], 'mixed-share', 0),
      firstTruckNo: num(values['first-truck'], 'first-truck', 0),
    });
    for (const p of fleet.problems) console.error(`route skipped: ${p}`);
    return live ? await runLiveCommand(fleet, values) : await writeReplay(fleet, values.out!, values.truth);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

/** Writes the stream as JSON Lines, respecting the file's back-pressure. */
async function writeReplay(fleet: Fleet, out: string, truth: string | undefined): Promise<number> {
  const stream = out === '-' ? process.stdout : createWriteStream(out);
  let lines = 0;
  for (const item of fleet.stream()) {
    if (!stream.write(`${JSON.stringify(item.input)}\n`)) await once(stream, 'drain');
    lines++;
  }
  if (stream !== process.stdout) {
    stream.end();
    await once(stream, 'finish');
  }
  const incidents = fleet.trips.flatMap((t) => t.incidents);
  if (truth) {
    const t = createWriteStream(truth);
    for (const i of incidents) {
      t.write(`${JSON.stringify({ ...i, startAt: new Date(i.startMs).toISOString(), endAt: new Date(i.endMs).toISOString(), startMs: undefined, endMs: undefined })}\n`);
    }
    t.end();
    await once(t, 'finish');
  }
  console.error(`${lines} inputs, ${fleet.trips.length} trips, ${incidents.length} expected alerts${out === '-' ? '' : ` → ${out}`}`);
  return 0;
}

async function runLiveCommand(fleet: Fleet, v: Record<string, string | boolean | undefined>): Promise<number> {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const apiKey = str('api-key') ?? process.env.SEALWATCH_API_KEY;
  const jt = str('jt808');
  let jt808: { host: string; port: number } | undefined;
  if (jt) {
    const i = jt.lastIndexOf(':');
    jt808 = { host: jt.slice(0, i), port: Number(jt.slice(i + 1)) };
    if (!jt808.host || !Number.isInteger(jt808.port)) throw new Error(`--jt808 must be HOST:PORT, got "${jt}"`);
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const run = new LiveRun(fleet, {
    baseUrl: str('url')!,
    keys: { default: apiKey, reference: str('reference-key'), fleet: str('fleet-key'), yard: str('yard-key'), confirm: str('confirm-key'), gate: str('gate-key') },
    mqttUrl: str('mqtt-url'),
    jt808,
    speedup: num(str('speedup'), 'speedup', 1),
    sendReference: !v['no-reference'],
    signal: controller.signal,
    log: (msg, extra) => console.error(extra ? `${msg} ${JSON.stringify(extra)}` : msg),
    onLive: () => console.error(`simulating ${fleet.trucks.length} trucks live; Ctrl-C to stop`),
  });
  const timer = setInterval(() => console.error(`sent ${JSON.stringify(run.stats.sent)} failed ${JSON.stringify(run.stats.failed)} commands ${run.stats.commandsReceived}`), 30_000);
  try {
    const stats = await run.run();
    console.error(`done: ${JSON.stringify(stats)}`);
    return 0;
  } finally {
    clearInterval(timer);
    await run.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
