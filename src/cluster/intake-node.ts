// The way in on a gateway or API process of the cluster: the same intake as the single process
// (time, partition key, ticks; group commit to the input log), publishing to the JetStream bus
// instead of an engine in this process. Callers are acknowledged once the input is in the input
// log and JetStream holds it.
//
// The partition key of an input depends on the reference data before it (a device's plate). Each
// intake node reads the reference inputs of the log at start and then follows those the other
// nodes store (every second), so that all nodes key a vehicle's inputs alike; an input that
// arrives through another node in the second after a new pairing may still be keyed by its
// device id (a known window, closed by pairing devices before they report).
//
// The cluster's own downtime. Every node raises the cluster's alive mark (cluster_alive) once a
// second as it ticks. A node that starts well past both that mark and the last stored input finds
// that no intake of the cluster was running: it records platformResumed before its first tick, as
// the single process does, so the engines do not tick through the downtime and raise signal_lost
// for the whole fleet at once. A node joining a running cluster finds the mark a second old.
import type { EngineInputSink, NewInput, Written } from '../platform.ts';
import type { Db, Queryable } from '../store/db.ts';
import type { Log } from '../ops/log.ts';
import { Intake } from '../monitor/intake.ts';
import { ReferenceIndex } from '../monitor/reference-index.ts';
import type { EngineInput, PlatformResumed } from '../core/types.ts';
import { NatsInputBus } from './nats-bus.ts';
import type { ClusterLink } from './nats.ts';

const REFERENCE_TYPES = ['vehicle', 'device', 'transportNote', 'facility', 'referenceDeleted'];

/**
 * How far the clock must be past the cluster's last sign of life to count as downtime. A live
 * node's mark trails its clock by up to a second between beats, plus a slow write or a busy event
 * loop, plus the difference between the hosts' clocks (NTP keeps it well under a second): a few
 * seconds at worst. Misjudging either way is mild: a restart read as downtime only restarts the
 * silence rules' count (a silent device's signal_lost comes up to 300 s later), and a downtime
 * shorter than this is ticked through, which can fire only timers that were due within it.
 */
export const DOWNTIME_MARGIN_MS = 5000;

/**
 * The platformResumed to record at a start, or null: none when the log is empty (nothing ran
 * before) or when the clock is within the margin of the later of the last stored input and the
 * cluster's alive mark (another node is running, or has only just stopped).
 */
export function downtimeSince(lastInputMs: number | null, aliveMs: number | null, nowMs: number): PlatformResumed | null {
  if (lastInputMs === null) return null;
  const aliveUntilMs = Math.max(lastInputMs, aliveMs ?? -Infinity);
  if (nowMs - aliveUntilMs <= DOWNTIME_MARGIN_MS) return null;
  return { lastInputAt: new Date(lastInputMs).toISOString(), aliveUntil: new Date(aliveUntilMs).toISOString() };
}

export interface IntakeNodeOptions {
  log?: Log;
  /** The wall clock (tests drive their own). */
  now?: () => number;
  /** Tick period; 0 disables the timer (tests call tick()). Default 1000, just after each whole second. */
  tickIntervalMs?: number;
}

