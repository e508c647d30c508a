// Who applies which partition: a lease per partition in a JetStream key-value bucket whose
// entries expire (CLUSTER_LEASE_SECONDS). A worker creates the key of a free partition (create
// fails if another holds it), renews it every second by a compare-and-set update on its own
// revision, and lets it go by deleting it at that revision. A worker that dies stops renewing:
// its keys expire and the others create them. Workers also announce themselves (`w.<id>`, same
// expiry), and each aims at ceil(partitions / live workers): a worker that joins takes free
// partitions, and those above their share give theirs up, so the load evens out.
//
// A worker that misses its renewals (a long pause) may find its lease taken: it stops that
// partition at its next beat. Until then both may apply it; the outputs are idempotent, so the
// overlap writes nothing twice.
import type { KV } from 'nats';

export interface LeaseHooks {
  /** The partition is ours: start applying it (not awaited by the beat). */
  acquired(partition: number, at: number): void;
  /** Stop applying the partition (awaited before a graceful release). */
  stop(partition: number): Promise<void>;
}

export class PartitionLeases {
  /** Partition → revision of our lease entry. */
  readonly owned = new Map<number, number>();
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly kv: KV,
    readonly workerId: string,
    private readonly partitions: number,
    private readonly hooks: LeaseHooks,
    /** Counts the live workers in one request (the key listing is a consumer per call). */
    private readonly countWorkers?: () => Promise<number>,
  ) {}

  /** One round: renew, announce, rebalance. */
  async beat(): Promise<void> {
    // Renewals first and all at once: a beat must stay well inside the lease's lifetime.
    const me = this.encoder.encode(this.workerId);
    await Promise.all([
      this.kv.put(`w.${this.workerId}`, this.encoder.encode(String(Date.now()))),
      ...[...this.owned].map(async ([p, rev]) => {
        try {
          this.owned.set(p, await this.kv.update(leaseKey(p), me, rev));
        } catch {
          // Expired and taken, or changed under us: it is not ours any more.
          this.owned.delete(p);
          void this.hooks.stop(p);
        }
      }),
    ]);
    const workers = await this.liveWorkers();
    const share = Math.ceil(this.partitions / Math.max(1, workers));
    if (this.owned.size > share) {
      for (const p of [...this.owned.keys()].slice(share)) void this.release(p);
      return;
    }
    // Start looking at a place of our own, so that workers starting together try different keys.
    const start = Math.abs(hashId(this.workerId)) % this.partitions;
    for (let i = 0; i < this.partitions && this.owned.size < share; i++) {
      const p = (start + i) % this.partitions;
      if (this.owned.has(p)) continue;
      try {
        const rev = await this.kv.create(leaseKey(p), this.encoder.encode(this.workerId));
        this.owned.set(p, rev);
        this.hooks.acquired(p, Date.now());
      } catch {
        // Held by another worker.
      }
    }
  }

  /** Workers announced and not expired: the subjects of `w.*` in the bucket's stream (one request). */
  private async liveWorkers(): Promise<number> {
    if (!this.countWorkers) {
      let n = 0;
      for await (const _k of await this.kv.keys('w.*')) n++;
      return n;
    }
    return this.countWorkers();
  }

  /**
   * Stops the partition, then frees the lease (only if it is still ours). Not renewed meanwhile:
   * if stopping takes long, the lease simply expires.
   */
  async release(p: number): Promise<void> {
    const rev = this.owned.get(p);
    if (rev === undefined) return;
    this.owned.delete(p);
    await this.hooks.stop(p);
    await this.kv.delete(leaseKey(p), { previousSeq: rev }).catch(() => undefined);
  }

  /** Gives every partition up and withdraws the worker (a graceful stop). */
  async releaseAll(): Promise<void> {
    for (const p of [...this.owned.keys()]) await this.release(p);
    await this.kv.delete(`w.${this.workerId}`).catch(() => undefined);
  }
}

export function leaseKey(partition: number): string {
  return `p.${partition}`;
}

function hashId(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) | 0;
  return h;
}
