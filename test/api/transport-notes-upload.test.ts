import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { namedLayout } from '../../src/transport-notes/upload/layouts.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { YARD_A, YARD_B, seedRegistry } from '../transport-notes/fixtures.ts';

const URL_ = '/api/v1/transport-notes/upload';

/** A record of the sample fixed-width layout, each value placed at its 1-based start. */
function fixedLine(values: Record<string, string>): string {
  const layout = namedLayout('cn-legacy-v1')!;
  const width = Math.max(...layout.fields.map((f) => f.start - 1 + f.length));
  const chars = Array.from(' '.repeat(width));
  for (const f of layout.fields) {
    const v = values[f.field];
    if (v === undefined) continue;
    assert.ok(v.length <= f.length, `${f.field} fits`);
    Array.from(v).forEach((c, i) => (chars[f.start - 1 + i] = c));
  }
  return chars.join('').trimEnd();
}

const fwNote = (cnNo: string, over: Record<string, string> = {}) => ({
  cnNo, function: '9', senderUbn: YARD_A, origin: 'CD198', destination: 'BK001', plate: 'KNA6001', driverId: 'A123456789',
  transportCategory: '1', releaseCode: '1', requiresConfirmation: 'Y', containerNo: 'CSQU3054383', sealType: '3', sealNos: `F-${cnNo}`, ...over,
});