export class IntakeNode implements EngineInputSink {
  readonly refs = new ReferenceIndex();
  readonly bus: NatsInputBus;
  readonly intake: Intake;
  private refSeq = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private refTimer: NodeJS.Timeout | null = null;
  private following: Promise<void> | null = null;
  private started = false;
  private readonly cluster: string;
  private readonly log?: Log;
  private readonly now: () => number;
  private markedAtMs = -Infinity;
  private marking: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    link: ClusterLink,
    private readonly opts: IntakeNodeOptions = {},
  ) {
    const log = opts.log;
    this.log = log;
    this.cluster = link.config.name;
    this.now = opts.now ?? Date.now;
    this.bus = new NatsInputBus(link.js, link.names, link.config.partitions);
    this.intake = new Intake(db, this.bus, this.refs, {
      now: opts.now,
      onBatchError: (err) => log?.error({ err }, 'cluster: storing or publishing inputs failed; the senders were refused'),
    });
  }

  async start(): Promise<void> {
    await this.followReferences();
    const [last] = await this.db.query<{ at_ms: number | null }>('select (extract(epoch from max(at)) * 1000)::float8 as at_ms from engine_inputs');
    const lastInputMs = last?.at_ms == null ? null : Math.round(Number(last.at_ms));
    const [mark] = await this.db.query<{ at_ms: number | null }>(
      'select (extract(epoch from alive_at) * 1000)::float8 as at_ms from cluster_alive where cluster = $1',
      [this.cluster],
    );
    const aliveMs = mark?.at_ms == null ? null : Math.round(Number(mark.at_ms));
    // The ticks up to the mark are on the stream already, published by the nodes that raised it:
    // this node's own start after the later of the two, not after an input perhaps hours old.
    this.intake.resumeAfter(lastInputMs === null ? null : Math.max(lastInputMs, aliveMs ?? -Infinity));
    await this.recordDowntime(lastInputMs, aliveMs);
    this.started = true;
    const period = this.opts.tickIntervalMs ?? 1000;
    const tick = () => {
      this.tickTimer = setTimeout(() => {
        void this.tick();
        tick();
      }, period === 1000 ? 1000 - (Date.now() % 1000) + 5 : period);
    };
    if (period > 0) tick();
    this.refTimer = setInterval(() => {
      this.following ??= this.followReferences()
        .catch((err) => this.log?.warn({ err }, 'cluster: reading new reference inputs failed'))
        .finally(() => (this.following = null));
    }, 1000);
  }

  /**
   * Said before the first tick: the Intake then ticks only up to the previous run's aliveUntil and
   * jumps, and its null partition key takes it to every partition's engine. Two nodes starting at
   * once after a downtime may both record it; the second only moves the restart by a moment.
   */
  private async recordDowntime(lastInputMs: number | null, aliveMs: number | null): Promise<void> {
    const resumed = downtimeSince(lastInputMs, aliveMs, this.now());
    if (!resumed) return;
    this.log?.info({ ...resumed }, `cluster: no intake node was running since ${resumed.aliveUntil}; the restart is recorded`);
    await this.intake.submit([{ type: 'platformResumed', data: resumed }]);
  }

  /**
   * Sequences the ticks due now and raises the cluster's alive mark (the timer does this every
   * second); resolves once the mark is written, or its write has failed.
   */
  tick(): Promise<void> {
    this.intake.tick();
    this.markAlive();
    return this.marking ?? Promise.resolve();
  }

  /**
   * At most once a second and off the inputs' path: a failed write is logged and the next beat
   * tries again (a mark left behind only makes a restart in the meantime look like downtime).
   */
  private markAlive(): void {
    const nowMs = this.now();
    if (this.marking || nowMs - this.markedAtMs < 1000) return;
    this.markedAtMs = nowMs;
    this.marking = this.db
      .query(
        `insert into cluster_alive (cluster, alive_at) values ($1, $2::timestamptz)
         on conflict (cluster) do update set alive_at = greatest(cluster_alive.alive_at, excluded.alive_at)`,
        [this.cluster, new Date(nowMs).toISOString()],
      )
      .then(() => undefined)
      .catch((err) => this.log?.warn({ err }, 'cluster: raising the alive mark failed'))
      .finally(() => (this.marking = null));
  }

  /** Observes the reference inputs stored since the last look (by any node). */
  private async followReferences(): Promise<void> {
    for (;;) {
      const rows = await this.db.query<{ seq: number; type: string; data: unknown }>(
        'select seq, type, data from engine_inputs where seq > $1 and type = any($2) order by seq limit 5000',
        [this.refSeq, REFERENCE_TYPES],
      );
      for (const r of rows) {
        const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
        this.refs.observe({ at: '', type: r.type, data } as EngineInput);
        this.refSeq = Number(r.seq);
      }
      if (rows.length < 5000) return;
    }
  }

  submit(inputs: NewInput[]): Promise<void> {
    if (!this.started) return Promise.reject(new Error('the intake is not running yet'));
    return this.intake.submit(inputs);
  }

  transact<T>(write: (tx: Queryable) => Promise<Written<T>>): Promise<T> {
    if (!this.started) return Promise.reject(new Error('the intake is not running yet'));
    return this.intake.transact(write);
  }

  async close(): Promise<void> {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.refTimer) clearInterval(this.refTimer);
    await this.intake.close();
    await this.following;
    await this.marking;
  }
}
