import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

const IMPORTER = '12345681';
const OTHER = '12345704';

const clearance = (over: Record<string, unknown> = {}) => ({
  declarationNo: 'AA13100001', kind: 'import', containerNos: ['MSCU1234566', 'TGHU1234567'], status: 'declared',
  releaseCode: '1', statusAt: '2025-03-03T08:00:00+08:00', importerUbn: IMPORTER, ...over,
});

describe('clearances: POST /clearances, CSV import, the trader query', () => {
  let t: TestApp;
  let importer: string;
  let other: string;
  let yard: string;
  before(async () => {
    t = await testApp();
    importer = await t.keyFor(IMPORTER, ['trader']);
    other = await t.keyFor(OTHER, ['trader']);
    yard = await t.keyFor(OTHER, ['yard_operator']);
  });
  after(() => t.close());

  it('stores one clearance, hands it to the engine and audits it', async () => {
    const r = await t.request('POST', '/api/v1/clearances', t.adminKey, clearance());
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().created, true);
    const input = t.sink.inputs.find((i) => i.type === 'clearance');
    assert.equal((input?.data as { declarationNo: string }).declarationNo, 'AA13100001');
    const audit = await t.tdb.db.query(`select * from audit_log where resource = 'clearance'`);
    assert.ok(audit.length >= 1);
  });

  it('names a bad container number with the ISO 6346 rule it breaks', async () => {
    const r = await t.request('POST', '/api/v1/clearances', t.adminKey, clearance({ declarationNo: 'AA13100002', containerNos: ['MSCU1234566', 'MSCU1234567'] }));
    assert.equal(r.statusCode, 422);
    const errors = r.json().errors as { path: string; message: string }[];
    assert.deepEqual(errors.map((e) => e.path), ['/body/containerNos/1']);
    assert.match(errors[0].message, /ISO 6346.*check digit is 7, expected 6/);
  });

  it('answers a batch per record; the latest statusAt stands', async () => {
    const r = await t.request('POST', '/api/v1/clearances', t.adminKey, {
      records: [
        clearance({ status: 'released', statusAt: '2025-03-03T09:00:00+08:00' }),
        clearance({ declarationNo: 'AA13100003', kind: 'overseas' }),
        clearance({ status: 'held', statusAt: '2025-03-03T08:30:00+08:00' }),
      ],
    });
    assert.equal(r.statusCode, 207);
    const results = r.json().results;
    assert.deepEqual(results.map((x: any) => x.status), [200, 422, 200]);
    assert.equal(results[1].errors[0].path, '/body/records/1/kind');
    assert.equal(results[2].stale, true);
    const [row] = await t.tdb.db.query(`select status from clearances where declaration_no = 'AA13100001'`);
    assert.equal(row.status, 'released');
    // Each new status is told to the notifier once; the stale one is not.
    const told = await t.tdb.db.query<{ payload: any }>(
      `select payload from notification_events where kind = 'declaration_changed' and payload->>'declarationNo' = 'AA13100001' order by occurred_at`,
    );
    assert.deepEqual(told.map((e) => e.payload.status).slice(-1), ['released']);
    assert.ok(!told.some((e) => e.payload.status === 'held'), 'a stale status is not told');
  });

  it('imports the CSV export with a result per line number', async () => {
    const csv = [
      'declaration_no,kind,container_nos,status,release_code,status_at,importer_ubn',
      `AA13100010,import,OOLU1000018 OOLU1000023,released,,2025-03-03T08:00:00+08:00,${IMPORTER}`,
      `AA13100011,export,OOLU1000030,declared,,2025-03-03T08:00:00+08:00,`,
      `AA13100012,transit,YMLU3000013;YMLU3000029,held,B,2025-03-03T08:00:00+08:00,`,
    ].join('\n');
    const r = await t.app.inject({
      method: 'POST', url: '/api/v1/clearances/import', payload: csv,
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'text/csv' },
    });
    assert.equal(r.statusCode, 207, r.body);
    const lines = r.json().lines;
    assert.deepEqual(lines.map((l: any) => [l.line, l.ok]), [[2, true], [3, false], [4, true]]);
    assert.equal(lines[1].errors[0].field, 'containerNos');
    assert.match(lines[1].errors[0].message, /ISO 6346/);
  });

  it('the trader query: customs and the importer see the declaration, anyone else gets 404', async () => {
    const mine = await t.request('GET', '/api/v1/declarations/AA13100001', importer);
    assert.equal(mine.statusCode, 200, mine.body);
    const body = mine.json();
    assert.equal(body.clearance.status, 'released');
    assert.deepEqual(body.containers.map((c: any) => [c.containerNo, c.status]), [['MSCU1234566', 'not_seen'], ['TGHU1234567', 'not_seen']]);
    assert.equal((await t.request('GET', '/api/v1/declarations/AA13100001', t.adminKey)).statusCode, 200);
    assert.equal((await t.request('GET', '/api/v1/declarations/AA13100001', other)).statusCode, 404);
    assert.equal((await t.request('GET', '/api/v1/declarations/AA13100099', t.adminKey)).statusCode, 404);
  });

  it('only customs sends clearances', async () => {
    assert.equal((await t.request('POST', '/api/v1/clearances', yard, clearance())).statusCode, 403);
    assert.equal((await t.request('POST', '/api/v1/clearances', importer, clearance())).statusCode, 403);
  });
});
