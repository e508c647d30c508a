// Real-time pacing: each simulated item is released when the wall clock reaches its time, with
// simulated time mapped onto the wall clock from the moment the run goes live, optionally faster.
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      // The listener goes with the timer: a long run sleeps many times on one signal.
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Maps simulated time to wall time: wall = wallStart + (sim - simStart) / speedup. */
export class TimeMap {
  constructor(
    readonly simStartMs: number,
    readonly wallStartMs: number,
    readonly speedup: number,
  ) {
    if (!(speedup > 0)) throw new RangeError('speedup must be positive');
  }

  wall(simMs: number): number {
    return this.wallStartMs + (simMs - this.simStartMs) / this.speedup;
  }

  /** The ISO time a simulated timestamp has once the run is live (device clocks follow the wall clock). */
  restamp(iso: string): string {
    return new Date(Math.round(this.wall(Date.parse(iso)))).toISOString();
  }
}

/** Waits until each item is due, then yields it. Items already due come at once. */
export async function* paced<T>(items: Iterable<T>, dueSimMs: (t: T) => number, map: TimeMap, clock: Clock = systemClock, signal?: AbortSignal): AsyncGenerator<T> {
  for (const item of items) {
    if (signal?.aborted) return;
    const wait = map.wall(dueSimMs(item)) - clock.now();
    if (wait > 5) await clock.sleep(wait, signal);
    if (signal?.aborted) return;
    yield item;
  }
}
