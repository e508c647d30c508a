// The bus between the input log and the engine owners. Inputs are published after they are stored,
// in the order they were stored (seq), with a partition key: the vehicle's plate, or the device id
// before the plate is known. A null key means "every partition" (ticks and reference data, which
// every engine owner needs).
//
// In-process (the default, one engine for the whole platform): one subscriber receives everything
// in publish order, so the live order is the stored order and a rebuild reproduces it exactly.
//
// Beyond one machine, a NATS JetStream bus implements the same interface:
//   - publish(key, msg) → subject `sealwatch.inputs.p<hash(key) mod N>` (N fixed partitions); a
//     null key is published to every partition subject. The stream's per-subject order is the
//     per-vehicle order; JetStream's own sequence replaces the local seq for that partition.
//   - subscribe(handler, { partitions }) → one durable, ordered pull consumer per owned partition,
//     acking a message after the handler returns (an engine process owns a set of partitions,
//     assigned by a KV lease so that exactly one process applies each partition).
//   - a restarted owner rebuilds its partitions' state by replaying its subjects from the start
//     (or from a snapshot), exactly as the in-process monitor replays engine_inputs.
import type { EngineInput } from '../core/types.ts';

export interface BusMessage {
  /** Position in the input log; null for inputs that are not stored (ticks). */
  seq: number | null;
  /** Partition key; null for inputs every partition needs. */
  key: string | null;
  input: EngineInput;
}

export type BusHandler = (msg: BusMessage) => void;

export interface SubscribeOptions {
  /** Partitions this owner applies; all when absent (one engine for the whole platform). */
  partitions?: number[];
}

export interface Subscription {
  unsubscribe(): void;
}

export interface InputBus {
  /** Hands a stored input to the owner of its partition; messages of one key arrive in publish order. */
  publish(key: string | null, msg: Omit<BusMessage, 'key'>): void;
  subscribe(handler: BusHandler, opts?: SubscribeOptions): Subscription;
  /**
   * For a bus that publishes over the network: resolves once everything published so far is
   * durable on the bus. The intake then acknowledges its callers only after it (absent: at once).
   */
  published?(): Promise<void>;
}
