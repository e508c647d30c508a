// What a truck's devices report: the OBU (position, speed, the seals it sees over Bluetooth) every
// interval, and each e-seal over its own uplink, less often and whenever its state changes.
import type { SealReport, SealState, Telemetry } from '../core/types.ts';
import { noisyFix, type NoiseParams, type Report } from './noise.ts';
import type { Rng } from './rng.ts';
import type { Track } from './track.ts';

/** One seal's life on a trip: its state changes, an optional Bluetooth outage, its battery. */
export interface SealPlan {
  id: string;
  /** State changes in time order; the first is the state at the start. */
  states: { t: number; state: SealState }[];
  linkLost: [number, number] | null;
  battery: (t: number) => number;
}

export function sealStateAt(s: SealPlan, t: number): SealState {
  let state = s.states[0].state;
  for (const c of s.states) {
    if (c.t > t) break;
    state = c.state;
  }
  return state;
}

export function sealLinkAt(s: SealPlan, t: number): 'ok' | 'lost' {
  return s.linkLost && t >= s.linkLost[0] && t < s.linkLost[1] ? 'lost' : 'ok';
}

/** A battery draining linearly from `start` at `t0`, by `perHour` percentage points. */
export function drainingBattery(start: number, t0: number, perHour: number): (t: number) => number {
  return (t) => Math.max(0, start - (perHour * Math.max(0, t - t0)) / 3_600_000);
}

/**
 * A battery at `start` at t0 that reaches exactly 20 % at `crossMs` (the low-battery threshold)
 * and keeps falling slowly after it, bottoming out at 12 %.
 */
export function failingBattery(start: number, t0: number, crossMs: number, thresholdPct = 20): (t: number) => number {
  const rate = (start - thresholdPct) / Math.max(1, crossMs - t0);
  return (t) => Math.max(12, start - rate * Math.max(0, t - t0));
}

/** Devices report whole percentages, rounded down, as their fuel gauges do. */
export function reportedBattery(v: number): number {
  return Math.floor(v);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface ObuSpec {
  obuId: string;
  rfidCard: string;
  track: Track;
  seals: SealPlan[];
  fromMs: number;
  toMs: number;
  intervalS: number;
  /** From when the driver is logged in (the RFID card travels in every report after). */
  loginMs: number;
  obuBattery: (t: number) => number;
  /** Periods with no report at all (the device lost power or its modem hung). */
  silent: [number, number][];
  noise: NoiseParams;
}

export function obuReports(spec: ObuSpec, rng: Rng): Report<Telemetry>[] {
  const out: Report<Telemetry>[] = [];
  const step = spec.intervalS * 1000;
  for (let t = spec.fromMs; t <= spec.toMs; t += step) {
    if (spec.silent.some(([a, b]) => t >= a && t < b)) continue;
    const truth = spec.track.at(t);
    const fix = noisyFix(rng, [truth.lon, truth.lat], spec.noise);
    const moving = truth.speedKmh > 0;
    const speed = moving ? Math.max(0, truth.speedKmh + rng.gauss() * 0.8) : 0;
    const seals: SealReport[] = spec.seals.map((s) => {
      const link = sealLinkAt(s, t);
      // Without the Bluetooth link the OBU only knows the last state it heard.
      return link === 'lost'
        ? { id: s.id, state: sealStateAt(s, s.linkLost![0]), link }
        : { id: s.id, state: sealStateAt(s, t), link, battery: reportedBattery(s.battery(t)) };
    });
    const body: Telemetry = {
      deviceId: spec.obuId,
      ts: iso(t),
      lat: fix.lat,
      lon: fix.lon,
      speedKmh: Math.round(speed * 10) / 10,
      heading: Math.round(truth.heading) % 360,
      hdop: fix.hdop,
      battery: reportedBattery(spec.obuBattery(t)),
      ...(t >= spec.loginMs ? { rfidCard: spec.rfidCard } : {}),
      seals,
    };
    out.push({ tsMs: t, body });
  }
  return out;
}

export interface SealUplinkSpec {
  seal: SealPlan;
  track: Track;
  fromMs: number;
  toMs: number;
  periodS: number;
  /** Before this time the seal has no position to send (it is not yet on a truck that has reported). */
  positionFromMs: number;
  noise: NoiseParams;
}

/** A seal's own uplink: periodic, plus an immediate report on every state change. */
export function sealUplinkReports(spec: SealUplinkSpec, rng: Rng): Report<Telemetry>[] {
  const times = new Set<number>();
  const phase = Math.round(rng.range(0, spec.periodS * 1000));
  for (let t = spec.fromMs + phase; t <= spec.toMs; t += spec.periodS * 1000) times.add(t);
  for (const c of spec.seal.states.slice(1)) if (c.t >= spec.fromMs && c.t <= spec.toMs) times.add(c.t + 500);
  return [...times]
    .sort((a, b) => a - b)
    .map((t) => {
      const body: Telemetry = {
        deviceId: spec.seal.id,
        ts: iso(t),
        state: sealStateAt(spec.seal, t),
        battery: reportedBattery(spec.seal.battery(t)),
      };
      if (t >= spec.positionFromMs) {
        const truth = spec.track.at(t);
        const fix = noisyFix(rng, [truth.lon, truth.lat], spec.noise);
        body.lat = fix.lat;
        body.lon = fix.lon;
      }
      return { tsMs: t, body };
    });
}
