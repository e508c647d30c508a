// The way in: every input gets its engine time and partition key, is stored in the input log by a
// group commit (inputs arriving while one batch is being written form the next batch: one
// multi-row insert, one commit, then every waiter resolves), and only then is published to the bus.
// Callers (gateways, the API) acknowledge when submit() resolves, so they acknowledge only what is
// durable.
//
// Ticks. The engine's timers run on its clock, advanced by inputs and by a tick every second. To
// make a rebuild reproduce the live run exactly, ticks are not free-running: they are sequenced
// here, with the inputs, by one rule that the rebuild applies too: before an input at time A,
// a tick for every whole second s with lastTick < s ≤ A. Times are monotonic (an input's time is
// max(clock, last time)), so stored order, time order and tick order agree. Ticks are not stored.
import type { InputBus } from '../bus/bus.ts';
import type { EngineInput } from '../core/types.ts';
import type { Db, Queryable } from '../store/db.ts';
import { appendInputs } from './input-log.ts';
import type { ReferenceIndex } from './reference-index.ts';

export interface SubmitOptions {
  /** Runs inside the transaction that stores the inputs (e.g. the audit entry of the request). */
  inTransaction?: (tx: Queryable) => Promise<void>;
}

interface Item {
  input: EngineInput;
  /** Null for ticks (not stored). */
  key: string | null;
  stored: boolean;
  seq: number | null;
}

interface Submission {
  items: Item[];
  storedCount: number;
  inTransaction?: (tx: Queryable) => Promise<void>;
  resolve?: () => void;
  reject?: (err: unknown) => void;
}

export interface IntakeOptions {
  /** Inputs per batch (a submission is never split, so one may exceed it). */
  maxBatch?: number;
  /** How long an idle intake waits for company before writing (ms). */
  maxWaitMs?: number;
  now?: () => number;
  onBatchError?: (err: unknown) => void;
}

export interface IntakeStats {
  batches: number;
  inputs: number;
  largestBatch: number;
  failedBatches: number;
}

export class Intake {
  private queue: Submission[] = [];
  private writing = false;
  private timer: NodeJS.Timeout | null = null;
  private lastAtMs = -Infinity;
  /** The last whole second ticked; null until the first input (nothing to tick before it). */
  private lastTickSec: number | null = null;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  readonly stats: IntakeStats = { batches: 0, inputs: 0, largestBatch: 0, failedBatches: 0 };
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly bus: InputBus,
    private readonly refs: ReferenceIndex,
    private readonly opts: IntakeOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 4000;
    this.maxWaitMs = opts.maxWaitMs ?? 1;
    this.now = opts.now ?? Date.now;
  }

  /** Inputs waiting to be stored (read by /metrics; a scrape walks the queue, the hot path does not). */
  queued(): number {
    let n = 0;
    for (const sub of this.queue) n += sub.storedCount;
    return n;
  }

  /** Continues the sequence after a rebuild: the time and tick of the last stored input. */
  resumeAfter(lastAtMs: number | null): void {
    if (lastAtMs === null) return;
    this.lastAtMs = lastAtMs;
    this.lastTickSec = Math.floor(lastAtMs / 1000);
  }

  /** Stores the inputs durably, in order, then hands them to the engine; resolves when stored. */
  submit(inputs: EngineInput[], opts: SubmitOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the monitor is shutting down'));
    if (inputs.length === 0 && !opts.inTransaction) return Promise.resolve();
    const items: Item[] = [];
    for (const given of inputs) {
      const atMs = Math.max(this.now(), this.lastAtMs);
      this.ticksUpTo(atMs, items);
      if (this.lastTickSec === null) this.lastTickSec = Math.floor(atMs / 1000);
      this.lastAtMs = atMs;
      const input = { ...given, at: new Date(atMs).toISOString() } as EngineInput;
      // The key is decided now, from what the inputs before this one said.
      const key = this.refs.keyFor(input);
      this.refs.observe(input);
      items.push({ input, key, stored: true, seq: null });
    }
    return new Promise<void>((resolve, reject) => {
      this.enqueue({ items, storedCount: inputs.length, inTransaction: opts.inTransaction, resolve, reject });
    });
  }

  /** Sequences the ticks due by the clock (called every second). */
  tick(): void {
    if (this.closed || this.lastTickSec === null) return;
    const items: Item[] = [];
    const nowMs = Math.max(this.now(), this.lastAtMs);
    this.ticksUpTo(nowMs, items);
    if (items.length === 0) return;
    this.lastAtMs = nowMs;
    this.enqueue({ items, storedCount: 0 });
  }

  private ticksUpTo(atMs: number, into: Item[]): void {
    if (this.lastTickSec === null) return;
    const upTo = Math.floor(atMs / 1000);
    for (let s = this.lastTickSec + 1; s <= upTo; s++) {
      into.push({ input: tickAt(s), key: null, stored: false, seq: null });
    }
    if (upTo > this.lastTickSec) this.lastTickSec = upTo;
  }

  private enqueue(sub: Submission): void {
    this.queue.push(sub);
    this.schedule();
  }

  private schedule(): void {
    if (this.writing || this.timer || this.queue.length === 0) return;
    const queued = this.queue.reduce((n, s) => n + s.storedCount, 0);
    if (queued >= this.maxBatch || this.maxWaitMs <= 0) {
      void this.writeNext();
    } else {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.writeNext();
      }, this.maxWaitMs);
    }
  }

  /** Takes whole submissions up to maxBatch inputs, stores them in one transaction, publishes. */
  private async writeNext(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    let count = 0;
    let take = 0;
    while (take < this.queue.length && (take === 0 || count + this.queue[take].storedCount <= this.maxBatch)) {
      count += this.queue[take].storedCount;
      take++;
    }
    const batch = this.queue.splice(0, take);
    const stored = batch.flatMap((s) => s.items.filter((i) => i.stored));
    let failure: unknown = null;
    const withOthers = batch.some((s) => s.inTransaction);
    if (stored.length > 0 || withOthers) {
      try {
        // One insert is atomic by itself: a batch with nothing else to write (the telemetry of a
        // busy fleet) saves the two round trips of begin and commit.
        const seqs = withOthers
          ? await this.db.transaction(async (tx) => {
              for (const s of batch) if (s.inTransaction) await s.inTransaction(tx);
              return stored.length ? appendInputs(tx, stored) : [];
            })
          : await appendInputs(this.db, stored);
        seqs.forEach((seq, i) => (stored[i].seq = seq));
        this.stats.batches++;
        this.stats.inputs += stored.length;
        if (stored.length > this.stats.largestBatch) this.stats.largestBatch = stored.length;
      } catch (err) {
        failure = err;
        this.stats.failedBatches++;
        this.opts.onBatchError?.(err);
      }
    }
    for (const s of batch) {
      if (failure) s.reject?.(failure);
      else s.resolve?.();
    }
    // Publish in stored order. A failed batch's inputs were refused to their callers and are not
    // applied; its ticks still are, so the tick sequence stays the one a rebuild derives.
    for (const s of batch) {
      for (const item of s.items) {
        if (item.stored && failure) continue;
        this.bus.publish(item.key, { seq: item.seq, input: item.input });
      }
    }
    this.writing = false;
    if (this.queue.length) this.schedule();
    else for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves when everything submitted so far is stored and published. */
  async drained(): Promise<void> {
    if (!this.writing && this.queue.length === 0 && !this.timer) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      void this.writeNext();
    }
    await this.drained();
  }
}

export function tickAt(second: number): EngineInput {
  return { at: new Date(second * 1000).toISOString(), type: 'tick', data: {} };
}
