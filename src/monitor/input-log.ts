// The input log (table engine_inputs): every accepted input, in the order the engine applies it.
// Appends are one insert per batch (the group commit of intake.ts); reads page through by seq for
// the rebuild.
import type { EngineInput } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { unnestRows } from './sql.ts';

export interface LoggedInput {
  seq: number;
  key: string | null;
  input: EngineInput;
  atMs: number;
}

/** Inserts inputs (in order) and returns their seqs, in the same order. */
export async function appendInputs(
  q: Queryable,
  entries: readonly { input: EngineInput; key: string | null }[],
): Promise<number[]> {
  const rows = entries.map((e) => [e.input.at, e.input.type, e.key, JSON.stringify(e.input.data)]);
  const { select, params } = unnestRows(rows, ['timestamptz', 'text', 'text', 'json']);
  // RETURNING gives the rows in the order unnest produced them, and identity values are drawn in
  // that order.
  const returned = await q.query<{ seq: number }>(`insert into engine_inputs (at, type, key, data) ${select} returning seq`, params);
  return returned.map((r) => Number(r.seq));
}

/**
 * One page of the log after `afterSeq`, oldest first. The page comes back as one JSON text
 * (json_agg) rather than row by row: for the rebuild, which reads the whole log, that is several
 * times faster on PGlite, where each row crosses into JavaScript separately.
 */
export async function readInputs(q: Queryable, afterSeq: number, limit: number): Promise<LoggedInput[]> {
  const [row] = await q.query<{ page: string | null }>(
    `select json_agg(json_build_array(seq, (extract(epoch from at) * 1000)::float8, type, key, data) order by seq)::text as page
     from (select seq, at, type, key, data from engine_inputs where seq > $1 order by seq limit $2) s`,
    [afterSeq, limit],
  );
  if (!row?.page) return [];
  const page = JSON.parse(row.page) as [number, number, EngineInput['type'], string | null, unknown][];
  return page.map(([seq, atMs, type, key, data]) => {
    const ms = Math.round(atMs);
    return { seq: Number(seq), key, atMs: ms, input: { at: new Date(ms).toISOString(), type, data } as EngineInput };
  });
}
