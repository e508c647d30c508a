// The pieces of `npm run bench:e2e`: child processes (the server, a bare broker) and their CPU,
// the fleet set up through the REST API, devices publishing over MQTT at a paced rate, and the raw
// publish → receive loop through a broker without SealWatch.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import type { Telemetry, TransportNote } from '../../src/core/types.ts';
import { telemetryTopic } from '../../src/gateways/mqtt/topics.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { containerCheckDigit } from '../../src/core/ids/index.ts';
import { nationalIdFor, obuIdFor, plateFor, sealIdFor } from '../../src/sim/ids.ts';
import { RestClient } from '../../src/sim/transports/rest.ts';
import { straightRoute } from './straight-route.ts';

// ---------------------------------------------------------------------------------------------
// Child processes

export interface Child {
  proc: ChildProcess;
  pid: number;
  ready: Record<string, unknown>;
  request<T>(type: string): Promise<T>;
  exited: Promise<void>;
}

/** Forks a TypeScript entry of bench/lib (through tsx) and waits for its "ready" message. */
export async function forkChild(entry: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000, execArgv: string[] = []): Promise<Child> {
  const file = fileURLToPath(new URL(entry, import.meta.url));
  const proc = fork(file, [], { env, execArgv: ['--import', 'tsx', '--expose-gc', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in ${timeoutMs} ms`)), timeoutMs);
    proc.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
    proc.on('message', (m: { type?: string; id?: number; result?: unknown; error?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m as Record<string, unknown>);
      } else if (m.id !== undefined) {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error) w?.reject(new Error(m.error));
        else w?.resolve(m.result);
      }
    });
  });
  return {
    proc,
    pid: proc.pid!,
    ready,
    exited,
    request<T>(type: string) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ id, type });
      });
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; null when unreadable. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export function mosquittoPid(): number | null {
  try {
    const pid = Number(readFileSync('/run/mosquitto/mosquitto.pid', 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && cpuSeconds(pid) !== null ? pid : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The fleet

// A straight 10 km route between two facilities near Kaohsiung (as bench/latency.ts).
export const ORIGIN = 'EKT901';
export const DESTINATION = 'EYC909';
const { facilities, route } = straightRoute({ origin: ORIGIN, destination: DESTINATION, routeCode: 'RT-E2E', label: 'e2e bench', maxDurationMin: 6000 });

export interface BenchVehicle {
  k: number;
  plate: string;
  obu: string;
  seal: string;
  secret: string;
  /** Reports sent so far (the next report's number). */
  n: number;
}

/** Runs `fn` over `items` with at most `width` at once. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

const containerOf = (k: number) => {
  const first10 = `EGHU${String(k).padStart(6, '0')}`;
  return `${first10}${containerCheckDigit(first10)}`;
};

/**
 * Registers everything through the REST API as a customs admin: the facilities and route, then
 * per truck the vehicle, its OBU (whose secret the API answers) and its seal, then the transport
 * notes in batches of 500 (`{notes: [...]}`), which make the trips.
 */
export async function setupFleet(baseUrl: string, adminKey: string, count: number, run: string): Promise<BenchVehicle[]> {
  const rest = new RestClient(baseUrl, { default: adminKey });
  for (const f of facilities) await rest.facility(f);
  await rest.route(route);
  await rest.driver({ nationalId: nationalIdFor(0), name: 'E2E bench driver' });
  const vehicles: BenchVehicle[] = Array.from({ length: count }, (_, k) => ({
    k,
    plate: plateFor(k),
    obu: obuIdFor(k),
    seal: sealIdFor(k, 0),
    secret: '',
    n: 0,
  }));
  await pool(vehicles, 8, async (v) => {
    await rest.vehicle({ plate: v.plate, kind: 'tractor', category: 1 });
    v.secret = await rest.device({ id: v.obu, kind: 'obu', plate: v.plate });
    await rest.device({ id: v.seal, kind: 'seal', obuId: v.obu });
  });
  const notes: TransportNote[] = vehicles.map((v) => ({
    cnNo: `CN${run}${String(v.k + 1).padStart(7, '0')}`,
    function: '9',
    senderUbn: CUSTOMS_UBN,
    origin: ORIGIN,
    destination: DESTINATION,
    routeCode: route.code,
    containers: [{ no: containerOf(v.k), sealType: 'truck_eseal', sealNos: [v.seal] }],
    plate: v.plate,
    driverId: nationalIdFor(0),
    transportCategory: 1,
    requiresConfirmation: false,
  }));
  for (let i = 0; i < notes.length; i += 500) {
    const r = await rest.request<{ results: { errors?: unknown; detail?: string }[]; summary: { failed: number } }>(
      'POST', '/transport-notes', { notes: notes.slice(i, i + 500) }, `Bearer ${adminKey}`,
    );
    if (r.summary.failed > 0) throw new Error(`transport notes refused: ${JSON.stringify(r.results.filter((x) => x.errors || x.detail).slice(0, 2))}`);
  }
  return vehicles;
}

/** Report number `n` of a vehicle: n 0 at the origin (sealing), then along the route at ~40 km/h. */
export function reportOf(v: BenchVehicle, n: number, t0: number, seal: 'locked' | 'tampered' = 'locked'): Telemetry {
  const km = n === 0 ? 0 : 1 + Math.min(n, 2500) * 0.003;
  return {
    deviceId: v.obu,
    ts: new Date(t0 + n * 1000).toISOString(),
    lat: 22.6,
    lon: Math.round((120.3 + km * 0.01) * 1e6) / 1e6,
    speedKmh: 40,
    hdop: 1,
    seals: [{ id: v.seal, state: seal, link: 'ok', battery: 90 }],
  };
}

// ---------------------------------------------------------------------------------------------
// Devices publishing

export async function connectDevices(url: string, vehicles: BenchVehicle[], prefix: string): Promise<MqttClient[]> {
  const out: MqttClient[] = [];
  for (let i = 0; i < vehicles.length; i += 100) {
    const part = vehicles.slice(i, i + 100);
    out.push(
      ...(await Promise.all(
        part.map((v) => mqtt.connectAsync(url, { clientId: `${prefix}${v.obu}`, username: v.obu, password: v.secret, reconnectPeriod: 0, clean: true })),
      )),
    );
  }
  return out;
}

export interface PaceResult {
  target: number;
  sent: number;
  achieved: number;
  seconds: number;
  /** Most QoS 1 publishes waiting for their PUBACK at once. */
  maxUnacked: number;
  generatorCpuS: number;
}

/**
 * Counts and times the publishes of a fleet's devices; the PUBACK resolves each. `sent` counts
 * reports (positions); with `perMessage` > 1 a device publishes its next reports together, as an
 * array (a tracker that fixes every second and sends every few seconds), and the PUBACKs count
 * messages.
 */
export class Publisher {
  sent = 0;
  messages = 0;
  acked = 0;
  failed = 0;
  private cursor = 0;

  constructor(
    readonly vehicles: BenchVehicle[],
    readonly clients: MqttClient[],
    readonly t0: number,
    readonly perMessage = 1,
  ) {}

  get unacked(): number {
    return this.messages - this.acked - this.failed;
  }

  /** One vehicle's next report (`count` > 1: its next reports, as one array). */
  publish(i: number, seal: 'locked' | 'tampered' = 'locked', count = 1): void {
    const v = this.vehicles[i];
    const body =
      count === 1
        ? JSON.stringify(reportOf(v, v.n++, this.t0, seal))
        : JSON.stringify(Array.from({ length: count }, () => reportOf(v, v.n++, this.t0, seal)));
    this.sent += count;
    this.messages++;
    this.clients[i].publish(telemetryTopic(v.obu), body, { qos: 1 }, (err) => {
      if (err) this.failed++;
      else this.acked++;
    });
  }

  /** The next report of every vehicle at once (setup), waiting for the PUBACKs. */
  async everyoneOnce(): Promise<void> {
    for (let i = 0; i < this.vehicles.length; i++) this.publish(i);
    await this.allAcked(60_000);
  }

  async allAcked(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.unacked > 0 && Date.now() < deadline) await sleep(20);
    return this.unacked === 0;
  }

  /**
   * `rate` reports a second over all vehicles in turn for `seconds`, paced every 5 ms; `onTick`
   * may add its own publishes (alerts). Stops early when the unacked backlog passes `maxBacklog`.
   */
  async pace(rate: number, seconds: number, maxBacklog: number, onTick?: (elapsedMs: number) => void): Promise<PaceResult> {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const firstSent = this.sent;
    let maxUnacked = 0;
    let own = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - start;
        const due = Math.min(Math.floor((rate * Math.min(elapsed, seconds * 1000)) / 1000), Math.ceil(rate * seconds));
        const last = elapsed >= seconds * 1000;
        // Whole messages only, but for the last tick's remainder.
        while (due - own >= this.perMessage || (last && own < due)) {
          const count = Math.min(this.perMessage, due - own);
          this.publish(this.cursor, 'locked', count);
          this.cursor = (this.cursor + 1) % this.vehicles.length;
          own += count;
        }
        onTick?.(elapsed);
        if (this.unacked > maxUnacked) maxUnacked = this.unacked;
        if (last || this.unacked > maxBacklog) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const s = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return {
      target: rate,
      sent: this.sent - firstSent,
      achieved: Math.round((this.sent - firstSent) / s),
      seconds: Math.round(s * 10) / 10,
      maxUnacked,
      generatorCpuS: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The raw loop: publish → receive through a broker, no SealWatch

export interface RawResult {
  broker: string;
  subscribers: number;
  publishers: number;
  seconds: number;
  published: number;
  received: number;
  /** Messages received per second. */
  receivedPerSecond: number;
  reportsPerMessage: number;
  reportsPerSecond: number;
}

/**
 * `publishers` clients publish QoS 1 messages of `perMessage` telemetry reports as fast as the broker
 * takes them (at most `window` unacknowledged), and `subscribers` clients receive them with QoS 1
 * (a shared subscription when more than one), for `seconds`.
 */
export async function rawLoop(
  url: string, broker: string, publishers: number, subscribers: number, seconds: number, perMessage = 1, window = 2000,
): Promise<RawResult> {
  const tag = `raw${process.pid}`;
  const filter = `sealwatch-bench/${tag}/+/telemetry`;
  let received = 0;
  const subs: MqttClient[] = [];
  for (let i = 0; i < subscribers; i++) {
    const c = await mqtt.connectAsync(url, { clientId: `${tag}-sub-${i}`, clean: true, reconnectPeriod: 0 });
    c.on('message', () => received++);
    await c.subscribeAsync(subscribers > 1 ? `$share/${tag}/${filter}` : filter, { qos: 1 });
    subs.push(c);
  }
  const pubs: MqttClient[] = [];
  for (let i = 0; i < publishers; i += 50) {
    pubs.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, publishers - i) }, (_, j) => mqtt.connectAsync(url, { clientId: `${tag}-pub-${i + j}`, clean: true, reconnectPeriod: 0 })),
      )),
    );
  }
  const v: BenchVehicle = { k: 0, plate: 'RAW', obu: 'RAWOBU', seal: 'RAWSEAL', secret: '', n: 1 };
  const payload = JSON.stringify(perMessage === 1 ? reportOf(v, 1, Date.now()) : Array.from({ length: perMessage }, (_, n) => reportOf(v, n + 1, Date.now())));
  let published = 0;
  let acked = 0;
  const start = performance.now();
  let cursor = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() - start >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      while (published - acked < window) {
        published++;
        pubs[cursor].publish(`sealwatch-bench/${tag}/${cursor}/telemetry`, payload, { qos: 1 }, () => acked++);
        cursor = (cursor + 1) % pubs.length;
      }
    }, 2);
  });
  const s = (performance.now() - start) / 1000;
  const receivedInWindow = received;
  await Promise.all([...pubs, ...subs].map((c) => c.endAsync(true)));
  return {
    broker,
    subscribers,
    publishers,
    seconds: Math.round(s * 10) / 10,
    published,
    received: receivedInWindow,
    receivedPerSecond: Math.round(receivedInWindow / s),
    reportsPerMessage: perMessage,
    reportsPerSecond: Math.round((receivedInWindow * perMessage) / s),
  };
}

/** Clears persistent sessions a server left at an external broker (a clean connect ends them). */
export async function clearSessions(url: string, clientIds: string[]): Promise<void> {
  for (const id of clientIds) {
    const c = await mqtt.connectAsync(url, { clientId: id, clean: true, reconnectPeriod: 0 }).catch(() => null);
    await c?.endAsync(true);
  }
}
