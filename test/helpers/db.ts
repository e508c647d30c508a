// A fresh, migrated database per test: in-memory PGlite by default, or a new database on the
// PostgreSQL server named by TEST_DATABASE_URL (CI sets it), dropped afterwards.
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

export interface TestDb {
  db: Db;
  databaseUrl?: string;
  close(): Promise<void>;
}

export const usingPostgres = !!process.env.TEST_DATABASE_URL;

export async function testDb(): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openDb({});
    await migrate(db);
    return { db, close: () => db.close() };
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
