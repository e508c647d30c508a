// Retry schedule of webhook deliveries: exponential, capped, with jitter so that the deliveries
// that failed together during a receiver's outage do not all come back at the same second.

export interface BackoffOptions {
  /** Delay after the first failed attempt, before jitter. */
  baseMs: number;
  /** Longest delay between two attempts, before jitter. */
  maxMs: number;
  /** Attempts in all; after the last one fails the delivery is given up. */
  maxAttempts: number;
}

/** 10 s, 20 s, 40 s, ... up to 1 h; 12 attempts span about 3.5 hours. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 10_000, maxMs: 3_600_000, maxAttempts: 12 };

/**
 * Delay before the next attempt after `attempts` failed ones (1 or more). "Equal jitter": between
 * half and all of the exponential delay, so retries spread out but never come sooner than half.
 */
export function retryDelayMs(attempts: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exponential = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
