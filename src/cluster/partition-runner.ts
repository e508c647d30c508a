// One partition on an engine worker: its own engine state, fed with the partition's subject of
// the input stream in stream order. Taking a partition over means rebuilding its state: from a
// snapshot when there is one (partition-snapshots.ts), replaying only the subject after it, otherwise
// by replaying the subject from its first message. Outputs of replayed inputs go to the writer again; the writer stores them
// idempotently (positions by input seq, alerts by their deterministic id, ...) and publishes only
// what is new, so a takeover neither loses nor repeats an alert. Replayed positions are not pushed
// to /stream as live.
//
// The state of a partition is a function of its subject alone: every input of a vehicle is in the
// vehicle's partition, and inputs every partition needs (ticks, facilities, routes) are published
// to each. So any worker replaying the subject reaches the state the previous holder had.
import type { ConsumerMessages, JsMsg } from 'nats';
import type { AlertParams } from '../core/types.ts';
import { EngineOwner } from '../monitor/engine-owner.ts';
import { LiveEngine, type EnginePort } from '../monitor/engine-port.ts';
import type { OutputRecord } from '../monitor/records.ts';
import { ReferenceIndex } from '../monitor/reference-index.ts';
import type { Log } from '../ops/log.ts';
import type { WireInput } from './nats-bus.ts';
import type { ClusterLink } from './nats.ts';
import type { Db } from '../store/db.ts';
import { PartitionSnapshotter, partitionScope, restorePartition, type PartitionSnapshotSettings } from './partition-snapshots.ts';

export interface TakeoverReport {
  partition: number;
  worker: string;
  /** When the lease was taken (epoch ms). */
  acquiredAt: number;
  /** When the replay reached the last input stored before the takeover (epoch ms). */
  caughtUpAt: number;
  replayed: number;
}

export interface RunnerOptions {
  globalParams?: Partial<AlertParams>;
  log?: Log;
  onCaughtUp?: (report: TakeoverReport) => void;
  /** Partition snapshots; absent, a takeover always replays the partition from the start. */
  snapshots?: PartitionSnapshotSettings;
}

export class PartitionRunner {
  private engine: EnginePort = new LiveEngine();
  private refs = new ReferenceIndex();
  private owner: EngineOwner | null = null;
  private snapshotter: PartitionSnapshotter | null = null;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private replayUntil = 0;
  private replaying = true;
  private replayed = 0;
  private stopped = false;
  /** Stream seq of the message being applied. */
  private streamSeq = 0;
  /** Outputs of messages up to this stream seq are stored (cluster_progress). */
  private storedUpTo = 0;
  readonly stats = { applied: 0, errors: 0 };

  constructor(
    private readonly link: ClusterLink,
    private readonly db: Db,
    readonly partition: number,
    private readonly workerId: string,
    private readonly push: (records: OutputRecord[]) => void,
    private readonly opts: RunnerOptions = {},
  ) {}

  /** Rebuilds the partition's state and follows its subject; resolves once it is consuming. */
  async start(acquiredAt: number): Promise<void> {
    const { js, jsm, names } = this.link;
    const subject = names.subject(this.partition);
    this.engine = new LiveEngine(this.opts.globalParams);
    const owner = new EngineOwner(this.engine, this.refs, (records) => this.emit(records), (err, input, seq) => {
      this.stats.errors++;
      this.opts.log?.error({ err, inputType: input.type, seq, partition: this.partition }, 'cluster: the engine failed on an input; skipped');
    });
    owner.originPrefix = `p${this.partition}:`;
    this.owner = owner;
    this.storedUpTo = await this.storedMark();
    const scope = partitionScope(this.link.config.name, this.partition);
    const startSeq = this.opts.snapshots ? await restorePartition(this.db, scope, owner, this.storedUpTo, this.opts.log) : 0;
    if (this.opts.snapshots) {
      this.snapshotter = new PartitionSnapshotter(this.db, scope, this.opts.snapshots, () => this.storedMark(), this.opts.log);
    }
    this.replayUntil = await jsm.streams
      .getMessage(names.stream, { last_by_subj: subject })
      .then((m) => m.seq)
      .catch(() => 0);
    const consumer = await js.consumers.get(
      names.stream,
      startSeq > 0 ? { filterSubjects: subject, deliver_policy: 'by_start_sequence' as never, opt_start_seq: startSeq + 1 } : { filterSubjects: subject },
    );
    if (this.stopped) return;
    this.messages = await consumer.consume({ max_messages: 2000 });
    if (this.replayUntil <= startSeq) this.caughtUp(acquiredAt);
    const messages = this.messages;
    this.loop = (async () => {
      let n = 0;
      for await (const m of messages) {
        if (this.stopped) break;
        this.apply(m);
        if (this.replaying && m.seq >= this.replayUntil) this.caughtUp(acquiredAt);
        // Buffered messages are handed over without a turn of the event loop: let the lease
        // renewals and the writer in now and then.
        if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
      }
    })().catch((err) => this.opts.log?.error({ err, partition: this.partition }, 'cluster: reading the partition failed'));
  }

  private caughtUp(acquiredAt: number): void {
    this.replaying = false;
    this.opts.onCaughtUp?.({ partition: this.partition, worker: this.workerId, acquiredAt, caughtUpAt: Date.now(), replayed: this.replayed });
  }

  private apply(m: JsMsg): void {
    const wire = m.json<WireInput>();
    if (this.replaying) this.replayed++;
    if (wire.input.type !== 'tick') {
      this.stats.applied++;
      this.refs.observe(wire.input);
    }
    this.streamSeq = m.seq;
    this.owner!.handle({ seq: wire.seq, key: wire.key, input: wire.input });
    if (wire.input.type !== 'tick') this.snapshotter?.applied(this.owner!, m.seq);
  }

  /** The stream seq up to which the partition's outputs are stored (cluster_progress). */
  private async storedMark(): Promise<number> {
    const [row] = await this.db.query<{ stream_seq: number }>(
      'select stream_seq from cluster_progress where cluster = $1 and partition = $2',
      [this.link.config.name, this.partition],
    );
    return Number(row?.stream_seq ?? 0);
  }

  private emit(records: OutputRecord[]): void {
    // Progress marks are the single process's resume point (one row for the whole log); a
    // partition resumes from its stream instead.
    // Outputs of inputs up to the stored mark are in the store already: the replay only rebuilds
    // the state from them.
    if (this.streamSeq <= this.storedUpTo) return;
    const out: OutputRecord[] = [];
    for (const r of records) {
      if (r.kind === 'progress') continue;
      out.push(this.replaying && r.kind === 'position' && r.live ? { ...r, live: false } : r);
    }
    out.push({ kind: 'progress', seq: 0, mark: { partition: this.partition, streamSeq: this.streamSeq } });
    this.push(out);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.loop;
    await this.snapshotter?.flush();
  }
}
