// A fresh, migrated database per test: embedded PGlite by default, or a new database on the
// PostgreSQL server named by TEST_DATABASE_URL (CI sets it), dropped afterwards.
//
// Starting PGlite costs seconds (a WebAssembly PostgreSQL boots); emptying one costs milliseconds.
// So a test file (one process) keeps the embedded databases it has opened: a closed one goes back
// to a pool and the next testDb() gets it emptied to the state right after the migrations.
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

export interface TestDb {
  db: Db;
  databaseUrl?: string;
  close(): Promise<void>;
}

export const usingPostgres = !!process.env.TEST_DATABASE_URL;

interface Pooled {
  db: Db;
  /** Tables to empty, and the rows the migrations put in some of them. */
  tables: string[];
  seed: { table: string; rows: unknown[] }[];
}

const idle: Pooled[] = [];

async function openEmbedded(): Promise<Pooled> {
  const db = await openDb({});
  await migrate(db);
  const tables = (
    await db.query<{ name: string }>(
      `select quote_ident(tablename) as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations' order by 1`,
    )
  ).map((r) => r.name);
  const seed: Pooled['seed'] = [];
  for (const table of tables) {
    const [r] = await db.query<{ rows: unknown[] | null }>(`select json_agg(t) as rows from ${table} t`);
    if (r.rows?.length) seed.push({ table, rows: r.rows });
  }
  return { db, tables, seed };
}

/** Back to the state right after the migrations: every table emptied, the migrations' rows put back. */
async function reset(p: Pooled): Promise<void> {
  await p.db.transaction(async (tx) => {
    await tx.query(`truncate ${p.tables.join(', ')} restart identity cascade`);
    for (const s of p.seed) {
      await tx.query(`insert into ${s.table} select * from json_populate_recordset(null::${s.table}, $1::json)`, [JSON.stringify(s.rows)]);
    }
  });
}

/** The database handed to a test: closing it (a server's close does) leaves the pooled one open. */
function lease(p: Pooled): Db {
  const { db } = p;
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn, opts) => db.transaction(fn, opts),
    exec: (sql) => db.exec(sql),
    close: async () => undefined,
  };
}

export async function testDb(): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const reused = idle.pop();
    const p = reused ?? (await openEmbedded());
    if (reused) await reset(p);
    let returned = false;
    return {
      db: lease(p),
      async close() {
        if (returned) return;
        returned = true;
        idle.push(p);
      },
    };
  }
  const name = `sw_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDb({ databaseUrl: url });
  await admin.exec(`create database ${name}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();
  const db = await openDb({ databaseUrl });
  await migrate(db);
  return {
    db,
    databaseUrl,
    async close() {
      await db.close();
      const a = await openDb({ databaseUrl: url });
      await a.exec(`drop database if exists ${name} with (force)`);
      await a.close();
    },
  };
}
