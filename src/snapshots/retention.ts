// Input log retention (INPUT_LOG_RETENTION): inputs that every kept snapshot covers are not needed
// for a restart any more. `keep` leaves them; `archive` writes them, in seq order, as gzip JSON
// Lines in the replay format (`{at, type, data}`, one input a line: `sealwatch replay` reads them
// after gunzip), one file per round named by the seqs it holds, and deletes them once the file is
// complete; `drop` deletes them. The mark engine_input_retention.removed_up_to moves in the same
// transaction as the delete: a restart refuses to start from the log alone past it.
//
// Note: inputs removed from the log are gone for the queries that read it (driver card history,
// case evidence bundles): archive keeps them on disk.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { readInputs } from '../monitor/input-log.ts';
import type { Db } from '../store/db.ts';
import type { InputLogRetention } from './config.ts';
import { removedInputsUpTo } from './store.ts';

export interface RetentionResult {
  /** Inputs removed from the log by this call. */
  removed: number;
  /** The log holds no inputs up to this seq. */
  removedUpTo: number;
  files: string[];
}

/** At most this many inputs per archive file (and per delete). */
const ROUND = 200_000;
const PAGE = 5000;

/** Archives or drops the inputs up to `upTo` not yet removed (nothing for `keep`). */
export async function applyRetention(db: Db, mode: InputLogRetention, upTo: number, archiveDir: string): Promise<RetentionResult> {
  let from = await removedInputsUpTo(db);
  const result: RetentionResult = { removed: 0, removedUpTo: from, files: [] };
  if (mode === 'keep') return result;
  while (from < upTo) {
    const to = Math.min(upTo, from + ROUND);
    if (mode === 'archive') {
      const file = await archiveRange(db, from, to, archiveDir);
      if (file) result.files.push(file);
    }
    result.removed += await db.transaction(async (tx) => {
      const gone = await tx.query<{ n: number }>(
        'with d as (delete from engine_inputs where seq > $1 and seq <= $2 returning 1) select count(*)::int as n from d',
        [from, to],
      );
      await tx.query('update engine_input_retention set removed_up_to = greatest(removed_up_to, $1), updated_at = now() where id = 1', [to]);
      return Number(gone[0]?.n ?? 0);
    });
    from = to;
  }
  result.removedUpTo = from;
  return result;
}

/** Writes inputs after `from` up to `to` to one gzip file (complete, then renamed into place). */
async function archiveRange(db: Db, from: number, to: number, dir: string): Promise<string | null> {
  await mkdir(dir, { recursive: true });
  const name = `inputs-${String(from + 1).padStart(12, '0')}-${String(to).padStart(12, '0')}.jsonl.gz`;
  const path = join(dir, name);
  const partial = `${path}.partial`;
  let lines = 0;
  async function* source(): AsyncGenerator<string> {
    let after = from;
    for (;;) {
      const page = (await readInputs(db, after, PAGE)).filter((r) => r.seq <= to);
      if (page.length === 0) return;
      let chunk = '';
      for (const r of page) chunk += `${JSON.stringify(r.input)}\n`;
      lines += page.length;
      yield chunk;
      after = page[page.length - 1].seq;
      if (after >= to) return;
    }
  }
  await pipeline(Readable.from(source()), createGzip(), createWriteStream(partial));
  if (lines === 0) {
    await rm(partial, { force: true });
    return null;
  }
  await rename(partial, path);
  return path;
}
