// Messages between the page and the stream worker.
import type { StreamStatus } from './store.ts';

export type ToStreamWorker = { kind: 'connect'; url: string } | { kind: 'close' };

/**
 * Latest position per vehicle since the last batch, decoded into columns (one entry per vehicle,
 * `slot` names the vehicle). The arrays are transferred, not copied: at 5,000 vehicles a second a
 * structured clone of objects would cost the page more than drawing them.
 */
export interface PositionColumns {
  slot: Uint32Array;
  lon: Float64Array;
  lat: Float64Array;
  /** ms since the epoch. */
  ts: Float64Array;
  /** NaN when not reported. */
  speedKmh: Float32Array;
  heading: Float32Array;
}

/** Who a slot is: sent the first time the worker sees a vehicle and whenever its trip changes. */
export interface SlotIdentity {
  slot: number;
  plate: string;
  tripId: string | null;
  deviceId: string | null;
}

export type FromStreamWorker =
  | { kind: 'status'; status: StreamStatus }
  /** Times in ms since the epoch. */
  | { kind: 'positions'; columns: PositionColumns; identities: SlotIdentity[]; firstArrival: number; minAt: number | null }
  | { kind: 'message'; message: unknown };