describe('transport notes: legacy upload (CSV and fixed width)', () => {
  let t: TestApp;
  let yardA: string;
  const upload = (query: string, contentType: string, payload: string | Buffer, key = yardA) =>
    t.app.inject({ method: 'POST', url: URL_ + query, headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, payload });
  const byLine = (r: { json(): any }) => new Map<number, any>(r.json().lines.map((l: any) => [l.line, l]));

  before(async () => {
    t = await testApp();
    await seedRegistry(t.tdb.db);
    yardA = await t.keyFor(YARD_A, ['yard_operator']);
  });
  after(() => t.close());

  const csv = [
    'cnNo,function,senderUbn,origin,destination,plate,driverId,transportCategory,releaseCode,containerNo,sealType,sealNos',
    'CNUP0001,9,04595252,CD198,BK001,KNA-6001,A123456789,1,1,CSQU3054383,truck_eseal,SU1;SU2',
    'CNUP0001,,,,,,,,,ZEPU0037255,truck_eseal,SU3',
    'CNUP0002,9,04595252,CD198,BK001,KNA6001,A123456789,1,,CSQU3054384,eseal,SU4',
    'CNUP0003,9,04595252,CD198,BK001,KNA6001,A123456789,x,,TGHU1234567,other,',
    ',9,04595252,CD198,BK001,KNA6001,A123456789,1,,TGHU1234567,other,',
    'CNUP0004,9,04595252,CD198',
    '"CNUP0005",9,04595252,CD198,BK001,KNA6001,A123456789,2,B,MSCU7654329,車機封條,"SU5 SU6"',
    'CNUP0006,9,04595252,CD198,BK001,KNA6001,A123456789,1,,EGHU1000013,other,',
    'CNUP0006,9,04595252,CD198,BK001,KNA6001,A123456789,1,,OOLU2000029,other,',
  ].join('\r\n');

  it('converts a CSV and answers per line, naming the line and the field of each error', async () => {
    const r = await upload('', 'text/csv; charset=utf-8', csv);
    assert.equal(r.statusCode, 207, r.body);
    const lines = byLine(r);
    assert.deepEqual([...lines.keys()], [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(lines.get(2).status, 201);
    assert.equal(lines.get(3).status, 201);
    assert.deepEqual(lines.get(4).errors, [{ path: '/containers/0/no', field: 'containerNo', message: 'check digit is 4, expected 3', code: 'container.check_digit', params: { actual: 4, expected: 3 } }]);
    assert.equal(lines.get(5).errors[0].path, '/transportCategory');
    assert.equal(lines.get(5).errors[0].field, 'transportCategory');
    assert.deepEqual(lines.get(6).errors, [{ path: '/cnNo', field: 'cnNo', message: 'is required on every line', code: 'required', params: { name: 'cnNo' } }]);
    assert.match(lines.get(7).errors[0].message, /has 4 columns, the header has 12/);
    assert.equal(lines.get(8).status, 201);
    // A note fails whole: its bad container is named on its own line, the other line points there.
    assert.deepEqual(lines.get(10).errors, [{ path: '/containers/1/no', field: 'containerNo', message: 'check digit is 9, expected 8', code: 'container.check_digit', params: { actual: 9, expected: 8 } }]);
    assert.deepEqual(lines.get(9).errors, [{ path: '', message: 'transport note CNUP0006 was not accepted: see line 10', code: 'upload.note_refused', params: { cnNo: 'CNUP0006', line: 10 } }]);
    assert.deepEqual(r.json().summary, { ok: 3, failed: 6, notes: { ok: 2, failed: 3 } });

    const stored = await t.request('GET', '/api/v1/transport-notes/CNUP0001', yardA);
    assert.deepEqual(stored.json().note.containers, [
      { no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['SU1', 'SU2'] },
      { no: 'ZEPU0037255', sealType: 'truck_eseal', sealNos: ['SU3'] },
    ]);
    assert.equal(stored.json().note.plate, 'KNA6001');
    const five = (await t.request('GET', '/api/v1/transport-notes/CNUP0005', yardA)).json().note;
    assert.equal(five.requiresConfirmation, true, 'release code B calls for confirmation');
    assert.deepEqual(five.containers[0], { no: 'MSCU7654329', sealType: 'truck_eseal', sealNos: ['SU5', 'SU6'] });
    assert.equal((await t.request('GET', '/api/v1/transport-notes/CNUP0002', yardA)).statusCode, 404);
  });

  it('only converts on a dry run, showing the JSON note and storing nothing', async () => {
    const dry = csv.replaceAll('CNUP', 'CNDRY');
    const r = await upload('?dryRun=true', 'text/csv', dry);
    assert.equal(r.statusCode, 200, r.body);
    const lines = byLine(r);
    assert.equal(lines.get(2).status, 200);
    assert.deepEqual(lines.get(2).note.containers.map((c: any) => c.no), ['CSQU3054383', 'ZEPU0037255']);
    assert.equal(lines.get(2).note.requiresConfirmation, true);
    assert.equal(lines.get(3).note, undefined, 'the note is shown once, on its first line');
    assert.equal(lines.get(4).status, 422);
    assert.equal((await t.request('GET', '/api/v1/transport-notes/CNDRY0001', yardA)).statusCode, 404);
  });

  it('submits as POST /transport-notes does: the sender must be the caller', async () => {
    const yardB = await t.keyFor(YARD_B, ['yard_operator']);
    const r = await upload('', 'text/csv', csv.split('\r\n').slice(0, 2).join('\n').replace('CNUP0001', 'CNUP0101'), yardB);
    assert.equal(r.statusCode, 207);
    assert.equal(r.json().lines[0].status, 403);
    assert.match(r.json().lines[0].errors[0].message, /your own company/);
  });

  it('refuses a CSV header with an unknown column, naming it', async () => {
    const r = await upload('', 'text/csv', 'cnNo,colour\nCN000001,red\n');
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().errors[0].path, '/body/header/1');
    assert.match(r.json().errors[0].message, /unknown column "colour"/);
  });

  it('converts fixed-width lines with a named layout, with the right line numbers', async () => {
    const text = [
      fixedLine(fwNote('CNFW0001')),
      fixedLine(fwNote('CNFW0001', { containerNo: 'ZEPU0037255', sealNos: 'F-CNFW0001B F-CNFW0001C' })),
      fixedLine(fwNote('CNFW0002', { sealType: '7' })),
      '',
      fixedLine(fwNote('CNFW0003', { driverId: 'A123456788' })),
    ].join('\n');
    const r = await upload('?layout=cn-legacy-v1', 'text/plain', text);
    assert.equal(r.statusCode, 207, r.body);
    const lines = byLine(r);
    assert.deepEqual([...lines.keys()], [1, 2, 3, 5]);
    assert.equal(lines.get(1).status, 201);
    assert.equal(lines.get(2).status, 201);
    assert.equal(lines.get(3).errors[0].path, '/containers/0/sealType');
    assert.match(lines.get(3).errors[0].message, /code "7" \(at 123\) is not one of the layout's codes 1, 2, 3, 9/);
    assert.deepEqual(lines.get(5).errors, [{ path: '/driverId', field: 'driverId', message: 'check digit is 8, expected 9', code: 'national_id.check_digit', params: { actual: 8, expected: 9 } }]);
    const stored = (await t.request('GET', '/api/v1/transport-notes/CNFW0001', yardA)).json().note;
    assert.deepEqual(stored.containers[1], { no: 'ZEPU0037255', sealType: 'truck_eseal', sealNos: ['F-CNFW0001B', 'F-CNFW0001C'] });
    assert.equal(stored.requiresConfirmation, true);
  });

  it('accepts an inline 0-based layout with defaults, and checks it', async () => {
    const layout = {
      base: 0,
      defaults: { senderUbn: YARD_A, origin: 'CD198', destination: 'BK001', transportCategory: '4', requiresConfirmation: 'N' },
      fields: [
        { field: 'cnNo', start: 0, length: 10 },
        { field: 'plate', start: 10, length: 8 },
        { field: 'driverId', start: 18, length: 10 },
        { field: 'containerNo', start: 28, length: 11 },
        { field: 'sealType', start: 39, length: 12 },
        { field: 'sealNos', start: 51, length: 20 },
      ],
    };
    const line = 'CNIL0001  KNA6001 B123456780YMLU3000034eseal       IL-1';
    const r = await upload(`?dryRun=true&layoutJson=${encodeURIComponent(JSON.stringify(layout))}`, 'text/plain', line + '\n');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().lines[0].note, {
      cnNo: 'CNIL0001', function: '9', senderUbn: YARD_A, origin: 'CD198', destination: 'BK001',
      containers: [{ no: 'YMLU3000034', sealType: 'eseal', sealNos: ['IL-1'] }],
      plate: 'KNA6001', driverId: 'B123456780', transportCategory: 4, requiresConfirmation: false,
    });
    const broken = { fields: [{ field: 'cnNo', start: 1, length: 10 }, { field: 'plate', start: 5, length: 8 }, { field: 'colour', start: 20, length: 1 }] };
    const bad = await upload(`?layoutJson=${encodeURIComponent(JSON.stringify(broken))}`, 'text/plain', line);
    assert.equal(bad.statusCode, 422);
    const paths = bad.json().errors.map((e: any) => e.path);
    assert.ok(paths.includes('/querystring/layoutJson/fields/2/field'), paths.join());
    assert.ok(paths.includes('/querystring/layoutJson/fields/1/start'), 'overlap named');
  });

  it('needs a layout for text/plain, and refuses an unknown one', async () => {
    const none = await upload('', 'text/plain', 'x');
    assert.equal(none.statusCode, 422);
    assert.equal(none.json().errors[0].path, '/querystring/layout');
    const unknown = await upload('?layout=nope', 'text/plain', 'x');
    assert.match(unknown.json().errors[0].message, /cn-legacy-v1/);
    const layouts = await t.request('GET', '/api/v1/transport-notes/upload/layouts', yardA);
    assert.ok(layouts.json().some((l: any) => l.name === 'cn-legacy-v1'));
  });

  it('reads the charset the Content-Type declares', async () => {
    const text = 'cnNo,function,sealType\nCNBIG001,9,車機封條\n';
    const big5 = Buffer.from([...Buffer.from('cnNo,function,sealType\nCNBIG001,9,'), 0xa8, 0xae, 0xbe, 0xf7, 0xab, 0xca, 0xb1, 0xf8, 0x0a]);
    const r = await upload('?dryRun=true', 'text/csv; charset=big5', big5);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().lines[0].note.containers[0].sealType, 'truck_eseal', text);
    assert.equal((await upload('', 'text/csv; charset=klingon', 'a')).statusCode, 415);
  });

  it('refuses a body over 5 MB with 413', async () => {
    const r = await upload('', 'text/csv', 'x'.repeat(5 * 1024 * 1024 + 1));
    assert.equal(r.statusCode, 413);
    assert.match(r.headers['content-type'] as string, /problem\+json/);
  });
});
