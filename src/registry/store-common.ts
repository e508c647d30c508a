// Small helpers shared by the registry's SQL modules.

export interface Page {
  limit?: number;
  offset?: number;
}

/** Builds a parameterised WHERE clause from optional equality filters. */
export class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** Adds `sql` with its `?` replaced by the next parameter, unless the value is undefined. */
  add(sql: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.parts.push(sql.replace('?', `$${this.params.length}`));
    return this;
  }

  get sql(): string {
    return this.parts.length ? `where ${this.parts.join(' and ')}` : '';
  }

  /** LIMIT/OFFSET as parameters too. */
  page(p: Page, defaultLimit = 500): string {
    this.params.push(p.limit ?? defaultLimit, p.offset ?? 0);
    return `limit $${this.params.length - 1} offset $${this.params.length}`;
  }
}

/** PostgreSQL unique_violation, from pg and PGlite alike. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}
