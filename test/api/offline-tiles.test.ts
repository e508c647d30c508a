// The offline street map file (MAP_PMTILES_PATH): checked at start, announced to the console at
// /web-config.json, served to signed-in users only and in ranges, as a PMTiles reader asks.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { newSecret } from '../../src/auth/secrets.ts';
import { loadConfig } from '../../src/config.ts';
import { ensureAdminKey } from '../../src/store/bootstrap.ts';
import type { AppContext } from '../../src/platform.ts';
import { OFFLINE_TILES_PATH, registerWeb } from '../../src/web/serve-web.ts';
import { RecordingSink } from '../helpers/app.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

describe('offline street map file', () => {
  let dir: string;
  let file: string;
  let app: FastifyInstance;
  let tdb: TestDb;
  const key = newSecret('swk');
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-tiles-'));
    file = join(dir, 'taiwan.pmtiles');
    writeFileSync(file, bytes);
    mkdirSync(join(dir, 'web'));
    writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>SealWatch</title>');
    tdb = await testDb();
    await ensureAdminKey(tdb.db, key);
    const config = { ...loadConfig({ MAP_PMTILES_PATH: file }), dataDir: '' };
    const ctx: AppContext = { db: tdb.db, config, inputs: new RecordingSink(), services: {} };
    app = await buildApp(ctx);
    await registerWeb(app, { ...config.web, root: join(dir, 'web') });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await tdb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a path that is no file, naming the setting', () => {
    assert.throws(() => loadConfig({ MAP_PMTILES_PATH: join(dir, 'missing.pmtiles') }), /MAP_PMTILES_PATH must name an existing file/);
    assert.throws(() => loadConfig({ MAP_PMTILES_PATH: dir }), /MAP_PMTILES_PATH/);
    assert.equal(loadConfig({}).web.pmtilesPath, undefined);
  });

  it('is announced to the console', async () => {
    const r = await app.inject({ method: 'GET', url: '/web-config.json' });
    assert.equal(r.json().offlineTilesUrl, OFFLINE_TILES_PATH);
  });

  it('is served in ranges to a signed-in user only', async () => {
    assert.equal((await app.inject({ method: 'GET', url: OFFLINE_TILES_PATH, headers: { range: 'bytes=0-9' } })).statusCode, 401);
    const r = await app.inject({ method: 'GET', url: OFFLINE_TILES_PATH, headers: { range: 'bytes=100-163', authorization: `Bearer ${key}` } });
    assert.equal(r.statusCode, 206);
    assert.equal(r.headers['content-range'], `bytes 100-163/${bytes.length}`);
    assert.deepEqual(r.rawPayload, bytes.subarray(100, 164));
  });
});
