// Snapshots in the store (table engine_snapshots, migration 090), newest first by the input seq
// they cover. A body is read only when it is about to be restored.
import type { Queryable } from '../store/db.ts';
import type { SnapshotHeader } from './format.ts';

export interface StoredSnapshot {
  id: number;
  coversSeq: number;
  version: number;
  takenAt: string;
  sizeBytes: number;
}

export const DEFAULT_SCOPE = 'all';

export async function saveSnapshot(q: Queryable, header: SnapshotHeader, body: Buffer, scope = DEFAULT_SCOPE): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `insert into engine_snapshots (scope, covers_seq, format_version, layout, taken_at, size_bytes, body)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [scope, header.coversSeq, header.version, header.layout, header.takenAt, body.length, body],
  );
  return Number(row.id);
}

export async function listSnapshots(q: Queryable, scope = DEFAULT_SCOPE): Promise<StoredSnapshot[]> {
  const rows = await q.query<{ id: number; covers_seq: number; format_version: number; taken_at: Date | string; size_bytes: number }>(
    `select id, covers_seq, format_version, taken_at, size_bytes from engine_snapshots where scope = $1 order by covers_seq desc, id desc`,
    [scope],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    coversSeq: Number(r.covers_seq),
    version: Number(r.format_version),
    takenAt: new Date(r.taken_at).toISOString(),
    sizeBytes: Number(r.size_bytes),
  }));
}

export async function snapshotBody(q: Queryable, id: number): Promise<Buffer | null> {
  const [row] = await q.query<{ body: Uint8Array }>('select body from engine_snapshots where id = $1', [id]);
  return row ? Buffer.from(row.body) : null;
}

/**
 * Keeps the newest `keep` snapshots, and in any case the newest one a restart can use now (covering
 * no more than the stored outputs): the ones after it may not be usable yet.
 */
export async function pruneSnapshots(q: Queryable, keep: number, usableUpTo: number, scope = DEFAULT_SCOPE): Promise<number> {
  const all = await listSnapshots(q, scope);
  const kept = new Set(all.slice(0, Math.max(1, keep)).map((s) => s.id));
  const usable = all.find((s) => s.coversSeq <= usableUpTo);
  if (usable) kept.add(usable.id);
  const gone = all.filter((s) => !kept.has(s.id)).map((s) => s.id);
  if (gone.length) await q.query('delete from engine_snapshots where id = any($1::int8[])', [gone]);
  return gone.length;
}

/** Outputs are stored up to this seq (the output writer's progress mark). */
export async function storedOutputsUpTo(q: Queryable): Promise<number> {
  const [row] = await q.query<{ outputs_seq: number }>('select outputs_seq from monitor_progress where id = 1');
  return Number(row?.outputs_seq ?? 0);
}

/** Inputs up to this seq were archived or dropped from the log. */
export async function removedInputsUpTo(q: Queryable): Promise<number> {
  const [row] = await q.query<{ removed_up_to: number }>('select removed_up_to from engine_input_retention where id = 1');
  return Number(row?.removed_up_to ?? 0);
}
