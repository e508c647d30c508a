// A fleet: trucks driving trip after trip on the registry's routes, as one time-ordered stream of
// engine inputs (the replay format), with the ground truth of every trip kept alongside.
//
// Each truck draws from its own random stream (seed/truck/N) and each trip from its own
// (seed/trip/T), so a run is reproducible from its seed, and changing one truck's story does not
// reshuffle the others'.
import type { AlertParams, AlertType, EngineInput } from '../core/types.ts';
import { ALERT_TYPES } from '../core/types.ts';
import { MOVEMENT_ALERT_TYPES } from '../core/rules/index.ts';

/**
 * The alerts the simulator stages on a trip: all but those of container movements, which come from
 * clearance and yard data it does not produce.
 */
export const SIMULATED_ALERT_TYPES = ALERT_TYPES.filter((t) => !MOVEMENT_ALERT_TYPES.includes(t));
import { MinHeap } from './heap.ts';
import { driverNameFor, nationalIdFor, obuIdFor, passivePlateFor, plateFor, rfidCardFor, sealIdFor, ubnFrom } from './ids.ts';
import { routeSupports } from './incidents.ts';
import { DEFAULT_NOISE, type NoiseParams } from './noise.ts';
import { Rng } from './rng.ts';
import { generatePassiveTrip, PASSIVE_INCIDENTS } from './passive-trip.ts';
import { prepareRoutes, type RoutePlan } from './route-plan.ts';
import { DEFAULT_TRIP_SETTINGS, generateTrip, type TripOutcome, type TripSettings, type TripSpec } from './trip.ts';
import { TRANSPORT_KINDS, type SimItem, type SimTrip, type TransportKind, type Truck } from './types.ts';
import type { World } from './world.ts';

export interface FleetOptions {
  world: World;
  seed: string;
  trucks: number;
  startMs: number;
  /** No trip starts after startMs + durationMs (default: unbounded, for live runs). */
  durationMs?: number;
  /** Each truck stops after this many trips. */
  tripsPerTruck?: number;
  intervalS?: number;
  sealUplinkS?: number;
  /** A tick input every tickS seconds so time-based rules fire between reports (0: none). */
  tickS?: number;
  noise?: Partial<NoiseParams>;
  /** Fleet-wide rate of injected incidents, spread over the types in incidentTypes. */
  incidentsPerHour?: number;
  incidentTypes?: readonly AlertType[];
  /** Overrides the rate: the incident (or none) for a truck's n-th trip. */
  incidentPlan?: (truckNo: number, tripNo: number) => AlertType | null;
  /** Share of trucks per transport, e.g. { mqtt: 80, http: 10, jt808: 10 }. */
  mix?: Partial<Record<TransportKind, number>>;
  fleetUbn?: string;
  yardUbn?: string;
  confirmer?: string;
  /** Share of trucks whose first trip starts already on the road (live demo). */
  warmShare?: number;
  /** First trips start spread over this many seconds. */
  staggerS?: number;
  /** Alert thresholds the platform uses (so incidents are sized against them). */
  params?: Partial<AlertParams>;
  /** Include facility and route inputs at the start of the stream. */
  includeReference?: boolean;
  /** Include vehicle, driver and device inputs at the start of the stream. */
  includeRegistration?: boolean;
  /** Number of the first truck (plates and device ids follow it). */
  firstTruckNo?: number;
  /**
   * Incidents for the first trucks' first trips, happening within a minute or two of the start
   * (device incidents on trucks already on the road), so a live demo shows alerts at once.
   */
  earlyIncidents?: readonly AlertType[];
  /**
   * Share of clean trips that are point to point (a truck without an OBU, passive seals read at
   * the origin, checkpoints and destination), and of the others that carry a mixed CN (a truck
   * e-seal and a passive seal). Default 0: the fleet runs on truck e-seals only.
   */
  passiveShare?: number;
  mixedShare?: number;
}

export const DEFAULT_FLEET_UBN = ubnFrom(5_300_001);
export const DEFAULT_YARD_UBN = ubnFrom(2_700_001);

const iso = (ms: number) => new Date(ms).toISOString();

const WARM_INCIDENTS: readonly AlertType[] = ['seal_tamper', 'seal_link_lost', 'low_battery', 'signal_lost'];

