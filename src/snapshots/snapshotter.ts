// The monitor's snapshots: at start, the newest usable snapshot is restored (rebuild.ts then
// replays only the inputs after it); while running, one is taken when the policy says so, right
// after a stored input was applied. Encoding runs on the engine's thread (it must see one
// consistent state) and takes milliseconds for thousands of trips; storing, pruning old snapshots
// and input log retention run afterwards, without holding up the inputs that follow.
//
// A snapshot is usable at a restart only if the outputs of every input it covers are stored
// (coversSeq ≤ the writer's progress mark): otherwise those outputs would never be written.
// Snapshots the restart cannot use are skipped, with the reason logged; when none is usable, the
// whole log is replayed, unless inputs were removed from it (retention), which stops the start.
import type { Log } from '../ops/log.ts';
import type { EngineOwner } from '../monitor/engine-owner.ts';
import type { Db } from '../store/db.ts';
import type { SnapshotConfig } from './config.ts';
import { decodeSnapshot, encodeSnapshot, readHeader, restoreInto, SnapshotRefused } from './format.ts';
import { SnapshotPolicy } from './policy.ts';
import { applyRetention } from './retention.ts';
import { listSnapshots, pruneSnapshots, removedInputsUpTo, saveSnapshot, snapshotBody, storedOutputsUpTo } from './store.ts';

export interface RestoredSnapshot {
  id: number;
  coversSeq: number;
  lastAtMs: number;
  takenAt: string;
  sizeBytes: number;
  /** Reading, checking and restoring it (ms). */
  ms: number;
  /** Newer snapshots passed over, and why. */
  skipped: { id: number; coversSeq: number; reason: string }[];
}

export interface SnapshotterStats {
  taken: number;
  failed: number;
  lastCoversSeq: number;
  lastBytes: number;
  /** Time encoding the last one held up the engine (ms). */
  lastEncodeMs: number;
  inputsRemoved: number;
}

export class Snapshotter {
  readonly stats: SnapshotterStats = { taken: 0, failed: 0, lastCoversSeq: 0, lastBytes: 0, lastEncodeMs: 0, inputsRemoved: 0 };
  private readonly policy: SnapshotPolicy;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly owner: EngineOwner,
    private readonly config: SnapshotConfig,
    private readonly log?: Log,
    now: () => number = Date.now,
  ) {
    this.policy = new SnapshotPolicy(config, now);
  }

  /** Restores the newest usable snapshot into the owner; null when the whole log must be replayed. */
  async restore(): Promise<RestoredSnapshot | null> {
    const started = performance.now();
    const storedUpTo = await storedOutputsUpTo(this.db);
    const removedUpTo = await removedInputsUpTo(this.db);
    const skipped: RestoredSnapshot['skipped'] = [];
    for (const s of await listSnapshots(this.db)) {
      const skip = (reason: string) => {
        skipped.push({ id: s.id, coversSeq: s.coversSeq, reason });
        this.log?.warn({ snapshot: s.id, coversSeq: s.coversSeq, reason }, `monitor: snapshot ${s.id} not used: ${reason}`);
      };
      if (s.coversSeq > storedUpTo) {
        skip(`it covers input ${s.coversSeq}, the stored outputs only reach ${storedUpTo}`);
        continue;
      }
      if (s.coversSeq < removedUpTo) {
        skip(`the inputs after it up to ${removedUpTo} were removed from the log`);
        continue;
      }
      const body = await snapshotBody(this.db, s.id);
      if (!body) continue;
      try {
        const decoded = decodeSnapshot(body);
        restoreInto(this.owner, decoded.state);
        this.policy.covered(decoded.coversSeq);
        const restored: RestoredSnapshot = {
          id: s.id, coversSeq: decoded.coversSeq, lastAtMs: decoded.lastAtMs, takenAt: decoded.takenAt, sizeBytes: body.length,
          ms: Math.round(performance.now() - started), skipped,
        };
        this.log?.info({ snapshot: restored }, `monitor: restored snapshot ${s.id} covering inputs up to ${s.coversSeq} in ${restored.ms} ms`);
        return restored;
      } catch (err) {
        if (!(err instanceof SnapshotRefused)) throw err;
        skip(err.message);
      }
    }
    if (removedUpTo > 0) {
      throw new Error(
        `the input log was archived or dropped up to input ${removedUpTo} (INPUT_LOG_RETENTION) and no usable snapshot covers it: ` +
          'restore a snapshot or the archived inputs before starting',
      );
    }
    if (skipped.length) this.log?.warn({ skipped }, 'monitor: no usable snapshot; replaying the whole input log');
    return null;
  }

  /** Called right after each stored input is applied: takes a snapshot when one is due. */
  afterInput(seq: number): void {
    if (this.writing !== null || !this.policy.due(seq)) return;
    this.take();
  }

  /** Takes a snapshot now (at an input boundary) and stores it in the background. */
  take(): void {
    if (!this.owner.atInputBoundary) return;
    let buf: Buffer;
    const started = performance.now();
    try {
      buf = encodeSnapshot(this.owner);
    } catch (err) {
      // Not retried at every input: the next one is due by the policy's measure again.
      this.stats.failed++;
      this.policy.covered(this.owner.lastAppliedSeq);
      this.log?.error({ err }, 'monitor: taking an engine snapshot failed');
      return;
    }
    this.stats.lastEncodeMs = Math.round(performance.now() - started);
    const { header } = readHeader(buf);
    this.policy.covered(header.coversSeq);
    this.writing = this.store(header.coversSeq, buf).finally(() => {
      this.writing = null;
    });
  }

  private async store(coversSeq: number, buf: Buffer): Promise<void> {
    try {
      const { header } = readHeader(buf);
      const id = await saveSnapshot(this.db, header, buf);
      this.stats.taken++;
      this.stats.lastCoversSeq = coversSeq;
      this.stats.lastBytes = buf.length;
      this.log?.info({ snapshot: id, coversSeq, bytes: buf.length, encodeMs: this.stats.lastEncodeMs }, `monitor: snapshot ${id} taken, covering inputs up to ${coversSeq}`);
      await this.retain();
    } catch (err) {
      this.stats.failed++;
      this.log?.error({ err }, 'monitor: storing an engine snapshot failed');
    }
  }

  /** Prunes old snapshots, then applies input log retention up to the oldest one kept. */
  private async retain(): Promise<void> {
    const storedUpTo = await storedOutputsUpTo(this.db);
    await pruneSnapshots(this.db, this.config.keep, storedUpTo);
    if (this.config.retention === 'keep') return;
    const kept = await listSnapshots(this.db);
    const oldest = kept[kept.length - 1];
    // Only up to a snapshot a restart can use now; a later round catches up.
    if (!oldest || oldest.coversSeq > storedUpTo) return;
    const r = await applyRetention(this.db, this.config.retention, oldest.coversSeq, this.config.archiveDir);
    this.stats.inputsRemoved += r.removed;
    if (r.removed > 0) {
      this.log?.info({ retention: this.config.retention, removed: r.removed, removedUpTo: r.removedUpTo, files: r.files }, `monitor: ${r.removed} inputs ${this.config.retention === 'archive' ? 'archived' : 'dropped'} from the input log`);
    }
  }

  /** Resolves when the snapshot being stored (if any) is stored. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }
}
