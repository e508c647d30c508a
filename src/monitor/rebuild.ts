// Crash recovery: the engine state is rebuilt by replaying the input log in seq order through the
// same owner that applies live inputs, with the ticks derived from the stored times by the rule
// intake.ts follows live (a tick for every whole second between consecutive inputs). Outputs of
// inputs at or before the stored progress are not written again; later ones are written
// idempotently (alerts by their deterministic id, trip events by number, ...), so after a kill -9
// the store catches up with the engine and nothing is announced twice.
//
// Cost: linear in the size of the log, and it is the reading that costs, not the engine (which
// applies a few hundred thousand inputs a second). Measured with `sealwatch bench latency
// --rebuild 1000000` (2,000 trips driving at once, 1 M stored inputs, on a busy 2-core machine):
// about 40 s on PostgreSQL and 85 s on PGlite. Pages are read as one JSON text each (see
// readInputs) and the next page is read while one is applied. With a snapshot restored first
// (src/snapshots), `from` starts the replay after the input it covers, ticks resuming after that
// input's second, so the replay is bounded by the inputs since the snapshot.
//
// An input the engine fails on is skipped and quarantined (the owner reports it, as live); so is
// one that fails anywhere else on its way, so that no stored input can keep the platform from
// starting.
import type { EngineInput } from '../core/types.ts';
import type { Db } from '../store/db.ts';
import type { EngineOwner } from './engine-owner.ts';
import { readInputs } from './input-log.ts';
import { tickAt, ticksBeforeMs } from './intake.ts';
import type { ReferenceIndex } from './reference-index.ts';

export interface RebuildResult {
  inputs: number;
  ticks: number;
  /** Engine time of the last stored input, or null for an empty log. */
  lastAtMs: number | null;
  lastSeq: number;
  /** Outputs were known stored up to this seq before the rebuild. */
  storedUpTo: number;
  ms: number;
}

export async function rebuild(
  db: Db,
  owner: EngineOwner,
  refs: ReferenceIndex,
  pageSize = 5000,
  onBadInput: (seq: number, input: EngineInput, err: unknown) => void = () => {},
  /** The state already holds the inputs up to `afterSeq` (a restored snapshot), the last at `lastAtMs`. */
  from?: { afterSeq: number; lastAtMs: number },
): Promise<RebuildResult> {
  const started = performance.now();
  const [progress] = await db.query('select outputs_seq from monitor_progress where id = 1');
  const storedUpTo = Number(progress?.outputs_seq ?? 0);
  owner.skipStoredUpTo(storedUpTo);
  let after = from?.afterSeq ?? 0;
  let inputs = 0;
  let ticks = 0;
  let lastTickSec: number | null = from ? Math.floor(from.lastAtMs / 1000) : null;
  let lastAtMs: number | null = from?.lastAtMs ?? null;
  let page = await readInputs(db, after, pageSize);
  while (page.length > 0) {
    // Read the next page while this one is applied.
    const last = page[page.length - 1].seq;
    const next = readInputs(db, last, pageSize);
    for (const row of page) {
      const sec = Math.floor(row.atMs / 1000);
      if (lastTickSec === null) lastTickSec = sec;
      // As the intake sequenced them: the previous run's ticks, none through the platform's own downtime.
      const tickTo = Math.floor(ticksBeforeMs(row.input, row.atMs) / 1000);
      for (let s = lastTickSec + 1; s <= tickTo; s++) {
        owner.handle({ seq: null, key: null, input: tickAt(s) });
        ticks++;
      }
      if (sec > lastTickSec) lastTickSec = sec;
      try {
        refs.observe(row.input);
        owner.handle({ seq: row.seq, key: row.key, input: row.input });
      } catch (err) {
        // One stored input must not keep the platform from starting: skipped, and set aside.
        onBadInput(row.seq, row.input, err);
      }
      inputs++;
      lastAtMs = row.atMs;
    }
    after = last;
    page = await next;
  }
  return { inputs, ticks, lastAtMs, lastSeq: after, storedUpTo, ms: Math.round(performance.now() - started) };
}
