// One SQL interface over PGlite (embedded default) and PostgreSQL (DATABASE_URL), so that the same
// schema, migrations and queries serve both.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Row = Record<string, any>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; it is rolled back if fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /**
   * Commit without waiting for the WAL to reach the disk (synchronous_commit off): a crash may
   * lose the last fraction of a second of such transactions, whole and in order, never part of one.
   * Only for what can be derived again, like the engine's outputs, whose progress mark is written
   * in the same transaction.
   */
  asyncCommit?: boolean;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for PGlite files; undefined keeps the database in memory (tests). */
  dataDir?: string;
}

export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir);
}

/**
 * PGlite hangs the statement's bound values on the errors it throws (err.params): password hashes,
 * national IDs, key hashes. They are dropped here, so that no log or error report can carry them.
 */
function withoutValues(err: unknown): unknown {
  if (err && typeof err === 'object') {
    delete (err as { params?: unknown }).params;
    delete (err as { queryOptions?: unknown }).queryOptions;
  }
  return err;
}

async function pgliteRows<T extends Row>(run: () => Promise<{ rows: T[] }>): Promise<T[]> {
  try {
    return (await run()).rows;
  } catch (err) {
    throw withoutValues(err);
  }
}

async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  let dir: string | undefined;
  if (dataDir) {
    dir = join(dataDir, 'db');
    mkdirSync(dir, { recursive: true });
  }
  const pg = await PGlite.create(dir);
  // PGlite is single-connection: serialise transactions so that two callers never interleave.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const q: Queryable = {
    query: <T extends Row>(sql: string, params?: unknown[]) => pgliteRows(() => pg.query<T>(sql, params as any[])),
  };
  return {
    kind: 'pglite',
    query: (sql, params) => serial(() => q.query(sql, params)),
    transaction: (fn, opts) =>
      serial(() =>
        pg.transaction(async (tx) => {
          if (opts?.asyncCommit) await tx.exec('set local synchronous_commit = off');
          return fn({
            query: <T extends Row>(sql: string, params?: unknown[]) => pgliteRows(() => tx.query<T>(sql, params as any[])),
          });
        }),
      ),
    exec: (sql) => serial(async () => void (await pg.exec(sql))),
    close: () => serial(() => pg.close()),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  // Return int8 and numeric as JS numbers: our counters and sequence numbers stay far below 2^53.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, an administrator ending it) is dropped by the
  // pool, which opens another for the next query; queries report their own errors. Without a
  // listener the pool's 'error' event would end the process.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  return {
    kind: 'postgres',
    async query<T extends Row>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params as any[])).rows as T[];
    },
    async transaction(fn, opts) {
      const client = await pool.connect();
      try {
        await client.query(opts?.asyncCommit ? 'begin; set local synchronous_commit = off' : 'begin');
        const result = await fn({
          async query<T extends Row>(sql: string, params?: unknown[]) {
            return (await client.query(sql, params as any[])).rows as T[];
          },
        });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
