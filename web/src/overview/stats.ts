// The overview's figures, computed from trips and alerts of the Taipei day.
import type { Alert, Trip } from '../api/types.ts';

export function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
}

/** Nearest-rank percentile (p in 0..100) of seconds; null for no data. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function ackSeconds(alerts: Alert[]): number[] {
  return alerts
    .filter((a) => a.acknowledgedAt)
    .map((a) => (Date.parse(a.acknowledgedAt!) - Date.parse(a.openedAt)) / 1000)
    .filter((s) => Number.isFinite(s) && s >= 0);
}

export function alertsPer100Trips(alerts: Alert[], trips: Trip[]): number | null {
  return trips.length === 0 ? null : Math.round((alerts.length / trips.length) * 1000) / 10;
}

/** Acknowledgement times in minute buckets (0–1, 1–2, 2–3, 3–5, 5–10, >10) for the histogram. */
export const ACK_BUCKETS = [60, 120, 180, 300, 600, Infinity];
export function ackHistogram(seconds: number[]): number[] {
  const counts = ACK_BUCKETS.map(() => 0);
  for (const s of seconds) counts[ACK_BUCKETS.findIndex((b) => s < b)]++;
  return counts;
}
