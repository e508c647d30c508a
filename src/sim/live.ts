// The simulated fleet against a running platform: yards, fleets and customs through the REST API,
// devices through their own channel (MQTT, HTTP or JT/T 808, chosen per truck), in real time.
//
// Order is kept where it matters: each device's reports go out one after another on its own
// chain, and each truck's yard steps (CN, confirmation, gate events) on another; chains run side
// by side, so one slow device does not hold up the fleet.
import type { EngineInput, Telemetry } from '../core/types.ts';
import type { Fleet } from './fleet.ts';
import { HttpTelemetry } from './transports/http-telemetry.ts';
import { Jt808Terminal } from './transports/jt808-terminal.ts';
import { MqttDevices } from './transports/mqtt-devices.ts';
import { paced, systemClock, TimeMap, type Clock } from './transports/pacing.ts';
import { RestClient, type ApiKeys } from './transports/rest.ts';
import type { SimItem, TransportKind, Truck } from './types.ts';

export interface LiveOptions {
  baseUrl: string;
  keys: ApiKeys;
  /** Default: mqtt://<host of baseUrl>:1883. */
  mqttUrl?: string;
  /** Default: <host of baseUrl>:6808. */
  jt808?: { host: string; port: number };
  speedup?: number;
  /** Post the facilities and routes too (off when the server has loaded them itself). */
  sendReference?: boolean;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  signal?: AbortSignal;
  clock?: Clock;
  /** Reports waiting beyond this many are dropped rather than queued without bound. */
  maxInFlight?: number;
  /** Called once the fleet is registered and items start flowing. */
  onLive?: () => void;
}

export interface LiveStats {
  sent: Record<string, number>;
  failed: Record<string, number>;
  dropped: number;
  commandsReceived: number;
  errors: string[];
}

type Channel = TransportKind | 'rest';

/** How many requests the setup runs at once. */
const SETUP_CONCURRENCY = 8;
const MAX_ERRORS_KEPT = 20;