export function parseMix(spec: string): Partial<Record<TransportKind, number>> {
  const out: Partial<Record<TransportKind, number>> = {};
  for (const part of spec.split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!(TRANSPORT_KINDS as readonly string[]).includes(k)) throw new Error(`unknown transport "${k}" (use ${TRANSPORT_KINDS.join(', ')})`);
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`transport share for ${k} must be a non-negative number`);
    out[k as TransportKind] = n;
  }
  return out;
}

function pickTransport(rng: Rng, mix: Partial<Record<TransportKind, number>>): TransportKind {
  const entries = TRANSPORT_KINDS.map((k) => [k, mix[k] ?? 0] as const).filter(([, w]) => w > 0);
  if (entries.length === 0) return 'mqtt';
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rng.range(0, total);
  for (const [k, w] of entries) {
    if (x < w) return k;
    x -= w;
  }
  return entries[entries.length - 1][0];
}

export function makeTruck(no: number, rng: Rng, fleetUbn: string, mix: Partial<Record<TransportKind, number>>): Truck {
  const plate = plateFor(no);
  const obuId = obuIdFor(no);
  const sealIds = [0, 1, 2].map((i) => sealIdFor(no, i));
  const rfidCard = rfidCardFor(no);
  const passivePlate = passivePlateFor(no);
  return {
    no,
    plate,
    obuId,
    sealIds,
    rfidCard,
    vehicle: { plate, kind: 'tractor', category: rng.chance(0.8) ? 1 : 3, fleetUbn, obuId },
    passivePlate,
    passiveVehicle: { plate: passivePlate, kind: 'truck', category: 4, fleetUbn },
    driver: { nationalId: nationalIdFor(no), name: driverNameFor(no), fleetUbn, rfidCard, plates: [plate] },
    devices: [
      { id: obuId, kind: 'obu', model: 'SW-OBU-4G', plate },
      ...sealIds.map((id) => ({ id, kind: 'seal' as const, model: 'SW-ESEAL-T1', obuId })),
    ],
    transport: pickTransport(rng, mix),
    speedFactor: Math.max(0.9, Math.min(1.1, rng.normal(1, 0.04))),
  };
}

interface Source {
  rank: number;
  next: SimItem | undefined;
  it: Iterator<SimItem>;
  seq: number;
}

export class Fleet {
  readonly opts: FleetOptions;
  readonly trucks: Truck[];
  readonly plans: RoutePlan[];
  readonly problems: string[];
  /** Every trip generated so far, in the order they were planned. */
  readonly trips: SimTrip[] = [];
  /** Incidents asked for but impossible on every route tried (the trip ran clean instead). */
  readonly skippedIncidents: { truckNo: number; tripNo: number; type: AlertType }[] = [];
  private readonly settings: TripSettings;
  private readonly rng: Rng;
  private readonly tripIncidentChance: number;

  constructor(opts: FleetOptions) {
    this.opts = opts;
    this.rng = new Rng(opts.seed);
    const { plans, problems } = prepareRoutes(opts.world, opts.params);
    if (plans.length === 0) throw new Error(`no drivable route: ${problems.join('; ') || 'the world has none'}`);
    this.plans = plans;
    this.problems = problems;
    const fleetUbn = opts.fleetUbn ?? DEFAULT_FLEET_UBN;
    const first = opts.firstTruckNo ?? 0;
    this.trucks = Array.from({ length: opts.trucks }, (_, i) => makeTruck(first + i, this.rng.fork(`truck/${first + i}`), fleetUbn, opts.mix ?? { mqtt: 1 }));
    this.settings = {
      ...DEFAULT_TRIP_SETTINGS,
      intervalS: opts.intervalS ?? DEFAULT_TRIP_SETTINGS.intervalS,
      sealUplinkS: opts.sealUplinkS ?? DEFAULT_TRIP_SETTINGS.sealUplinkS,
      confirmer: opts.confirmer ?? DEFAULT_TRIP_SETTINGS.confirmer,
      noise: { ...DEFAULT_NOISE, ...opts.noise },
      yardUbn: opts.yardUbn ?? DEFAULT_YARD_UBN,
      // Six characters from the seed and start keep CN numbers apart between runs.
      runTag: String(Math.abs(hashCode(`${opts.seed}/${opts.startMs}`)) % 1_000_000).padStart(6, '0'),
    };
    // Per-trip chance so that the fleet sees incidentsPerHour on average: trips last about the
    // open road at 60 km/h plus 45 minutes at the ends.
    const meanTripH = plans.reduce((s, p) => s + p.openRoadM / 60_000 + 0.75, 0) / plans.length;
    this.tripIncidentChance = Math.min(1, ((opts.incidentsPerHour ?? 0) * meanTripH) / Math.max(1, opts.trucks));
  }

