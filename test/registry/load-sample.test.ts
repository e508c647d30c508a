import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSampleData } from '../../src/registry/load-sample.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { TERMINAL, XRAY, YARD, route } from './fixtures.ts';

describe('sample data loader', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await testApp();
    dir = mkdtempSync(join(tmpdir(), 'sw-sample-'));
    writeFileSync(join(dir, 'facilities.json'), JSON.stringify([TERMINAL, YARD, XRAY].map((f) => ({ ...f, sample: true }))));
    const broken = { ...route('RT-BROKEN'), origin: 'NOWHERE1' };
    writeFileSync(join(dir, 'routes.json'), JSON.stringify([{ ...route(), sample: true }, broken]));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('upserts facilities then routes as samples, submits them, and rejects a bad item alone', async () => {
    const mark = t.sink.inputs.length;
    const r = await loadSampleData(t.ctx, { dir });
    assert.deepEqual(r.facilities, ['BK006', 'BY010', 'BX100']);
    assert.deepEqual(r.routes, ['RT-BK006-BY010']);
    assert.equal(r.rejected.length, 1);
    assert.deepEqual(r.rejected[0], { file: 'routes.json', index: 1, errors: [{ path: '/1/origin', message: 'no facility NOWHERE1', code: 'facility.unknown', params: { code: 'NOWHERE1' } }] });
    assert.deepEqual(t.sink.inputs.slice(mark).map((i) => i.type), ['facility', 'facility', 'facility', 'route']);
    const got = await t.request('GET', '/api/v1/facilities/BK006', t.adminKey);
    assert.equal(got.json().sample, true);
    assert.equal((await t.request('GET', '/api/v1/routes/RT-BK006-BY010', t.adminKey)).json().corridorWidthM, 200);
  });

  it('is idempotent, and keeps a sample record someone has edited', async () => {
    const edited = await t.request('PUT', '/api/v1/facilities/BY010', t.adminKey, { ...YARD, name: 'Qianzhen yard (edited)' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().sample, false);
    const r = await loadSampleData(t.ctx, { dir });
    assert.deepEqual(r.facilities, ['BK006', 'BX100']);
    assert.deepEqual(r.kept, ['BY010']);
    const [{ n }] = await t.tdb.db.query('select count(*)::int as n from facilities');
    assert.equal(n, 3);
    assert.equal((await t.request('GET', '/api/v1/facilities/BY010', t.adminKey)).json().name, 'Qianzhen yard (edited)');
  });

  it('loads the shipped sample files without rejecting anything', async () => {
    const fresh = await testApp();
    try {
      const r = await loadSampleData(fresh.ctx);
      assert.deepEqual(r.rejected, []);
      assert.ok(r.facilities.length > 0);
      assert.equal(fresh.sink.inputs.length, r.facilities.length + r.routes.length);
      const again = await loadSampleData(fresh.ctx);
      assert.deepEqual(again.facilities, r.facilities);
    } finally {
      await fresh.close();
    }
  });
});
