// An engine worker: holds a share of the partitions (leases.ts), runs one PartitionRunner per
// partition held, and stores every partition's outputs through one output writer (the same batch
// writer as the single process, idempotent). What the writer newly stores is published on the
// outputs subject, where the API processes feed their /stream from.
import type { PartitionSnapshotSettings } from './partition-snapshots.ts';
import { randomUUID } from 'node:crypto';
import type { AlertParams } from '../core/types.ts';
import { OutputWriter } from '../monitor/output-writer.ts';
import type { MonitorEvent } from '../monitor/records.ts';
import type { Log } from '../ops/log.ts';
import type { Db } from '../store/db.ts';
import { PartitionLeases } from './leases.ts';
import type { ClusterLink } from './nats.ts';
import { PartitionRunner, type TakeoverReport } from './partition-runner.ts';

const STOP_WAIT_MS = 1500;

function withinMs(ms: number, p: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

export interface WorkerOptions {
  id?: string;
  log?: Log;
  globalParams?: Partial<AlertParams>;
  /** Lease renewal period (ms), default 1000. */
  beatMs?: number;
  /** Partition snapshots (a takeover then replays only what follows the newest one). */
  snapshots?: PartitionSnapshotSettings;
}

export class EngineWorker {
  readonly id: string;
  readonly writer: OutputWriter;
  readonly leases: PartitionLeases;
  private readonly runners = new Map<number, PartitionRunner>();
  /** Partition → stream seq up to which its outputs are stored, not yet saved. */
  private readonly storedMarks = new Map<number, number>();
  private saving: Promise<void> | null = null;
  private readonly beatLimitMs: number;
  private beatTimer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private closed = false;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly db: Db,
    private readonly link: ClusterLink,
    private readonly opts: WorkerOptions = {},
  ) {
    this.id = opts.id ?? randomUUID().slice(0, 8);
    this.beatLimitMs = (link.config.leaseSeconds * 1000) / 2;
    const log = opts.log;
    this.writer = new OutputWriter(db, {
      onError: (err) => log?.error({ err }, 'cluster: storing engine outputs failed'),
      onQuarantined: (key, reason) => log?.error({ quarantine: key, reason }, `cluster: the store refused ${key} (${reason}); quarantined and skipped`),
      onStored: (batch) => {
        for (const r of batch) if (r.kind === 'progress' && r.mark) this.storedMarks.set(r.mark.partition, r.mark.streamSeq);
      },
    });
    this.writer.listen((events: MonitorEvent[]) => this.announce(events));
    this.leases = new PartitionLeases(link.leases, this.id, link.config.partitions, {
      acquired: (p, at) => this.run(p, at),
      stop: (p) => this.stopRunner(p),
    }, async () => {
      const info = await link.jsm.streams.info(`KV_${link.names.leaseBucket}`, { subjects_filter: `$KV.${link.names.leaseBucket}.w.>` });
      return Object.keys(info.state.subjects ?? {}).length;
    });
  }

  /** Publishes stored outputs for /stream, in messages under the server's payload limit. */
  private announce(events: MonitorEvent[]): void {
    const limit = Math.floor(this.link.nc.info!.max_payload / 2);
    let chunk: string[] = [];
    let size = 2;
    const flush = () => {
      if (chunk.length) this.link.nc.publish(this.link.names.outputs, this.encoder.encode(`[${chunk.join(',')}]`));
      chunk = [];
      size = 2;
    };
    for (const e of events) {
      const json = JSON.stringify(e);
      if (size + json.length + 1 > limit) flush();
      chunk.push(json);
      size += json.length + 1;
    }
    flush();
  }

  async start(): Promise<void> {
    await this.beat();
    const period = this.opts.beatMs ?? 1000;
    this.beatTimer = setInterval(() => void this.beat(), period);
  }

  /** Saves the partitions' stored marks (cluster_progress), for the replay of the next holder. */
  private saveMarks(): Promise<void> {
    if (this.storedMarks.size === 0) return Promise.resolve();
    const rows = [...this.storedMarks];
    this.storedMarks.clear();
    this.saving ??= this.db
      .query(
        `insert into cluster_progress (cluster, partition, stream_seq)
         select $1, p, s from unnest($2::int[], $3::int8[]) as m(p, s)
         on conflict (cluster, partition) do update
           set stream_seq = greatest(cluster_progress.stream_seq, excluded.stream_seq), updated_at = now()`,
        [this.link.config.name, rows.map(([p]) => p), rows.map(([, s]) => s)],
      )
      .then(() => undefined)
      .catch((err) => this.opts.log?.warn({ err }, 'cluster: saving the partitions\' progress failed'))
      .finally(() => (this.saving = null));
    return this.saving;
  }

  private beat(): Promise<void> {
    if (this.closed) return Promise.resolve();
    void this.saveMarks();
    // A beat that hangs (a request lost on a stalled connection) must not stop the next ones.
    this.beating ??= withinMs(this.beatLimitMs, this.leases.beat())
      .then(() => undefined)
      .catch((err) => this.opts.log?.warn({ err }, 'cluster: lease round failed'))
      .finally(() => (this.beating = null));
    return this.beating;
  }

  private run(partition: number, acquiredAt: number): void {
    const runner = new PartitionRunner(this.link, this.db, partition, this.id, this.writer.push, {
      globalParams: this.opts.globalParams,
      log: this.opts.log,
      onCaughtUp: (r) => this.reportTakeover(r),
      snapshots: this.opts.snapshots,
    });
    this.runners.set(partition, runner);
    runner.start(acquiredAt).catch((err) => {
      this.opts.log?.error({ err, partition }, 'cluster: starting a partition failed; giving it up');
      void this.leases.release(partition);
    });
  }

  private reportTakeover(r: TakeoverReport): void {
    this.opts.log?.info({ ...r }, `cluster: partition ${r.partition} taken over, ${r.replayed} inputs replayed in ${r.caughtUpAt - r.acquiredAt} ms`);
    this.link.nc.publish(this.link.names.takeovers, this.encoder.encode(JSON.stringify(r)));
  }

  private async stopRunner(partition: number): Promise<void> {
    const runner = this.runners.get(partition);
    this.runners.delete(partition);
    // Bounded: the beat that calls this also renews the other leases. What the runner handed over
    // is normally stored before the lease goes to another worker; if not (a busy writer), the next
    // holder's replay writes it again, idempotently.
    await withinMs(STOP_WAIT_MS, (async () => {
      await runner?.stop();
      await this.writer.drained();
    })());
  }

  partitions(): number[] {
    return [...this.runners.keys()].sort((a, b) => a - b);
  }

  stats() {
    let applied = 0;
    for (const r of this.runners.values()) applied += r.stats.applied;
    return { id: this.id, partitions: this.partitions(), applied, writer: this.writer.stats };
  }

  async close(): Promise<void> {
    if (this.beatTimer) clearInterval(this.beatTimer);
    await this.beating;
    this.closed = true;
    await this.leases.releaseAll();
    await this.writer.close();
    await this.saving;
    await this.saveMarks();
  }
}
