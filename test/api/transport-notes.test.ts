import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { CONTAINERS, OUTSIDER, YARD_A, YARD_B, YARD_C, nextCnNo, note, seedRegistry } from '../transport-notes/fixtures.ts';

const BASE = '/api/v1/transport-notes';
const paths = (r: { json(): any }) => r.json().errors.map((e: any) => e.path);
const messageAt = (r: { json(): any }, path: string) => r.json().errors.find((e: any) => e.path === path)?.message;

describe('transport notes: lifecycle, validation, batches, visibility', () => {
  let t: TestApp;
  let yardA: string;
  let yardB: string;
  let outsider: string;
  let customs: string;
  before(async () => {
    t = await testApp();
    await seedRegistry(t.tdb.db);
    yardA = await t.keyFor(YARD_A, ['yard_operator']);
    yardB = await t.keyFor(YARD_B, ['yard_operator']);
    outsider = await t.keyFor(OUTSIDER, ['yard_operator']);
    customs = await t.keyFor(CUSTOMS_UBN, ['customs_officer']);
  });
  after(() => t.close());

  it('creates, replaces and cancels a note, keeping every version, and refuses a second original', async () => {
    const n = note();
    const created = await t.request('POST', BASE, yardA, n);
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.equal(body.version, 1);
    assert.equal(body.status, 'live');
    assert.equal(body.note.plate, 'KNA6001', 'plate stored without "-"');
    assert.equal(body.note.routeCode, 'R-CD-BK', 'the route between origin and destination is named');
    const handed = t.sink.inputs.filter((i) => i.type === 'transportNote' && (i.data as any).cnNo === n.cnNo);
    assert.equal(handed.length, 1);
    assert.deepEqual(handed[0].data, body.note);

    const again = await t.request('POST', BASE, yardA, n);
    assert.equal(again.statusCode, 409);
    assert.match(again.json().detail, /function "5"/);

    const replaced = await t.request('POST', BASE, yardA, { ...n, function: '5', plate: 'KLA6002', driverId: 'B123456780' });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().version, 2);
    assert.equal(replaced.json().note.plate, 'KLA6002');

    const cancelled = await t.request('POST', BASE, yardA, { cnNo: n.cnNo, function: '1' });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal(cancelled.json().version, 3);
    assert.equal(cancelled.json().note.function, '1');
    assert.equal(cancelled.json().note.plate, 'KLA6002', 'a cancel keeps the content it cancels');

    assert.equal((await t.request('POST', BASE, yardA, { ...n, function: '5' })).statusCode, 409, 'a cancelled note cannot be replaced');
    assert.equal((await t.request('POST', BASE, yardA, { cnNo: n.cnNo, function: '1' })).statusCode, 409, 'nor cancelled twice');

    const got = await t.request('GET', `${BASE}/${n.cnNo}`, yardA);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json().history.map((v: any) => [v.version, v.function]), [[1, '9'], [2, '5'], [3, '1']]);
    assert.equal(got.json().history[0].note.plate, 'KNA6001');
    assert.equal(got.json().history[0].by.companyUbn, YARD_A);

    const reissued = await t.request('POST', BASE, yardA, n);
    assert.equal(reissued.statusCode, 201, 'a cancelled number may be issued again by its sender');
    assert.equal(reissued.json().version, 4);

    const audit = await t.request('GET', `/api/v1/audit?resource=transport_note&resourceId=${n.cnNo}`, t.adminKey);
    assert.deepEqual(audit.json().map((a: any) => a.action).reverse(), ['create', 'replace', 'cancel', 'reissue']);
  });

  it('answers 404 for replacing or cancelling a note that does not exist', async () => {
    const r = await t.request('POST', BASE, yardA, note({ function: '5' }));
    assert.equal(r.statusCode, 404);
    assert.equal((await t.request('POST', BASE, yardA, { cnNo: nextCnNo(), function: '1' })).statusCode, 404);
  });

  it('lets a yard send notes only as itself, and only the sender or customs change them', async () => {
    const r = await t.request('POST', BASE, yardB, note());
    assert.equal(r.statusCode, 403);
    const n = note();
    assert.equal((await t.request('POST', BASE, yardA, n)).statusCode, 201);
    // The destination yard sees the note but may not cancel it; a stranger is not told it exists.
    assert.equal((await t.request('POST', BASE, yardB, { cnNo: n.cnNo, function: '1' })).statusCode, 403);
    assert.equal((await t.request('POST', BASE, outsider, { cnNo: n.cnNo, function: '1' })).statusCode, 404);
    const moved = await t.request('POST', BASE, customs, { ...n, function: '5', senderUbn: YARD_B });
    assert.equal(moved.statusCode, 422);
    assert.deepEqual(paths(moved), ['/body/senderUbn']);
  });

  it('after confirmation refuses the sender a replace or cancel, but lets customs act', async () => {
    const n = note();
    assert.equal((await t.request('POST', BASE, yardA, n)).statusCode, 201);
    const person = await t.userFor(YARD_A, ['responsible_person'], { storageCodes: ['C2001'] });
    const confirmed = await t.request('POST', `${BASE}/${n.cnNo}/confirmation`, person, { containerNo: CONTAINERS[0].toLowerCase(), note: 'door photographed' });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().confirmation.containerNo, CONTAINERS[0]);
    assert.ok(confirmed.json().confirmation.confirmedAt);
    const input = t.sink.inputs.find((i) => i.type === 'sealConfirmation' && (i.data as any).cnNo === n.cnNo);
    assert.ok(input, 'the confirmation is handed to the engine');
    assert.equal((input!.data as any).confirmedBy, confirmed.json().confirmation.confirmedBy);

    const twice = await t.app.inject({ method: 'POST', url: `${BASE}/${n.cnNo}/confirmation`, headers: { authorization: `Bearer ${person}` } });
    assert.equal(twice.statusCode, 409, 'confirming twice (a body is optional)');
    const replace = await t.request('POST', BASE, yardA, { ...n, function: '5', plate: 'KLA6002' });
    assert.equal(replace.statusCode, 409);
    assert.match(replace.json().detail, /only customs/);
    assert.equal((await t.request('POST', BASE, yardA, { cnNo: n.cnNo, function: '1' })).statusCode, 409);

    const byCustoms = await t.request('POST', BASE, customs, { ...n, function: '5', plate: 'KLA6002' });
    assert.equal(byCustoms.statusCode, 200, byCustoms.body);
    assert.ok(byCustoms.json().confirmation, 'same seals: the confirmation stands');
    const newSeals = await t.request('POST', BASE, customs, {
      ...n, function: '5', containers: [{ no: CONTAINERS[0], sealType: 'truck_eseal', sealNos: ['S-NEW-' + n.cnNo] }],
    });
    assert.equal(newSeals.statusCode, 200);
    assert.equal(newSeals.json().confirmation, null, 'other seals: the confirmation no longer holds');
    assert.equal((await t.request('POST', BASE, customs, { cnNo: n.cnNo, function: '1' })).statusCode, 200);
  });

  it('lets only a responsible person holding a storage code of the origin confirm', async () => {
    const n = note();
    assert.equal((await t.request('POST', BASE, yardA, n)).statusCode, 201);
    const url = `${BASE}/${n.cnNo}/confirmation`;
    const wrongCode = await t.userFor(YARD_A, ['responsible_person'], { storageCodes: ['C9999'] });
    const r = await t.request('POST', url, wrongCode, {});
    assert.equal(r.statusCode, 403);
    assert.match(r.json().detail, /storage code of its origin CD198/);
    // Destination yard's person holding the origin's code: sees the note, but is not of the origin's operator.
    const otherCompany = await t.userFor(YARD_B, ['responsible_person'], { storageCodes: ['C2001'] });
    assert.equal((await t.request('POST', url, otherCompany, {})).statusCode, 403);
    const stranger = await t.userFor(OUTSIDER, ['responsible_person'], { storageCodes: ['Z1'] });
    assert.equal((await t.request('POST', url, stranger, {})).statusCode, 404);
    assert.equal((await t.request('POST', url, yardA, {})).statusCode, 403, 'a yard operator is not a responsible person');
    const badContainer = await t.userFor(YARD_A, ['responsible_person'], { storageCodes: ['C2002'] });
    const bad = await t.request('POST', url, badContainer, { containerNo: CONTAINERS[1] });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(paths(bad), ['/body/containerNo']);
    assert.equal((await t.request('POST', url, customs, {})).statusCode, 200, 'customs may confirm');
  });

  it('names every bad field with its path and the rule it breaks', async () => {
    const r = await t.request('POST', BASE, yardA, note({
      cnNo: 'CN-1',
      senderUbn: YARD_A,
      origin: 'CD198',
      destination: 'XX999',
      containers: [
        { no: 'CSQU3054384', sealType: 'truck_eseal', sealNos: ['S1'] },
        { no: CONTAINERS[1], sealType: 'steel', sealNos: [] },
        { no: CONTAINERS[2], sealType: 'eseal', sealNos: [] },
      ],
      plate: 'KNA-9999',
      driverId: 'A123456788',
      transportCategory: 8,
      colour: 'red',
    }));
    assert.equal(r.statusCode, 422, r.body);
    assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(messageAt(r, '/body/containers/0/no'), 'check digit is 4, expected 3');
    assert.match(messageAt(r, '/body/cnNo'), /only letters and digits/);
    assert.match(messageAt(r, '/body/containers/1/sealType'), /truck_eseal, eseal, epaper_seal, other/);
    assert.match(messageAt(r, '/body/containers/2/sealNos'), /needs at least one seal number/);
    assert.match(messageAt(r, '/body/driverId'), /check digit/);
    assert.match(messageAt(r, '/body/transportCategory'), /7/);
    assert.match(messageAt(r, '/body/colour'), /not a field/);

    // Registry references are checked once the note is well formed.
    const reg = await t.request('POST', BASE, yardA, note({ destination: 'XX999', plate: 'KNA9999', driverId: 'F123456784' }));
    assert.equal(reg.statusCode, 422);
    assert.match(messageAt(reg, '/body/destination'), /no facility with station code XX999/);
    assert.match(messageAt(reg, '/body/plate'), /vehicle KNA9999 is not registered/);
    assert.match(messageAt(reg, '/body/driverId'), /driver F123456784 is not registered/);

    const ubn = await t.request('POST', BASE, customs, note({ senderUbn: '04595253' }));
    assert.match(messageAt(ubn, '/body/senderUbn'), /not divisible by 5/);
    const unknown = await t.request('POST', BASE, customs, note({ senderUbn: '12345676' }));
    assert.match(messageAt(unknown, '/body/senderUbn'), /no company 12345676/);
  });

  it('checks the route: named and matching, or the only one between origin and destination', async () => {
    const mismatch = await t.request('POST', BASE, yardA, note({ routeCode: 'R-BK-CD' }));
    assert.equal(messageAt(mismatch, '/body/routeCode'), 'route R-BK-CD goes from BK001 to CD198, not from CD198 to BK001');
    const missing = await t.request('POST', BASE, yardA, note({ routeCode: 'R-NONE' }));
    assert.equal(messageAt(missing, '/body/routeCode'), 'no route R-NONE is registered');
    const ambiguous = await t.request('POST', BASE, yardA, note({ destination: 'AT001' }));
    assert.match(messageAt(ambiguous, '/body/routeCode'), /2 routes go from CD198 to AT001 \(R-CD-AT-1, R-CD-AT-2\)/);
    const named = await t.request('POST', BASE, yardA, note({ destination: 'AT001', routeCode: 'R-CD-AT-2' }));
    assert.equal(named.statusCode, 201, named.body);
    const none = await t.request('POST', BASE, customs, note({ senderUbn: YARD_C, origin: 'AT001', destination: 'CD198' }));
    assert.match(messageAt(none, '/body/routeCode'), /no route from AT001 to CD198 is registered/);
    const same = await t.request('POST', BASE, yardA, note({ destination: 'CD198' }));
    assert.match(messageAt(same, '/body/destination'), /needs no transport note/);
  });

  it('refuses a seal already bound to another live note, and frees it when that note is cancelled', async () => {
    const first = note();
    assert.equal((await t.request('POST', BASE, yardA, first)).statusCode, 201);
    const seal = first.containers[0].sealNos[0];
    const second = note({ containers: [{ no: CONTAINERS[1], sealType: 'truck_eseal', sealNos: ['OTHER', seal] }] });
    const r = await t.request('POST', BASE, yardA, second);
    assert.equal(r.statusCode, 422);
    assert.equal(messageAt(r, '/body/containers/0/sealNos/1'), `seal ${seal} is bound to live transport note ${first.cnNo}`);
    // The same note may keep its own seals when replaced.
    assert.equal((await t.request('POST', BASE, yardA, { ...first, function: '5', plate: 'KLA6002' })).statusCode, 200);
    assert.equal((await t.request('POST', BASE, yardA, { cnNo: first.cnNo, function: '1' })).statusCode, 200);
    assert.equal((await t.request('POST', BASE, yardA, second)).statusCode, 201);
  });

  it('lets only one of concurrent originals, or of notes sharing a seal, through', async () => {
    const same = note();
    const originals = await Promise.all(Array.from({ length: 4 }, () => t.request('POST', BASE, yardA, same)));
    assert.deepEqual(originals.map((r) => r.statusCode).sort(), [201, 409, 409, 409]);
    const shared = () => note({ containers: [{ no: CONTAINERS[2], sealType: 'eseal', sealNos: ['RACE-' + same.cnNo] }] });
    const sharing = await Promise.all([shared(), shared()].map((n) => t.request('POST', BASE, yardA, n)));
    assert.deepEqual(sharing.map((r) => r.statusCode).sort(), [201, 422]);
  });

  it('stores the good notes of a batch and names the bad ones', async () => {
    const good1 = note();
    const good2 = note({ containers: [{ no: CONTAINERS[3], sealType: 'other', sealNos: [] }] });
    const badDigit = note({ containers: [{ no: 'CSQU3054384', sealType: 'truck_eseal', sealNos: ['X1'] }] });
    const notMine = note({ senderUbn: YARD_B });
    const r = await t.request('POST', BASE, yardA, { notes: [good1, badDigit, good2, notMine, good1] });
    assert.equal(r.statusCode, 207, r.body);
    const results = r.json().results;
    assert.deepEqual(results.map((x: any) => [x.index, x.cnNo, x.status]), [
      [0, good1.cnNo, 201],
      [1, badDigit.cnNo, 422],
      [2, good2.cnNo, 201],
      [3, notMine.cnNo, 403],
      [4, good1.cnNo, 409],
    ]);
    assert.deepEqual(results[1].errors, [{ path: '/body/notes/1/containers/0/no', message: 'check digit is 4, expected 3', code: 'container.check_digit', params: { actual: 4, expected: 3 } }]);
    assert.deepEqual(r.json().summary, { ok: 2, failed: 3 });
    assert.equal((await t.request('GET', `${BASE}/${good2.cnNo}`, yardA)).statusCode, 200);
    assert.equal((await t.request('GET', `${BASE}/${badDigit.cnNo}`, customs)).statusCode, 404);

    const tooMany = await t.request('POST', BASE, yardA, { notes: Array.from({ length: 501 }, () => ({})) });
    assert.equal(tooMany.statusCode, 422);
    assert.deepEqual(paths(tooMany), ['/body/notes']);
  });

  it('shows a note to its sender, its destination yard and customs only, and lists incoming notes', async () => {
    const start = new Date().toISOString();
    const toB = note();
    const toC = note({ destination: 'AT001', routeCode: 'R-CD-AT-1', containers: [{ no: CONTAINERS[4], sealType: 'other', sealNos: [] }] });
    for (const n of [toB, toC]) assert.equal((await t.request('POST', BASE, yardA, n)).statusCode, 201);
    const yardC = await t.keyFor(YARD_C, ['yard_operator']);

    assert.equal((await t.request('GET', `${BASE}/${toB.cnNo}`, yardB)).statusCode, 200);
    assert.equal((await t.request('GET', `${BASE}/${toB.cnNo}`, yardC)).statusCode, 404);
    assert.equal((await t.request('GET', `${BASE}/${toB.cnNo}`, outsider)).statusCode, 404);
    assert.equal((await t.request('GET', `${BASE}/${toB.cnNo.toLowerCase()}`, customs)).statusCode, 200);

    const q = `?destination=BK001&since=${encodeURIComponent(start)}`;
    const forB = await t.request('GET', `${BASE}${q}`, yardB);
    assert.equal(forB.statusCode, 200, forB.body);
    assert.deepEqual(forB.json().map((x: any) => x.cnNo), [toB.cnNo]);
    assert.deepEqual((await t.request('GET', `${BASE}${q}`, yardC)).json(), []);
    assert.deepEqual((await t.request('GET', `${BASE}${q}`, outsider)).json(), []);
    assert.deepEqual((await t.request('GET', `${BASE}?destination=AT001&since=${encodeURIComponent(start)}`, yardC)).json().map((x: any) => x.cnNo), [toC.cnNo]);
    const all = await t.request('GET', `${BASE}?since=${encodeURIComponent(start)}`, customs);
    assert.deepEqual(all.json().map((x: any) => x.cnNo).sort(), [toB.cnNo, toC.cnNo].sort());
    const until = await t.request('GET', `${BASE}?destination=BK001&until=${encodeURIComponent(start)}&since=${encodeURIComponent(start)}`, customs);
    assert.deepEqual(until.json(), []);
    const bad = await t.request('GET', `${BASE}?since=yesterday`, customs);
    assert.equal(bad.statusCode, 422);
  });
});
