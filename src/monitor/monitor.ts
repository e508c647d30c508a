// The monitor service: the platform's EngineInputSink. Inputs are stored in the input log (group
// commit), published on the bus in stored order, applied by the engine owner, and the outputs
// stored by the batch writer and then published to listeners (/stream, command dispatcher).
//
//   submit ─▶ Intake (time, key, ticks; group commit to engine_inputs) ─▶ InputBus
//          ─▶ EngineOwner (engine.applyInput; records) ─▶ OutputWriter (positions, trips, alerts,
//             commands; one transaction per batch) ─▶ listeners
//
// On start the engine state is rebuilt from the input log (rebuild.ts) before anything is accepted.
import type { Log } from '../ops/log.ts';
import type { EngineInputSink, NewInput, Written } from '../platform.ts';
import type { InputBus } from '../bus/bus.ts';
import { InProcessBus } from '../bus/in-process.ts';
import type { AlertParams, EngineInput } from '../core/types.ts';
import type { Db, Queryable } from '../store/db.ts';
import { LogBudget } from '../ops/log-budget.ts';
import { EngineOwner } from './engine-owner.ts';
import { GateDecisions } from './gate-decisions.ts';
import { LiveEngine, type EnginePort } from './engine-port.ts';
import { aliveUntilMs, Intake } from './intake.ts';
import { OutputWriter } from './output-writer.ts';
import { inputEntry, quarantine } from './quarantine.ts';
import { rebuild, type RebuildResult } from './rebuild.ts';
import type { MonitorListener } from './records.ts';
import { ReferenceIndex } from './reference-index.ts';
import type { SnapshotConfig } from '../snapshots/config.ts';
import { Snapshotter, type RestoredSnapshot } from '../snapshots/snapshotter.ts';

export interface MonitorOptions {
  engine?: EnginePort;
  globalParams?: Partial<AlertParams>;
  bus?: InputBus;
  /** The wall clock (tests drive their own). */
  now?: () => number;
  /** Tick period; 0 disables the timer (tests call tick()). Default 1000. */
  tickIntervalMs?: number;
  log?: Log;
  /** Warnings per device and interval about seals an OBU may not report (default 5 a minute). */
  refusedSealLog?: { perInterval?: number; intervalMs?: number; now?: () => number };
  intake?: { maxBatch?: number; maxWaitMs?: number };
  writer?: { maxBatch?: number; retryMs?: number };
  /** Engine snapshots and input log retention (src/snapshots); absent, none are taken or read. */
  snapshots?: SnapshotConfig;
}

export class Monitor implements EngineInputSink {
  readonly engine: EnginePort;
  readonly refs = new ReferenceIndex();
  readonly bus: InputBus;
  readonly intake: Intake;
  readonly writer: OutputWriter;
  readonly owner: EngineOwner;
  /** Lanes waiting for the answer to a gate passage. */
  readonly gates = new GateDecisions();
  rebuilt: RebuildResult | null = null;
  /** Snapshots (src/snapshots): null without settings or with a scripted engine. */
  readonly snapshots: Snapshotter | null;
  /** The snapshot the start restored, if any. */
  restored: RestoredSnapshot | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private started = false;
  private readonly refusedSealLog: LogBudget | null;
  /** Quarantine writes of inputs in flight (awaited by settled and close). */
  private quarantining = new InFlight();

  constructor(
    readonly db: Db,
    private readonly opts: MonitorOptions = {},
  ) {
    const log = opts.log;
    this.engine = opts.engine ?? new LiveEngine(opts.globalParams);
    this.bus = opts.bus ?? new InProcessBus();
    this.writer = new OutputWriter(db, {
      maxBatch: opts.writer?.maxBatch,
      retryMs: opts.writer?.retryMs,
      onError: (err) => log?.error({ err }, 'monitor: storing engine outputs failed'),
      onQuarantined: (key, reason) =>
        log?.error({ quarantine: key, reason }, `monitor: the store refused ${key} (${reason}); quarantined and skipped`),
    });
    // A device naming other fleets' seals again and again must not flood the log: a few warnings
    // per device and minute, then one line with the count (and the total in stats().engine).
    this.refusedSealLog = log
      ? new LogBudget({
          ...opts.refusedSealLog,
          write: (msg, extra) => log.warn(extra, msg),
          summary: 'monitor: more seal reports refused from this device, not logged one by one',
          sourceField: 'deviceId',
        })
      : null;
    this.owner = new EngineOwner(
      this.engine,
      this.refs,
      this.writer.push,
      (err, input, seq) => this.badInput(seq, input, err),
      (deviceId, sealId) =>
        this.refusedSealLog?.log(deviceId, 'monitor: seal report refused: the seal is neither on the reporting OBU\'s trip nor paired with it', {
          deviceId,
          sealId,
        }),
    );
    this.owner.gates = this.gates;
    this.snapshots = opts.snapshots && this.engine instanceof LiveEngine ? new Snapshotter(db, this.owner, opts.snapshots, log, opts.now) : null;
    this.intake = new Intake(db, this.bus, this.refs, {
      ...opts.intake,
      now: opts.now,
      onBatchError: (err) => log?.error({ err }, 'monitor: storing inputs failed; the senders were refused'),
    });
  }

