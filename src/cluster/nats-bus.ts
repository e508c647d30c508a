// The input bus over NATS JetStream: the gateway's intake stores an input in the input log
// (engine_inputs, the system of record), then publishes it to its partition's subject; an input
// every partition needs (a tick, a facility, a route) is published to every partition. The
// intake acknowledges its callers only once JetStream has acknowledged every publish of the
// batch (published()), so an acknowledged input is both stored and on its way to its engine.
//
// Receiving is not done through this bus: each engine worker reads the partitions it holds
// straight from the stream (partition-runner.ts), from the start when it takes one over.
import type { JetStreamClient } from 'nats';
import type { BusHandler, BusMessage, InputBus, Subscription } from '../bus/bus.ts';
import { partitionOf, type ClusterNames } from './partitions.ts';

/** What travels on a partition subject. */
export interface WireInput {
  seq: number | null;
  key: string | null;
  input: BusMessage['input'];
}

export class NatsInputBus implements InputBus {
  private pending: Promise<unknown>[] = [];
  private readonly encoder = new TextEncoder();
  readonly stats = { published: 0 };

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: ClusterNames,
    private readonly partitions: number,
  ) {}

  publish(key: string | null, msg: Omit<BusMessage, 'key'>): void {
    const data = this.encoder.encode(JSON.stringify({ seq: msg.seq, key, input: msg.input } satisfies WireInput));
    if (key === null) {
      for (let p = 0; p < this.partitions; p++) this.send(p, data, msg.seq === null ? undefined : `${msg.seq}.${p}`);
    } else {
      this.send(partitionOf(key, this.partitions), data, msg.seq === null ? undefined : String(msg.seq));
    }
  }

  private send(partition: number, data: Uint8Array, msgID: string | undefined): void {
    this.stats.published++;
    // A generous timeout: under a burst the server may take seconds to acknowledge, and a timed-out
    // publish refuses the whole batch to its senders.
    this.pending.push(this.js.publish(this.names.subject(partition), data, msgID ? { msgID, timeout: 30_000 } : { timeout: 30_000 }));
  }

  /** Resolves when JetStream has acknowledged everything published so far; rejects if it refused any. */
  async published(): Promise<void> {
    const waiting = this.pending;
    this.pending = [];
    await Promise.all(waiting);
  }

  subscribe(_handler: BusHandler): Subscription {
    throw new Error('engine workers read their partitions from the stream (src/cluster/partition-runner.ts)');
  }
}