  /** The fleet runs point-to-point or mixed trips (its trucks' companion vehicles are registered). */
  get passiveTrips(): boolean {
    return (this.opts.passiveShare ?? 0) > 0 || (this.opts.mixedShare ?? 0) > 0 || this.incidentTypesWanted().some((t) => PASSIVE_INCIDENTS.includes(t));
  }

  private incidentTypesWanted(): readonly AlertType[] {
    return this.opts.incidentPlan ? ALERT_TYPES : this.opts.incidentsPerHour ? (this.opts.incidentTypes ?? ALERT_TYPES) : [];
  }

  get tripSettings(): TripSettings {
    return this.settings;
  }

  truckByDevice(deviceId: string): Truck | undefined {
    return this.trucks.find((t) => t.obuId === deviceId || t.sealIds.includes(deviceId));
  }

  /** Facilities and routes, then the trucks' vehicles, drivers and devices, all at startMs. */
  setupItems(): SimItem[] {
    const at = iso(this.opts.startMs);
    const inputs: EngineInput[] = [];
    if (this.opts.includeReference !== false) {
      for (const f of this.opts.world.facilities) inputs.push({ at, type: 'facility', data: f });
      for (const p of this.plans) inputs.push({ at, type: 'route', data: p.route });
    }
    if (this.opts.includeRegistration !== false) {
      for (const t of this.trucks) {
        inputs.push({ at, type: 'vehicle', data: t.vehicle });
        if (this.passiveTrips) inputs.push({ at, type: 'vehicle', data: t.passiveVehicle });
        inputs.push({ at, type: 'driver', data: t.driver });
        for (const d of t.devices) inputs.push({ at, type: 'device', data: d });
      }
    }
    return inputs.map((input) => ({ atMs: this.opts.startMs, input, truck: this.truckOf(input) }));
  }

  private truckOf(input: EngineInput): number | undefined {
    const plate = input.type === 'vehicle' ? input.data.plate : input.type === 'driver' ? input.data.plates?.[0] : undefined;
    if (plate) return this.trucks.find((t) => t.plate === plate || t.passivePlate === plate)?.no;
    if (input.type === 'device') return this.truckByDevice(input.data.id)?.no;
    return undefined;
  }

  private chooseIncident(truck: Truck, tripNo: number, rng: Rng): AlertType | null {
    if (this.opts.incidentPlan) return this.opts.incidentPlan(truck.no, tripNo);
    if (!rng.chance(this.tripIncidentChance)) return null;
    return rng.pick(this.opts.incidentTypes ?? SIMULATED_ALERT_TYPES);
  }

  /** A truck's trips, one after another, as items in time order. */
  private *truckItems(truck: Truck): Generator<SimItem> {
    const rng = this.rng.fork(`schedule/${truck.no}`);
    const early = this.opts.earlyIncidents?.[truck.no - (this.opts.firstTruckNo ?? 0)];
    const warm = rng.chance(this.opts.warmShare ?? 0) || early !== undefined;
    // The early incidents' trucks leave at once, so that a demo shows its first alerts within a
    // minute of starting; other warm trucks over 20 s, the rest over the stagger.
    const spreadS = early !== undefined ? 2 : warm ? 20 : (this.opts.staggerS ?? 600);
    let startMs = this.opts.startMs + 1000 + Math.round(rng.range(0, spreadS) * 1000);
    const endBy = this.opts.durationMs === undefined ? Infinity : this.opts.startMs + this.opts.durationMs;
    let at: string | null = null;
    for (let tripNo = 0; startMs < endBy && tripNo < (this.opts.tripsPerTruck ?? Infinity); tripNo++) {
      const tripRng = this.rng.fork(`trip/${truck.no}/${tripNo}`);
      const warmTrip = warm && tripNo === 0;
      const soon = tripNo === 0 && early !== undefined;
      const wanted = soon ? early : this.chooseIncident(truck, tripNo, tripRng.fork('incident'));
      // A warm start skips the yard steps at the origin and part of the road, so only the devices'
      // incidents can happen on it.
      const type = warmTrip && wanted !== null && !WARM_INCIDENTS.includes(wanted) ? null : wanted;
      const outcome = this.planTrip(truck, tripNo, startMs, type, at, warmTrip, tripRng, soon ? 5 : undefined);
      if (!outcome) {
        if (type) this.skippedIncidents.push({ truckNo: truck.no, tripNo, type });
        startMs += 30 * 60_000;
        continue;
      }
      this.trips.push(outcome.trip);
      yield* outcome.items;
      at = outcome.trip.routeCode;
      // Back at a yard: unloading, paperwork, the next load. Then another trip.
      startMs = outcome.trip.endMs + Math.round(rng.range(10, 40) * 60_000);
    }
  }

