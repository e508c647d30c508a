// The logs hold no credentials and no personal data: not the stream's ?token=, not authorization or
// cookie headers, not the values bound to a failed database statement.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import type { AppContext } from '../../src/platform.ts';
import { hashPassword, newId, newSecret } from '../../src/auth/secrets.ts';
import { loadConfig } from '../../src/config.ts';
import { CUSTOMS_UBN, ensureAdminKey } from '../../src/store/bootstrap.ts';
import { RecordingSink } from '../helpers/app.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

describe('logs: no secrets, no personal data', () => {
  let tdb: TestDb;
  let app: FastifyInstance;
  let adminKey: string;
  const lines: string[] = [];
  const log = () => lines.join('');

  const NATIONAL_ID = 'F131104093';
  let passwordHash: string;

  before(async () => {
    tdb = await testDb();
    const ctx: AppContext = { db: tdb.db, config: { ...loadConfig({}), dataDir: '' }, inputs: new RecordingSink(), services: {} };
    adminKey = newSecret('swk');
    await ensureAdminKey(tdb.db, adminKey);
    passwordHash = await hashPassword('a long secret password');
    app = await buildApp(ctx, { logger: { level: 'debug', stream: { write: (line: string) => lines.push(line) } } });
    // Two statements that fail on a constraint, with a password hash and a national ID bound.
    app.post('/api/v1/test/duplicate-user', { config: { auth: false } }, async () => {
      const insert = `insert into users (id, username, name, company_ubn, roles, storage_codes, password_hash, national_id)
                      values ($1, 'same.name', 'X', $2, '{}', '{}', $3, $4)`;
      await tdb.db.query(insert, [newId('usr'), CUSTOMS_UBN, passwordHash, NATIONAL_ID]);
      await tdb.db.query(insert, [newId('usr'), CUSTOMS_UBN, passwordHash, NATIONAL_ID]);
    });
    app.post('/api/v1/test/duplicate-driver', { config: { auth: false } }, async () => {
      await tdb.db.transaction(async (tx) => {
        const insert = `insert into drivers (national_id, name, body) values ($1, 'Driver', '{}')`;
        await tx.query(insert, [NATIONAL_ID]);
        await tx.query(insert, [NATIONAL_ID]);
      });
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await tdb.close();
  });

  it('masks the stream token in the access log', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: `/api/v1/stream?token=${adminKey}` });
    await app.inject({ method: 'GET', url: `/api/v1/companies?x=1&token=${encodeURIComponent(adminKey)}` });
    assert.match(log(), /"url":"\/api\/v1\/stream\?token=\[redacted\]"/);
    assert.match(log(), /"url":"\/api\/v1\/companies\?x=1&token=\[redacted\]"/);
    assert.ok(!log().includes(adminKey), 'the key is not in the log');
    assert.ok(!log().includes(adminKey.slice(4)), 'nor any part of it');
  });

  it('redacts authorization and cookie headers wherever they are logged', async () => {
    lines.length = 0;
    app.log.info({ headers: { authorization: `Bearer ${adminKey}`, cookie: `sw_session=${adminKey}` } }, 'headers');
    app.log.info({ req: { method: 'GET', url: `/x?token=${adminKey}`, headers: { authorization: `Bearer ${adminKey}` } } }, 'request');
    assert.match(log(), /"authorization":"\[redacted\]"/);
    assert.ok(!log().includes(adminKey));
  });

  it('logs a failed statement without its bound values', async () => {
    lines.length = 0;
    const user = await app.inject({ method: 'POST', url: '/api/v1/test/duplicate-user' });
    const driver = await app.inject({ method: 'POST', url: '/api/v1/test/duplicate-driver' });
    assert.equal(user.statusCode, 500);
    assert.equal(driver.statusCode, 500);
    const errors = lines.filter((l) => l.includes('unhandled error'));
    assert.equal(errors.length, 2, log());
    assert.match(errors[0], /duplicate key|unique/i, 'the error itself is still logged');
    for (const secret of [passwordHash, NATIONAL_ID]) assert.ok(!log().includes(secret), `${secret.slice(0, 12)}… is not in the log`);
    // Nor in the 500 answers.
    for (const r of [user, driver]) assert.ok(!r.body.includes(NATIONAL_ID) && !r.body.includes(passwordHash));
  });
});
