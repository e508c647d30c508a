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