  private planTrip(
    truck: Truck,
    tripNo: number,
    startMs: number,
    type: AlertType | null,
    lastRoute: string | null,
    warm: boolean,
    rng: Rng,
    incidentSoonS?: number,
  ): TripOutcome | null {
    const lastDest = lastRoute ? this.plans.find((p) => p.code === lastRoute)?.route.destination : undefined;
    const fit = this.plans.filter((p) => !type || routeSupports(p, type));
    const fromHere = fit.filter((p) => p.route.origin === lastDest);
    const order = rng.shuffle([...fit]);
    if (fromHere.length > 0 && rng.chance(0.7)) order.unshift(rng.pick(fromHere));
    // Point to point: the passive incidents, half of the seal tampering and overdue trips, and a share of clean trips;
    // a mixed CN: a share of the other clean trips and half of the unsealed departures.
    const kind = rng.fork('kind');
    const mixedOk = !warm && (type === null || type === 'departed_unsealed');
    const mixed = mixedOk && (type === 'departed_unsealed' ? kind.chance(0.5) : kind.chance(this.opts.mixedShare ?? 0));
    const passive = !warm && !mixed &&
      ((type !== null && PASSIVE_INCIDENTS.includes(type)) || ((type === 'seal_tamper' || type === 'overdue') && kind.chance(0.5)) || (type === null && kind.chance(this.opts.passiveShare ?? 0)));
    for (const plan of order.slice(0, 8)) {
      const warmAlong = warm ? this.warmAlong(plan, rng) : undefined;
      const spec: TripSpec = { simTripId: `${truck.plate}-${tripNo + 1}`, tripNo, truck, plan, startMs, incident: type, warmAlong, incidentSoonS, passiveSeal: mixed };
      const trip = passive
        ? generatePassiveTrip(spec, this.settings, rng.fork(plan.code), this.opts.world.facilities)
        : generateTrip(spec, this.settings, rng.fork(plan.code));
      if (trip) return trip;
    }
    if (type) return this.planTrip(truck, tripNo, startMs, null, lastRoute, warm, rng.fork('clean'), incidentSoonS);
    return null;
  }

  /** Somewhere on the open road before the first checkpoint (a truck already past one would have evaded it). */
  private warmAlong(plan: RoutePlan, rng: Rng): number {
    const firstCp = plan.checkpointPassages()[0]?.from ?? Infinity;
    const hi = Math.min(firstCp - 1500, plan.originExitM + 0.8 * plan.openRoadM);
    const lo = plan.originExitM + 300;
    return hi > lo ? rng.range(lo, hi) : lo;
  }

  /** The whole run as one time-ordered stream, ticks included. Lazy: live runs never end. */
  *stream(): Generator<SimItem> {
    const heap = new MinHeap<Source>((a, b) => {
      const x = a.next!;
      const y = b.next!;
      return x.atMs < y.atMs || (x.atMs === y.atMs && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)));
    });
    let seq = 0;
    const add = (rank: number, it: Iterator<SimItem>) => {
      const r = it.next();
      if (!r.done) heap.push({ rank, next: r.value, it, seq: seq++ });
    };
    add(-1, this.setupItems()[Symbol.iterator]());
    this.trucks.forEach((t, i) => add(i, this.truckItems(t)));
    const tickMs = (this.opts.tickS ?? this.settings.intervalS) * 1000;
    let nextTick = this.opts.startMs + tickMs;
    while (heap.size > 0) {
      const src = heap.pop()!;
      const item = src.next!;
      while (tickMs > 0 && nextTick < item.atMs) {
        yield { atMs: nextTick, input: { at: iso(nextTick), type: 'tick', data: {} } };
        nextTick += tickMs;
      }
      yield item;
      const r = src.it.next();
      if (!r.done) {
        src.next = r.value;
        src.seq = seq++;
        heap.push(src);
      }
    }
  }
}

function hashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
