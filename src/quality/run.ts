// Alert quality: simulate many trips with GPS noise and injected incidents, run them through the
// monitoring engine in-process, and measure recall, false alerts and detection delay per alert type.
import { resolveParams } from '../core/alert-params.ts';
import { ALERT_TYPES, type AlertParams, type AlertType } from '../core/types.ts';
import { applyInput, createEngineState } from '../engine/index.ts';
import { Fleet, SIMULATED_ALERT_TYPES } from '../sim/fleet.ts';
import type { NoiseParams } from '../sim/noise.ts';
import { Rng } from '../sim/rng.ts';
import type { World } from '../sim/world.ts';
import { matchAlerts, OutputCollector, type MatchResult } from './match.ts';

export interface QualityOptions {
  world: World;
  seed: string;
  /** Total trips (incident trips included). */
  trips: number;
  /** Injected incidents of each alert type. */
  perType: number;
  types?: readonly AlertType[];
  trucks?: number;
  intervalS?: number;
  noise?: Partial<NoiseParams>;
  params?: Partial<AlertParams>;
  startMs?: number;
  /** Share of clean trips run point to point, and of the rest with a mixed CN (src/sim/fleet.ts). */
  passiveShare?: number;
  mixedShare?: number;
}

export interface TypeReport {
  incidents: number;
  injected: number;
  detected: number;
  recall: number;
  falseAlerts: number;
  falseAlertsPer1000CleanTrips: number;
  delayP50S: number | null;
  delayP95S: number | null;
  targets: { recall: number; delayP95S: number };
  pass: { recall: boolean; delay: boolean };
}

export interface QualityReport {
  seed: string;
  trips: number;
  cleanTrips: number;
  incidentTrips: number;
  /** Trips by seals: truck e-seals only, point to point (passive seals, no OBU), mixed CN. */
  tripKinds: Record<string, number>;
  inputs: number;
  simulatedHours: number;
  runMs: number;
  engineMs: number;
  intervalS: number;
  noise: Partial<NoiseParams>;
  perType: Record<string, TypeReport>;
  total: {
    incidents: number;
    detected: number;
    recall: number;
    falseAlerts: number;
    falseAlertsPer1000CleanTrips: number;
    targets: { recall: number; falseAlertsPer1000CleanTrips: number };
    pass: boolean;
  };
  pass: boolean;
  skippedIncidents: { type: AlertType; count: number }[];
  /** A few of each failure, to start an investigation from. */
  examples: { missed: unknown[]; falseAlerts: unknown[] };
}

const DEFAULT_START_MS = Date.parse('2025-03-03T00:00:00+08:00');

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return Math.round(s[idx] * 10) / 10;
}

/** Which (truck, trip) slots carry which incident: perType of each type, spread at random. */
export function incidentSchedule(seed: string, trucks: number, tripsPerTruck: number, perType: number, types: readonly AlertType[]) {
  const slots = Array.from({ length: trucks * tripsPerTruck }, (_, i) => i);
  new Rng(`${seed}/schedule`).shuffle(slots);
  const plan = new Map<number, AlertType>();
  let k = 0;
  for (const type of types) for (let n = 0; n < perType && k < slots.length; n++) plan.set(slots[k++], type);
  return (truckNo: number, tripNo: number) => plan.get(truckNo * tripsPerTruck + tripNo) ?? null;
}

/** Rule window per type: how long a rule waits, by definition, before it opens. */
export function ruleWindowS(type: AlertType, p: AlertParams): number {
  switch (type) {
    case 'route_deviation':
      return p.deviationMinSeconds;
    case 'abnormal_stop':
      return p.stopMinMinutes * 60;
    case 'unauthorized_facility':
      return p.unauthorizedFacilityMinMinutes * 60;
    case 'signal_lost':
      return p.signalLostSeconds;
    case 'seal_link_lost':
      return p.sealLinkLostSeconds;
    case 'departed_unsealed':
      return p.unsealedReadGraceMin * 60;
    default:
      return 0;
  }
}

/** The fleet a quality run simulates: the same options give the same trips, input for input. */
export function qualityFleet(opts: QualityOptions): Fleet {
  const types = opts.types ?? SIMULATED_ALERT_TYPES;
  const trucks = opts.trucks ?? Math.max(1, Math.ceil(opts.trips / 10));
  const tripsPerTruck = Math.ceil(opts.trips / trucks);
  return new Fleet({
    world: opts.world,
    seed: opts.seed,
    trucks,
    tripsPerTruck,
    startMs: opts.startMs ?? DEFAULT_START_MS,
    intervalS: opts.intervalS ?? 10,
    noise: opts.noise,
    params: opts.params,
    incidentPlan: incidentSchedule(opts.seed, trucks, tripsPerTruck, opts.perType, types),
    staggerS: 3600,
    // Passive seals are most of what customs supervises (CONTRACT section 8): clean point-to-point
    // and mixed trips alongside the truck e-seal ones.
    passiveShare: opts.passiveShare ?? 0.25,
    mixedShare: opts.mixedShare ?? 0.15,
  });
}

