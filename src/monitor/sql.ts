// Multi-row statements for the batch writers: one round trip per table per batch.

/** PostgreSQL accepts at most 65535 bind parameters in one statement. */
const MAX_PARAMS = 65_000;

/**
 * Splits `rows` into chunks that fit one statement and calls `run` with the VALUES list
 * (`($1,$2),($3,$4)`, each placeholder cast as `casts` says) and the flat parameters.
 */
export async function forEachValuesChunk<R>(
  rows: readonly unknown[][],
  casts: readonly string[],
  run: (values: string, params: unknown[]) => Promise<R>,
): Promise<R[]> {
  const width = casts.length;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / width));
  const results: R[] = [];
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const cells: string[] = [];
      for (let i = 0; i < width; i++) {
        params.push(row[i]);
        cells.push(`$${params.length}${casts[i] ? `::${casts[i]}` : ''}`);
      }
      tuples.push(`(${cells.join(',')})`);
    }
    results.push(await run(tuples.join(','), params));
  }
  return results;
}

/**
 * Rows as one array parameter per column, for `insert … select * from unnest($1::int8[], …)`:
 * a statement of fixed, small text whatever the number of rows, so PostgreSQL parses and plans it
 * once in no time, where a VALUES list of thousands of placeholders costs more to plan than to
 * insert. Scalar columns only (unnest flattens an array of arrays). Rows come out in order.
 */
export function unnestRows(rows: readonly unknown[][], types: readonly string[]): { select: string; params: unknown[][] } {
  const params: unknown[][] = types.map(() => new Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < types.length; c++) params[c][r] = row[c];
  }
  const args = types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  return { select: `select * from unnest(${args})`, params };
}
