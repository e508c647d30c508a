// Snapshots of one partition's engine state (src/snapshots' format), so that a worker taking a
// partition over restores the newest one and replays only the stream after it, however long the
// stream has grown. They share the engine_snapshots table under the scope `<cluster>:p<n>`, with
// covers_seq holding the stream sequence the state includes (not an input log seq).
//
// A snapshot is usable only when the outputs of every message it covers are stored (the
// partition's cluster_progress mark): restoring a later one would skip outputs never written.
import type { Log } from '../ops/log.ts';
import type { EngineOwner } from '../monitor/engine-owner.ts';
import { decodeSnapshot, encodeSnapshot, listSnapshots, pruneSnapshots, restoreInto, saveSnapshot, snapshotBody, SnapshotRefused } from '../snapshots/index.ts';
import { readHeader } from '../snapshots/format.ts';
import type { Db } from '../store/db.ts';

export interface PartitionSnapshotSettings {
  /** A snapshot after this many inputs of the partition (0: not by count). */
  everyInputs: number;
  /** ... or once this long has passed with inputs applied (0: not by time). */
  everyMs: number;
  /** Snapshots kept per partition. */
  keep: number;
}

export function partitionScope(cluster: string, partition: number): string {
  return `${cluster}:p${partition}`;
}

/**
 * Restores into `owner` (fresh, nothing applied) the newest usable snapshot of the partition and
 * returns the stream seq it covers, or 0 when there is none (replay from the start). A refused
 * snapshot (other format, other layout, damaged) is skipped with its reason logged.
 */
export async function restorePartition(db: Db, scope: string, owner: EngineOwner, storedUpTo: number, log?: Log): Promise<number> {
  for (const s of await listSnapshots(db, scope)) {
    if (s.coversSeq > storedUpTo) continue;
    const body = await snapshotBody(db, s.id);
    if (!body) continue;
    try {
      const decoded = decodeSnapshot(body);
      restoreInto(owner, decoded.state);
      log?.info({ scope, snapshot: s.id, streamSeq: s.coversSeq }, 'cluster: partition restored from its snapshot');
      return s.coversSeq;
    } catch (err) {
      if (!(err instanceof SnapshotRefused)) throw err;
      log?.warn({ scope, snapshot: s.id, reason: err.message }, 'cluster: partition snapshot refused; trying an older one');
    }
  }
  return 0;
}

/** Decides when to take a partition's snapshot, takes it at once and stores it in the background. */
export class PartitionSnapshotter {
  private sinceLast = 0;
  private lastAt = Date.now();
  private saving: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly scope: string,
    private readonly settings: PartitionSnapshotSettings,
    private readonly storedMark: () => Promise<number>,
    private readonly log?: Log,
  ) {}

  /** After each applied input of the partition (not a tick): takes a snapshot when one is due. */
  applied(owner: EngineOwner, streamSeq: number): void {
    this.sinceLast++;
    const { everyInputs, everyMs } = this.settings;
    const due = (everyInputs > 0 && this.sinceLast >= everyInputs) || (everyMs > 0 && Date.now() - this.lastAt >= everyMs);
    if (!due || !owner.atInputBoundary) return;
    // Serialised now, while the state cannot move; stored without holding up the partition.
    const buf = encodeSnapshot(owner);
    const { header } = readHeader(buf);
    this.sinceLast = 0;
    this.lastAt = Date.now();
    // Stored one after another, in the order taken (a replay may take several while one is saved).
    this.saving = (this.saving ?? Promise.resolve())
      .then(async () => {
        await saveSnapshot(this.db, { ...header, coversSeq: streamSeq }, buf, this.scope);
        await pruneSnapshots(this.db, this.settings.keep, await this.storedMark(), this.scope);
      })
      .catch((err) => this.log?.error({ err, scope: this.scope }, 'cluster: storing a partition snapshot failed'));
  }

  async flush(): Promise<void> {
    await this.saving;
  }
}