  /** Rebuilds the state from the input log, then starts applying live inputs and ticking. */
  async start(): Promise<RebuildResult> {
    if (this.started) throw new Error('monitor already started');
    this.started = true;
    this.writer.publishing = false;
    // Snapshots: the newest usable one is restored and only the inputs after it are replayed.
    this.restored = (await this.snapshots?.restore()) ?? null;
    const from = this.restored ? { afterSeq: this.restored.coversSeq, lastAtMs: this.restored.lastAtMs } : undefined;
    this.rebuilt = await rebuild(this.db, this.owner, this.refs, undefined, (seq, input, err) => this.badInput(seq, input, err), from);
    await this.writer.drained();
    this.writer.publishing = true;
    this.intake.resumeAfter(this.rebuilt.lastAtMs);
    const snapshots = this.snapshots;
    // A long replay is worth a snapshot at once (the policy decides), so the next start is short.
    if (snapshots && this.rebuilt.inputs > 0) snapshots.afterInput(this.rebuilt.lastSeq);
    const sub = this.bus.subscribe(
      snapshots
        ? (msg) => {
            this.owner.handle(msg);
            if (msg.seq !== null) snapshots.afterInput(msg.seq);
          }
        : this.owner.handle,
    );
    this.unsubscribe = () => sub.unsubscribe();
    this.opts.log?.info(
      { ...this.rebuilt, snapshot: this.restored ? { id: this.restored.id, coversSeq: this.restored.coversSeq, ms: this.restored.ms } : null },
      `monitor: rebuilt from ${this.restored ? `snapshot ${this.restored.id} (inputs up to ${this.restored.coversSeq}) and ` : ''}${this.rebuilt.inputs} stored inputs in ${this.rebuilt.ms} ms`,
    );
    await this.recordRestart();
    this.startTicking();
    return this.rebuilt;
  }

  /**
   * A log that holds inputs means the platform ran before; if the clock has moved a tick (a whole
   * second) past the last moment that run is known to have been up, it was down since. Said first, so the engine measures
   * the devices' silence from now and no tick runs through the downtime.
   */
  private async recordRestart(): Promise<void> {
    const lastAtMs = this.rebuilt?.lastAtMs ?? null;
    if (lastAtMs === null) return;
    const [progress] = await this.db.query('select outputs_at from monitor_progress where id = 1');
    const outputsAtMs = progress?.outputs_at ? new Date(progress.outputs_at).getTime() : -Infinity;
    const data = { lastInputAt: new Date(lastAtMs).toISOString(), aliveUntil: Number.isFinite(outputsAtMs) ? new Date(outputsAtMs).toISOString() : null };
    if (Math.floor((this.opts.now ?? Date.now)() / 1000) <= Math.floor(aliveUntilMs(data) / 1000)) return;
    await this.intake.submit([{ type: 'platformResumed', data }]);
  }

  /** An input that could not be applied: skipped, and quarantined when it is a stored one. */
  private badInput(seq: number | null, input: EngineInput, err: unknown): void {
    const log = this.opts.log;
    if (seq === null) {
      log?.error({ err, inputType: input.type }, 'monitor: the engine failed on a tick; skipped');
      return;
    }
    const entry = inputEntry(seq, input, err);
    log?.error({ err, quarantine: entry.key, inputType: input.type }, `monitor: input ${seq} could not be applied (${entry.reason}); quarantined and skipped`);
    this.quarantining.add(
      quarantine(this.db, entry).catch((qErr) => log?.error({ err: qErr, quarantine: entry.key }, 'monitor: quarantining an input failed')),
    );
  }

  private startTicking(): void {
    const period = this.opts.tickIntervalMs ?? 1000;
    if (period <= 0) return;
    const now = this.opts.now ?? Date.now;
    // Just after each whole second, so a tick covers the second that has just passed.
    const schedule = () => {
      const wait = period === 1000 ? 1000 - (now() % 1000) + 5 : period;
      this.tickTimer = setTimeout(() => {
        this.intake.tick();
        schedule();
      }, wait);
    };
    schedule();
  }

  submit(inputs: NewInput[]): Promise<void> {
    if (!this.started) return Promise.reject(new Error('the monitoring engine is not running yet'));
    return this.intake.submit(inputs);
  }

  transact<T>(write: (tx: Queryable) => Promise<Written<T>>): Promise<T> {
    if (!this.started) return Promise.reject(new Error('the monitoring engine is not running yet'));
    return this.intake.transact(write);
  }

  /** Sequences the ticks due now (the timer does this every second). */
  tick(): void {
    this.intake.tick();
  }

  /** Receives every batch of stored outputs. */
  listen(listener: MonitorListener): () => void {
    return this.writer.listen(listener);
  }

  /** Resolves when everything submitted so far is applied and its outputs stored. */
  async settled(): Promise<void> {
    await this.intake.drained();
    await this.writer.drained();
    await this.quarantining.done();
    await this.snapshots?.settled();
  }

  stats() {
    return {
      intake: { ...this.intake.stats, queued: this.intake.queued() },
      engine: { ...this.owner.stats, dropped: this.engine.droppedFixes?.() },
      writer: this.writer.stats,
      rebuilt: this.rebuilt,
      snapshots: this.snapshots ? { ...this.snapshots.stats, restored: this.restored } : null,
    };
  }

  async close(): Promise<void> {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
    await this.intake.close();
    // Not writer.drained(): a store that keeps failing would never let it resolve.
    await this.writer.close();
    await this.quarantining.done();
    await this.snapshots?.settled();
    this.unsubscribe?.();
    this.refusedSealLog?.close();
  }
}

/** Promises started and not awaited where they start. */
class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  add(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  async done(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
