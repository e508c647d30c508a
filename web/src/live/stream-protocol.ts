// Messages between the page and the stream worker.
import type { StreamStatus } from './store.ts';

export type ToStreamWorker = { kind: 'connect'; url: string } | { kind: 'close' };

export type FromStreamWorker =
  | { kind: 'status'; status: StreamStatus }
  /** Latest position per vehicle since the last batch; times in ms since the epoch. */
  | { kind: 'positions'; positions: unknown[]; firstArrival: number; minAt: number | null }
  | { kind: 'message'; message: unknown };