export function runQuality(opts: QualityOptions): { report: QualityReport; result: MatchResult; fleet: Fleet } {
  const t0 = performance.now();
  const intervalS = opts.intervalS ?? 10;
  const startMs = opts.startMs ?? DEFAULT_START_MS;
  const fleet = qualityFleet(opts);
  const state = createEngineState(opts.params ?? {});
  const collector = new OutputCollector();
  let inputs = 0;
  let engineMs = 0;
  let lastMs = startMs;
  for (const item of fleet.stream()) {
    const s = performance.now();
    const outputs = applyInput(state, item.input, item.atMs);
    engineMs += performance.now() - s;
    for (const o of outputs) collector.add(o, item.atMs);
    inputs++;
    lastMs = item.atMs;
  }
  const result = matchAlerts(collector, fleet.trips, intervalS);
  const report = summarise(opts, fleet, result, { inputs, engineMs, runMs: performance.now() - t0, hours: (lastMs - startMs) / 3_600_000, intervalS });
  return { report, result, fleet };
}

function summarise(
  opts: QualityOptions,
  fleet: Fleet,
  result: MatchResult,
  run: { inputs: number; engineMs: number; runMs: number; hours: number; intervalS: number },
): QualityReport {
  const params = resolveParams(opts.params ?? {});
  const trips = fleet.trips;
  const clean = trips.filter((t) => t.incident === null).length;
  const per1000 = (n: number) => (clean > 0 ? Math.round((n / clean) * 1000 * 100) / 100 : 0);
  const perType: Record<string, TypeReport> = {};
  for (const type of ALERT_TYPES) {
    const incidents = trips.flatMap((t) => t.incidents).filter((i) => i.alertType === type);
    const matched = result.matches.filter((m) => m.incident.alertType === type);
    const falseN = result.falseAlerts.filter((f) => f.alert.alert.alertType === type).length;
    const delays = matched.map((m) => m.delayS);
    const targetDelay = ruleWindowS(type, params) + 2 * run.intervalS;
    const p95 = percentile(delays, 95);
    const recall = incidents.length ? matched.length / incidents.length : 1;
    perType[type] = {
      incidents: incidents.length,
      injected: trips.filter((t) => t.incident === type).length,
      detected: matched.length,
      recall: Math.round(recall * 10000) / 10000,
      falseAlerts: falseN,
      falseAlertsPer1000CleanTrips: per1000(falseN),
      delayP50S: percentile(delays, 50),
      delayP95S: p95,
      targets: { recall: 1, delayP95S: targetDelay },
      pass: { recall: recall >= 1, delay: p95 === null || p95 <= targetDelay },
    };
  }
  const incidentsN = trips.reduce((n, t) => n + t.incidents.length, 0);
  const falseTotal = result.falseAlerts.length;
  const totalPass = result.matches.length === incidentsN && per1000(falseTotal) <= 1;
  const skipped = new Map<AlertType, number>();
  for (const s of fleet.skippedIncidents) skipped.set(s.type, (skipped.get(s.type) ?? 0) + 1);
  const tripOf = new Map(trips.map((t) => [t.simTripId, t]));
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    seed: opts.seed,
    trips: trips.length,
    cleanTrips: clean,
    incidentTrips: trips.length - clean,
    tripKinds: trips.reduce<Record<string, number>>((k, t) => ({ ...k, [t.kind ?? 'truck_eseal']: (k[t.kind ?? 'truck_eseal'] ?? 0) + 1 }), {}),
    inputs: run.inputs,
    simulatedHours: Math.round(run.hours * 10) / 10,
    runMs: Math.round(run.runMs),
    engineMs: Math.round(run.engineMs),
    intervalS: run.intervalS,
    noise: fleet.tripSettings.noise,
    perType,
    total: {
      incidents: incidentsN,
      detected: result.matches.length,
      recall: incidentsN ? Math.round((result.matches.length / incidentsN) * 10000) / 10000 : 1,
      falseAlerts: falseTotal,
      falseAlertsPer1000CleanTrips: per1000(falseTotal),
      targets: { recall: 1, falseAlertsPer1000CleanTrips: 1 },
      pass: totalPass,
    },
    pass: totalPass && Object.values(perType).every((r) => r.pass.recall && r.pass.delay),
    skippedIncidents: [...skipped].map(([type, count]) => ({ type, count })),
    examples: {
      missed: result.missed.slice(0, 12).map((i) => ({
        alertType: i.alertType,
        simTripId: i.simTripId,
        route: tripOf.get(i.simTripId)?.routeCode,
        derived: i.derived,
        startAt: iso(i.startMs),
        endAt: iso(i.endMs),
        detail: i.detail,
      })),
      falseAlerts: result.falseAlerts.slice(0, 12).map((f) => ({
        at: iso(f.alert.atMs),
        reason: f.reason,
        simTripId: f.simTripId,
        route: f.simTripId ? tripOf.get(f.simTripId)?.routeCode : undefined,
        tripIncident: f.simTripId ? tripOf.get(f.simTripId)?.incident : undefined,
        alert: f.alert.alert,
      })),
    },
  };
}
