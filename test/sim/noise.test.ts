// The GPS and network noise model: seeded statistics within tolerance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toLocal, type LonLat } from '../../src/sim/geo.ts';
import { DEFAULT_NOISE, deliver, noisyFix, planGaps, type NoiseParams, type Report } from '../../src/sim/noise.ts';
import { Rng } from '../../src/sim/rng.ts';

const ORIGIN: LonLat = [120.3, 22.6];

function sd(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

test('jitter has the configured σ per axis and outliers their share and range', () => {
  const rng = new Rng('noise-stats');
  const n = 40_000;
  const east: number[] = [];
  const north: number[] = [];
  let outliers = 0;
  let highHdop = 0;
  for (let i = 0; i < n; i++) {
    const f = noisyFix(rng, ORIGIN, DEFAULT_NOISE);
    const [x, y] = toLocal(ORIGIN, [f.lon, f.lat]);
    if (f.outlier) {
      outliers++;
      const d = Math.hypot(x, y);
      // Outlier displacement plus the ordinary jitter on top (4σ covers it).
      assert.ok(d >= DEFAULT_NOISE.outlierMinM - 4 * DEFAULT_NOISE.sigmaM && d <= DEFAULT_NOISE.outlierMaxM + 4 * DEFAULT_NOISE.sigmaM, `outlier at ${d} m`);
      if (f.hdop > 5) highHdop++;
      continue;
    }
    assert.ok(f.hdop >= 0.7 && f.hdop <= 1.6, `hdop ${f.hdop}`);
    east.push(x);
    north.push(y);
  }
  const share = outliers / n;
  assert.ok(Math.abs(share - DEFAULT_NOISE.outlierRate) < 0.002, `outlier share ${share}`);
  assert.ok(Math.abs(highHdop / outliers - DEFAULT_NOISE.outlierHighHdopShare) < 0.1, `high-hdop share ${highHdop / outliers}`);
  // Positions are rounded to 1e-7° (about 1 cm): negligible against σ = 8 m.
  for (const axis of [east, north]) {
    const s = sd(axis);
    assert.ok(Math.abs(s - DEFAULT_NOISE.sigmaM) < 0.2, `σ ${s}`);
  }
});

test('no noise means exact positions', () => {
  const rng = new Rng('exact');
  const params: NoiseParams = { ...DEFAULT_NOISE, sigmaM: 0, outlierRate: 0 };
  for (let i = 0; i < 100; i++) {
    const f = noisyFix(rng, ORIGIN, params);
    assert.deepEqual([f.lon, f.lat], ORIGIN);
  }
});

test('gaps stay inside their windows, within the configured lengths, at the configured rate', () => {
  const rng = new Rng('gaps');
  const hour = 3_600_000;
  const windows: [number, number][] = Array.from({ length: 200 }, (_, i) => [i * 10 * hour, i * 10 * hour + 4 * hour]);
  const gaps = planGaps(rng, windows, DEFAULT_NOISE);
  for (const [s, e] of gaps) {
    const len = (e - s) / 1000;
    assert.ok(len >= DEFAULT_NOISE.gapMinS && len <= DEFAULT_NOISE.gapMaxS, `gap of ${len} s`);
    assert.ok(windows.some(([a, b]) => s >= a && e <= b), 'gap outside its window');
  }
  // 800 hours at 1 an hour, less what the minimum spacing and window ends remove.
  assert.ok(gaps.length > 650 && gaps.length < 850, `${gaps.length} gaps`);
});

test('reports inside a gap arrive together at its end, in fix order; the rest after a short latency', () => {
  const rng = new Rng('deliver');
  const reports: Report<number>[] = Array.from({ length: 100 }, (_, i) => ({ tsMs: i * 10_000, body: i }));
  const gap: [number, number] = [200_000, 290_000];
  const params = { ...DEFAULT_NOISE, duplicateRate: 0, outOfOrderRate: 0 };
  const out = deliver(rng, reports, [gap], params, 'trip');
  assert.equal(out.length, 100);
  const batch = out.filter((d) => d.batch);
  assert.deepEqual(batch.map((d) => d.body), [20, 21, 22, 23, 24, 25, 26, 27, 28]);
  assert.ok(batch.every((d) => d.atMs === batch[0].atMs && d.atMs >= gap[1] && d.batch === 'trip:0'));
  for (const d of out.filter((x) => !x.batch)) {
    const latency = d.atMs - d.tsMs;
    assert.ok(latency >= params.latencyMinMs && latency <= params.latencyMaxMs, `latency ${latency}`);
  }
  // Arrival order.
  for (let i = 1; i < out.length; i++) assert.ok(out[i].atMs >= out[i - 1].atMs);
});

test('duplicates and out-of-order deliveries come at about their configured rates', () => {
  const rng = new Rng('dup-ooo');
  const n = 50_000;
  const reports: Report<number>[] = Array.from({ length: n }, (_, i) => ({ tsMs: i * 10_000, body: i }));
  const params = { ...DEFAULT_NOISE, duplicateRate: 0.01, outOfOrderRate: 0.01 };
  const out = deliver(rng, reports, [], params);
  const dups = out.length - n;
  assert.ok(Math.abs(dups / n - 0.01) < 0.002, `duplicate share ${dups / n}`);
  let overtaken = 0;
  let newest = -1;
  for (const d of out) {
    if (d.body < newest) overtaken++;
    newest = Math.max(newest, d.body);
  }
  // An overtaken report is one that arrives after a newer one (duplicates arrive late too).
  assert.ok(overtaken / n > 0.008 && overtaken / n < 0.03, `overtaken share ${overtaken / n}`);
});