async function inParallel<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export class LiveRun {
  readonly stats: LiveStats = { sent: {}, failed: {}, dropped: 0, commandsReceived: 0, errors: [] };
  private readonly rest: RestClient;
  private readonly http: HttpTelemetry;
  private readonly mqtt: MqttDevices;
  private readonly terminals = new Map<string, Jt808Terminal>();
  private readonly secrets = new Map<string, string>();
  private readonly chains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private readonly log: NonNullable<LiveOptions['log']>;

  constructor(
    private readonly fleet: Fleet,
    private readonly opts: LiveOptions,
  ) {
    const url = new URL(opts.baseUrl);
    this.rest = new RestClient(opts.baseUrl, opts.keys);
    this.http = new HttpTelemetry(opts.baseUrl);
    this.mqtt = new MqttDevices(opts.mqttUrl ?? `mqtt://${url.hostname}:1883`, () => {
      this.stats.commandsReceived++;
    });
    this.log = opts.log ?? (() => undefined);
  }

  private count(kind: 'sent' | 'failed', channel: Channel, n = 1): void {
    this.stats[kind][channel] = (this.stats[kind][channel] ?? 0) + n;
  }

  private fail(channel: Channel, err: unknown): void {
    this.count('failed', channel);
    const msg = err instanceof Error ? err.message : String(err);
    if (this.stats.errors.length < MAX_ERRORS_KEPT) {
      this.stats.errors.push(`${channel}: ${msg}`);
      this.log(`simulator: ${channel} send failed`, { error: msg });
    }
  }

  /** Runs `fn` after everything queued under `key`; never rejects. */
  private chain(key: string, channel: Channel, n: number, fn: () => Promise<unknown>): void {
    if (this.inFlight > (this.opts.maxInFlight ?? 20_000)) {
      this.stats.dropped += n;
      return;
    }
    this.inFlight += n;
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev
      .then(fn)
      .then(
        () => this.count('sent', channel, n),
        (err) => this.fail(channel, err),
      )
      .finally(() => {
        this.inFlight -= n;
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    this.chains.set(key, next);
  }

  /** Registers reference data, vehicles, drivers and devices (idempotent: existing records are kept, device secrets renewed). */
  async setup(items: SimItem[]): Promise<void> {
    const inputs = items.map((i) => i.input);
    if (this.opts.sendReference !== false) {
      for (const i of inputs) if (i.type === 'facility') await this.rest.facility(i.data);
      for (const i of inputs) if (i.type === 'route') await this.rest.route(i.data);
    }
    // The registry links an OBU and its vehicle from either side, but each side must exist first:
    // vehicles without their OBU, then OBUs naming their plate, then the seals paired to them.
    const vehicles = inputs.filter((i): i is Extract<EngineInput, { type: 'vehicle' }> => i.type === 'vehicle');
    await inParallel(vehicles, SETUP_CONCURRENCY, async (i) => {
      const { obuId: _linkedByTheDevice, ...vehicle } = i.data;
      await this.rest.vehicle(vehicle);
    });
    const drivers = inputs.filter((i): i is Extract<EngineInput, { type: 'driver' }> => i.type === 'driver');
    await inParallel(drivers, SETUP_CONCURRENCY, async (i) => void (await this.rest.driver(i.data)));
    const devices = inputs.filter((i): i is Extract<EngineInput, { type: 'device' }> => i.type === 'device');
    for (const kind of ['obu', 'seal']) {
      await inParallel(
        devices.filter((d) => d.data.kind === kind),
        SETUP_CONCURRENCY,
        async (i) => void this.secrets.set(i.data.id, await this.rest.device(i.data)),
      );
    }
    this.log('simulator: fleet registered', { trucks: this.fleet.trucks.length, devices: devices.length });
  }

  private truckOf(item: SimItem): Truck | undefined {
    return item.truck === undefined ? undefined : this.fleet.trucks.find((t) => t.no === item.truck);
  }

  /** Which channel carries a device's reports: OBUs use the truck's; seals have their own 4G (MQTT, or HTTP on HTTP trucks). */
  private channelOf(truck: Truck, deviceId: string): TransportKind {
    if (deviceId === truck.obuId) return truck.transport;
    return truck.transport === 'http' ? 'http' : 'mqtt';
  }

  private sendTelemetry(truck: Truck, reports: Telemetry[]): void {
    const deviceId = reports[0].deviceId;
    const secret = this.secrets.get(deviceId);
    const channel = this.channelOf(truck, deviceId);
    if (!secret && channel !== 'jt808') {
      this.stats.dropped += reports.length;
      return;
    }
    this.chain(`dev:${deviceId}`, channel, reports.length, () => {
      if (channel === 'mqtt') return this.mqtt.send(deviceId, secret!, reports);
      if (channel === 'http') return this.http.send(deviceId, secret!, reports);
      return this.terminal(truck).send(reports);
    });
  }

  private terminal(truck: Truck): Jt808Terminal {
    let t = this.terminals.get(truck.obuId);
    if (!t) {
      const url = new URL(this.opts.baseUrl);
      const target = this.opts.jt808 ?? { host: url.hostname, port: 6808 };
      t = new Jt808Terminal(target.host, target.port, truck.obuId, truck.plate, () => this.secrets.get(truck.obuId));
      this.terminals.set(truck.obuId, t);
    }
    return t;
  }

  private sendYard(truck: Truck | undefined, input: EngineInput): void {
    const key = `yard:${truck?.no ?? 'none'}`;
    switch (input.type) {
      case 'transportNote':
        return this.chain(key, 'rest', 1, () => this.rest.transportNote(input.data));
      case 'sealConfirmation':
        return this.chain(key, 'rest', 1, () => this.rest.confirm(input.data));
      case 'gateEvent':
        return this.chain(key, 'rest', 1, () => this.rest.gateEvent(input.data));
      case 'sealRead':
        return this.chain(key, 'rest', 1, () => this.rest.sealRead(input.data));
      default:
        return;
    }
  }

  /** Device id → its current secret, once setup() has run. */
  get deviceSecrets(): ReadonlyMap<string, string> {
    return this.secrets;
  }

  /**
   * Sends the stream in real time (times mapped onto the wall clock) until it ends or the signal
   * aborts. The stream's registration items are sent first, unless setup() has been called already.
   */
  async run(opts: { skipSetup?: boolean } = {}): Promise<LiveStats> {
    const clock = this.opts.clock ?? systemClock;
    const simStart = this.fleet.opts.startMs;
    const stream = this.fleet.stream();
    const setup: SimItem[] = [];
    let first = stream.next();
    while (!first.done && first.value.atMs === simStart && isSetup(first.value.input)) {
      setup.push(first.value);
      first = stream.next();
    }
    if (!opts.skipSetup) await this.setup(setup);
    const map = new TimeMap(simStart, clock.now(), this.opts.speedup ?? 1);
    this.opts.onLive?.();
    const rest = (function* () {
      if (!first.done) yield first.value;
      yield* { [Symbol.iterator]: () => stream };
    })();
    let batch: { key: string; truck: Truck; reports: Telemetry[] } | null = null;
    const flush = () => {
      if (batch) this.sendTelemetry(batch.truck, batch.reports);
      batch = null;
    };
    for await (const item of paced(rest, (i) => i.atMs, map, clock, this.opts.signal)) {
      const input = item.input;
      if (input.type === 'tick') continue;
      const truck = this.truckOf(item);
      if (input.type !== 'telemetry') {
        flush();
        this.sendYard(truck, input);
        continue;
      }
      if (!truck) continue;
      const report: Telemetry = { ...input.data, ts: map.restamp(input.data.ts) };
      if (batch && item.batch && batch.key === item.batch) {
        batch.reports.push(report);
        continue;
      }
      flush();
      if (item.batch) batch = { key: item.batch, truck, reports: [report] };
      else this.sendTelemetry(truck, [report]);
    }
    flush();
    await Promise.all([...this.chains.values()]);
    return this.stats;
  }

  async close(): Promise<void> {
    await this.mqtt.close();
    for (const t of this.terminals.values()) t.close();
    this.terminals.clear();
  }
}

function isSetup(input: EngineInput): boolean {
  return input.type === 'facility' || input.type === 'route' || input.type === 'vehicle' || input.type === 'driver' || input.type === 'device';
}
