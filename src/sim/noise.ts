// What the platform actually receives from a device, as opposed to where the truck was and when:
//
// - Position jitter: independent Gaussian errors east and north, σ = sigmaM per axis (default 8 m,
//   a consumer GNSS receiver with open sky).
// - Outliers: a share of fixes (default 1 %) displaced 50 m to outlierMaxM (default 300 m) in a
//   random direction (multipath in port cranes and city canyons). Some receivers know: a share
//   of outliers (default half) carries a poor HDOP (5–12); the rest look as good as any fix, so
//   the platform cannot rely on HDOP alone.
// - Signal gaps (tunnels, cellular dead spots): the uplink drops for gapMinS..gapMaxS (default
//   20–120 s) while the device keeps fixing; on reconnection it sends everything buffered as one
//   batch, each report with its own fix time. gapsPerHour of driving on average (Poisson).
// - Duplicates (MQTT QoS 1 redelivery, HTTP retries): a share of reports arrives twice.
// - Out of order: a share of reports is held back 12–25 s, so it arrives after the next one.
// - Latency: every delivery arrives 0.2–1.5 s after its fix.
import type { Rng } from './rng.ts';
import { offsetM, type LonLat } from './geo.ts';

export interface NoiseParams {
  sigmaM: number;
  outlierRate: number;
  outlierMinM: number;
  outlierMaxM: number;
  outlierHighHdopShare: number;
  gapsPerHour: number;
  gapMinS: number;
  gapMaxS: number;
  duplicateRate: number;
  outOfOrderRate: number;
  outOfOrderMinS: number;
  outOfOrderMaxS: number;
  latencyMinMs: number;
  latencyMaxMs: number;
}

export const DEFAULT_NOISE: Readonly<NoiseParams> = Object.freeze({
  sigmaM: 8,
  outlierRate: 0.01,
  outlierMinM: 50,
  outlierMaxM: 300,
  outlierHighHdopShare: 0.5,
  gapsPerHour: 1,
  gapMinS: 20,
  gapMaxS: 120,
  duplicateRate: 0.005,
  outOfOrderRate: 0.005,
  outOfOrderMinS: 12,
  outOfOrderMaxS: 25,
  latencyMinMs: 200,
  latencyMaxMs: 1500,
});

/** No noise at all: what the tests of trip logic and the noise-free checks use. */
export const NO_NOISE: Readonly<NoiseParams> = Object.freeze({
  ...DEFAULT_NOISE,
  sigmaM: 0,
  outlierRate: 0,
  gapsPerHour: 0,
  duplicateRate: 0,
  outOfOrderRate: 0,
  latencyMinMs: 0,
  latencyMaxMs: 0,
});

export interface NoisyFix {
  lon: number;
  lat: number;
  hdop: number;
  /** True when this fix is an outlier (kept for the statistics tests, not sent). */
  outlier: boolean;
}

/** Rounds to 7 decimals (about 1 cm), as devices send them. */
function r7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

export function noisyFix(rng: Rng, p: LonLat, params: NoiseParams): NoisyFix {
  let east = params.sigmaM > 0 ? rng.gauss() * params.sigmaM : 0;
  let north = params.sigmaM > 0 ? rng.gauss() * params.sigmaM : 0;
  // Good sky: HDOP 0.7–1.6, skewed low.
  let hdop = Math.min(1.6, 0.7 + Math.abs(rng.gauss()) * 0.35);
  let outlier = false;
  if (params.outlierRate > 0 && rng.chance(params.outlierRate)) {
    outlier = true;
    const dir = rng.range(0, 2 * Math.PI);
    const dist = rng.range(params.outlierMinM, params.outlierMaxM);
    east += Math.sin(dir) * dist;
    north += Math.cos(dir) * dist;
    if (rng.chance(params.outlierHighHdopShare)) hdop = rng.range(5.5, 12);
  }
  const [lon, lat] = offsetM(p, east, north);
  return { lon: r7(lon), lat: r7(lat), hdop: Math.round(hdop * 10) / 10, outlier };
}

/**
 * Gap windows [startMs, endMs) inside the allowed windows (a Poisson process over their total
 * length), each gapMinS..gapMaxS long and wholly inside its window.
 */
export function planGaps(rng: Rng, windows: readonly [number, number][], params: NoiseParams): [number, number][] {
  const gaps: [number, number][] = [];
  if (params.gapsPerHour <= 0) return gaps;
  const meanSpacingMs = 3_600_000 / params.gapsPerHour;
  for (const [from, to] of windows) {
    let t = from + rng.exponential(meanSpacingMs);
    while (t < to) {
      const len = rng.range(params.gapMinS, params.gapMaxS) * 1000;
      if (t + len > to) break;
      gaps.push([t, t + len]);
      // At least a minute of signal between two gaps: tunnels come with daylight between them.
      t += len + 60_000 + rng.exponential(meanSpacingMs);
    }
  }
  return gaps;
}

export interface Report<T> {
  tsMs: number;
  body: T;
}

export interface Delivery<T> {
  atMs: number;
  tsMs: number;
  body: T;
  /** Set on reports flushed together after a gap: one key per batch. */
  batch?: string;
}

/**
 * How reports reach the platform: latency, buffered batches after gaps, duplicates and reports
 * overtaken by the next one. Returns deliveries sorted by arrival (stable).
 */
export function deliver<T>(
  rng: Rng,
  reports: readonly Report<T>[],
  gaps: readonly [number, number][],
  params: NoiseParams,
  batchPrefix = 'b',
): Delivery<T>[] {
  const out: Delivery<T>[] = [];
  const latency = () => (params.latencyMaxMs > 0 ? Math.round(rng.range(params.latencyMinMs, params.latencyMaxMs)) : 0);
  const gapBatch = new Map<number, { id: string; atMs: number }>();
  for (const r of reports) {
    const gi = gaps.findIndex(([s, e]) => r.tsMs >= s && r.tsMs < e);
    if (gi >= 0) {
      let b = gapBatch.get(gi);
      if (!b) {
        b = { id: `${batchPrefix}:${gi}`, atMs: Math.round(gaps[gi][1]) + latency() };
        gapBatch.set(gi, b);
      }
      out.push({ atMs: b.atMs, tsMs: r.tsMs, body: r.body, batch: b.id });
      continue;
    }
    let atMs = r.tsMs + latency();
    if (params.outOfOrderRate > 0 && rng.chance(params.outOfOrderRate)) {
      atMs += Math.round(rng.range(params.outOfOrderMinS, params.outOfOrderMaxS) * 1000);
    }
    out.push({ atMs, tsMs: r.tsMs, body: r.body });
    if (params.duplicateRate > 0 && rng.chance(params.duplicateRate)) {
      out.push({ atMs: atMs + Math.round(rng.range(1000, 8000)), tsMs: r.tsMs, body: r.body });
    }
  }
  // Stable: equal arrival times keep report order (a batch stays in fix order).
  return out
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.atMs - b.d.atMs || a.i - b.i)
    .map((x) => x.d);
}
