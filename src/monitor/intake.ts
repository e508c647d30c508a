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
// One exception, applied by the rebuild too: before a platformResumed input, ticks run only up to
// its aliveUntil (the previous run's last known tick) and the clock then jumps. The platform was
// down; ticking through its downtime would fire every silence timer before the engine learns why.
import type { InputBus } from '../bus/bus.ts';
import type { EngineInput, PlatformResumed } from '../core/types.ts';
import type { NewInput, Written } from '../platform.ts';
import type { Db, Queryable } from '../store/db.ts';
import { appendInputs } from './input-log.ts';
import type { ReferenceIndex } from './reference-index.ts';

interface Item {
  input: EngineInput;
  /** Null for ticks (not stored). */
  key: string | null;
  stored: boolean;
  seq: number | null;
}

/**
 * What a caller handed over: inputs, a write that returns its inputs from inside the batch's
 * transaction, or (from the clock) only ticks. Inputs get their time, key and ticks when their
 * batch is written, in queue order: so a write's inputs, known only inside the transaction, are
 * timed and sequenced exactly like everybody else's.
 */
interface Submission {
  given?: NewInput[];
  write?: (tx: Queryable) => Promise<Written<unknown>>;
  /** Inputs counted towards maxBatch (a write's are not known in advance: it counts as one). */
  storedCount: number;
  items: Item[];
  result?: unknown;
  failure?: { err: unknown };
  resolve?: (result: unknown) => void;
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
  submit(inputs: NewInput[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the monitor is shutting down'));
    if (inputs.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.enqueue({ given: inputs, storedCount: inputs.length, items: [], resolve: () => resolve(), reject });
    });
  }

  /**
   * Runs `write` inside the transaction of the batch it falls in, under a savepoint: its rows and
   * the inputs it returns commit together with the batch, and a write that throws is rolled back
   * alone, its error going to its caller and no other.
   */
  transact<T>(write: (tx: Queryable) => Promise<Written<T>>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the monitor is shutting down'));
    return new Promise<T>((resolve, reject) => {
      this.enqueue({ write, storedCount: 1, items: [], resolve: (r) => resolve(r as T), reject });
    });
  }

  /** Sequences the ticks due by the clock (called every second). */
  tick(): void {
    if (this.closed || this.lastTickSec === null) return;
    this.enqueue({ storedCount: 0, items: [] });
  }

  /** Gives the inputs their time, key and the ticks before them, in the order they are stored. */
  private stamp(sub: Submission, inputs: readonly NewInput[]): void {
    for (const given of inputs) {
      const atMs = Math.max(this.now(), this.lastAtMs);
      this.ticksUpTo(ticksBeforeMs(given, atMs), sub.items);
      this.skipTicksTo(atMs);
      if (this.lastTickSec === null) this.lastTickSec = Math.floor(atMs / 1000);
      this.lastAtMs = atMs;
      const input = { ...given, at: new Date(atMs).toISOString() } as EngineInput;
      // The key is decided now, from what the inputs before this one said.
      const key = this.refs.keyFor(input);
      this.refs.observe(input);
      sub.items.push({ input, key, stored: true, seq: null });
    }
  }

  private stampTicks(sub: Submission): void {
    if (this.lastTickSec === null) return;
    const nowMs = Math.max(this.now(), this.lastAtMs);
    const before = sub.items.length;
    this.ticksUpTo(nowMs, sub.items);
    if (sub.items.length > before) this.lastAtMs = nowMs;
  }

  private skipTicksTo(atMs: number): void {
    if (this.lastTickSec !== null) this.lastTickSec = Math.max(this.lastTickSec, Math.floor(atMs / 1000));
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

  /** One write under a savepoint: on error only its own rows are rolled back, and it is refused alone. */
  private async runWrite(tx: Queryable, s: Submission): Promise<void> {
    await tx.query('savepoint intake_write');
    let written: Written<unknown>;
    try {
      written = await s.write!(tx);
    } catch (err) {
      await tx.query('rollback to savepoint intake_write');
      s.failure = { err };
      return;
    }
    await tx.query('release savepoint intake_write');
    s.result = written.result;
    this.stamp(s, written.inputs);
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
    let failure: unknown = null;
    let stored: Item[] = [];
    const storedOf = () => batch.flatMap((s) => (s.failure ? [] : s.items.filter((i) => i.stored)));
    try {
      if (!batch.some((s) => s.write)) {
        for (const s of batch) {
          if (s.given) this.stamp(s, s.given);
          else this.stampTicks(s);
        }
        stored = storedOf();
        // One insert is atomic by itself: a batch with nothing else to write (the telemetry of a
        // busy fleet) saves the two round trips of begin and commit.
        if (stored.length) (await appendInputs(this.db, stored)).forEach((seq, i) => (stored[i].seq = seq));
      } else {
        await this.db.transaction(async (tx) => {
          for (const s of batch) {
            if (s.write) await this.runWrite(tx, s);
            else if (s.given) this.stamp(s, s.given);
            else this.stampTicks(s);
          }
          stored = storedOf();
          if (stored.length) (await appendInputs(tx, stored)).forEach((seq, i) => (stored[i].seq = seq));
        });
      }
      if (stored.length) {
        this.stats.batches++;
        this.stats.inputs += stored.length;
        if (stored.length > this.stats.largestBatch) this.stats.largestBatch = stored.length;
      }
    } catch (err) {
      failure = err;
      this.stats.failedBatches++;
      this.opts.onBatchError?.(err);
    }
    if (this.bus.published) {
      // A networked bus: the callers are answered once the bus too holds their inputs.
      this.publish(batch, failure);
      try {
        await this.bus.published();
      } catch (err) {
        failure ??= err;
        this.stats.failedBatches++;
        this.opts.onBatchError?.(err);
      }
      this.settle(batch, failure);
    } else {
      this.settle(batch, failure);
      this.publish(batch, failure);
    }
    this.writing = false;
    if (this.queue.length) this.schedule();
    else for (const w of this.idleWaiters.splice(0)) w();
  }

  private settle(batch: Submission[], failure: unknown): void {
    for (const s of batch) {
      if (s.failure) s.reject?.(s.failure.err);
      else if (failure) s.reject?.(failure);
      else s.resolve?.(s.result);
    }
  }

  /**
   * Publishes in stored order. A failed batch's inputs were refused to their callers and are not
   * applied; its ticks still are, so the tick sequence stays the one a rebuild derives.
   */
  private publish(batch: Submission[], failure: unknown): void {
    for (const s of batch) {
      for (const item of s.items) {
        if (item.stored && (failure || s.failure)) continue;
        this.bus.publish(item.key, { seq: item.seq, input: item.input });
      }
    }
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

/**
 * The time up to which ticks precede an input at `atMs` (the rule the rebuild applies too): all of
 * them, except before a platformResumed, which is preceded only by its previous run's ticks.
 */
export function ticksBeforeMs(input: Pick<EngineInput, 'type' | 'data'>, atMs: number): number {
  return input.type === 'platformResumed' ? Math.min(atMs, aliveUntilMs(input.data as PlatformResumed)) : atMs;
}

/** Until when a resumed platform's previous run ticked (-Infinity: nothing to replay). */
export function aliveUntilMs(r: PlatformResumed): number {
  const known = [r.lastInputAt, r.aliveUntil].map((t) => Date.parse(t ?? '')).filter((ms) => !Number.isNaN(ms));
  return Math.max(-Infinity, ...known);
}

export function tickAt(second: number): EngineInput {
  return { at: new Date(second * 1000).toISOString(), type: 'tick', data: {} };
}
