// The SQL side of the access rules: each rule appends its values to the query's parameter list and
// refers to them by position, so a condition composes into any query without string escaping.

/** Appends a value to the parameters and returns its placeholder (`$n`). */
export function bind(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/**
 * A condition on rows, or null when the caller sees every row (customs), so that callers can drop
 * the where clause instead of adding `true`.
 */
export type Condition = string | null;
