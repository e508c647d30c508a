// A transport note's rows, its audit entry and its engine input commit together or not at all:
// when the input log cannot be written, a submission or confirmation fails and leaves nothing behind.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { YARD_A, note, seedRegistry } from './fixtures.ts';

const BASE = '/api/v1/transport-notes';

describe('transport notes: rows, audit entry and engine input in one transaction', () => {
  let t: TestApp;
  let yardA: string;
  let person: string;
  before(async () => {
    t = await testApp();
    await seedRegistry(t.tdb.db);
    yardA = await t.keyFor(YARD_A, ['yard_operator']);
    person = await t.userFor(YARD_A, ['responsible_person'], { storageCodes: ['C2001'] });
  });
  afterEach(() => {
    t.sink.failing = false;
  });
  after(() => t.close());

  const row = async (cnNo: string) => (await t.tdb.db.query('select version, status, confirmed_at from transport_notes where cn_no = $1', [cnNo]))[0];
  const versions = async (cnNo: string) => (await t.tdb.db.query('select version from transport_note_versions where cn_no = $1', [cnNo])).length;
  const audited = async (cnNo: string) =>
    (await t.tdb.db.query(`select action from audit_log where resource = 'transport_note' and resource_id = $1 order by id`, [cnNo])).map((r) => r.action);
  const inputs = (type: string, cnNo: string) => t.sink.inputs.filter((i) => i.type === type && (i.data as { cnNo: string }).cnNo === cnNo);

  it('stores a new note with its audit entry and engine input', async () => {
    const n = note();
    const r = await t.request('POST', BASE, yardA, n);
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().warnings, undefined);
    assert.equal((await row(n.cnNo)).version, 1);
    assert.deepEqual(await audited(n.cnNo), ['create']);
    assert.deepEqual(inputs('transportNote', n.cnNo).map((i) => i.data), [r.json().note]);
  });

  it('refuses a new note, a replacement and a batch when the input log fails, leaving no row and no audit entry', async () => {
    const kept = note();
    assert.equal((await t.request('POST', BASE, yardA, kept)).statusCode, 201);
    t.sink.failing = true;

    const fresh = note();
    const single = await t.request('POST', BASE, yardA, fresh);
    assert.equal(single.statusCode, 503, single.body);
    assert.equal(await row(fresh.cnNo), undefined);
    assert.equal(await versions(fresh.cnNo), 0);
    assert.deepEqual(await audited(fresh.cnNo), []);

    const replace = await t.request('POST', BASE, yardA, { ...kept, function: '5', plate: 'KLA6002' });
    assert.equal(replace.statusCode, 503, replace.body);
    assert.equal((await row(kept.cnNo)).version, 1, 'the replacement changed nothing');
    assert.equal(await versions(kept.cnNo), 1);
    assert.deepEqual(await audited(kept.cnNo), ['create']);

    const batched = [note(), note()];
    const batch = await t.request('POST', BASE, yardA, { notes: batched });
    assert.equal(batch.statusCode, 207, batch.body);
    assert.deepEqual(batch.json().results.map((x: { status: number }) => x.status), [503, 503]);
    for (const n of batched) {
      assert.equal(await row(n.cnNo), undefined);
      assert.deepEqual(await audited(n.cnNo), []);
    }
    for (const n of [fresh, kept, ...batched]) assert.equal(inputs('transportNote', n.cnNo).length, n === kept ? 1 : 0);
  });

  it('refuses an upload line by line when the input log fails, leaving no row', async () => {
    t.sink.failing = true;
    const n = note();
    const csv = [
      'cnNo,senderUbn,origin,destination,plate,driverId,transportCategory,containerNo,sealType,sealNos',
      `${n.cnNo},${YARD_A},CD198,BK001,KNA6001,A123456789,1,${n.containers[0].no},truck_eseal,S-${n.cnNo}`,
    ].join('\n');
    const r = await t.app.inject({
      method: 'POST',
      url: `${BASE}/upload`,
      headers: { authorization: `Bearer ${yardA}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(r.statusCode, 207, r.body);
    assert.deepEqual(r.json().lines.map((l: { status: number }) => l.status), [503]);
    assert.equal(await row(n.cnNo), undefined);
    assert.deepEqual(await audited(n.cnNo), []);
  });

  it('confirms with its audit entry and engine input, and leaves the note unconfirmed when the input log fails', async () => {
    const n = note();
    assert.equal((await t.request('POST', BASE, yardA, n)).statusCode, 201);

    t.sink.failing = true;
    const failed = await t.request('POST', `${BASE}/${n.cnNo}/confirmation`, person, {});
    assert.equal(failed.statusCode, 503, failed.body);
    assert.equal((await row(n.cnNo)).confirmed_at, null);
    assert.deepEqual(await audited(n.cnNo), ['create']);
    assert.equal(inputs('sealConfirmation', n.cnNo).length, 0);

    t.sink.failing = false;
    const ok = await t.request('POST', `${BASE}/${n.cnNo}/confirmation`, person, {});
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().warnings, undefined);
    assert.ok((await row(n.cnNo)).confirmed_at);
    assert.deepEqual(await audited(n.cnNo), ['create', 'confirm']);
    assert.equal(inputs('sealConfirmation', n.cnNo).length, 1);
  });
});
