// The portal's services through the API: an application's whole course (filed, taken up, decided
// with a note, every step kept for the applicant, another company answered 404), an approved
// account request that logs in, the published lists, what customs publishes, a CN checked without
// being stored, and its printed PDF.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { square } from '../registry/fixtures.ts';

const A = '12345681';
const B = '12345704';
let t: TestApp;
let fleetA: string, fleetB: string, supplierA: string, officer: string, yardA: string, traderA: string;
const call = async (method: string, url: string, token?: string, body?: unknown) => {
  const r = await t.request(method, `/api/v1${url}`, token, body);
  return { status: r.statusCode, json: r.body ? (() => { try { return r.json(); } catch { return r.body; } })() : undefined, raw: r };
};

describe('portal API', () => {
  before(async () => {
    t = await testApp();
    fleetA = await t.userFor(A, ['fleet_operator']);
    fleetB = await t.userFor(B, ['fleet_operator']);
    supplierA = await t.userFor(A, ['supplier']);
    yardA = await t.userFor(A, ['yard_operator']);
    traderA = await t.userFor(A, ['trader']);
    officer = await t.userFor(CUSTOMS_UBN, ['customs_officer']);
  });
  after(() => t.close());

  it('a fleet registration goes from filed to approved with a note, visible to its company only, and lists the fleet', async () => {
    assert.equal((await call('POST', '/vehicles', fleetA, { plate: 'KNA7001', kind: 'tractor', category: 1 })).status, 201);
    const bad = await call('POST', '/portal/applications', fleetA, { kind: 'fleet', plates: ['KNA7001', 'KNA9999'] });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.errors[0].path, '/body/plates/1');
    const filed = await call('POST', '/portal/applications', fleetA, { kind: 'fleet', plates: ['KNA7001'], note: 'first truck' });
    assert.equal(filed.status, 201, JSON.stringify(filed.json));
    const id = filed.json.id;
    assert.equal(filed.json.status, 'submitted');
    assert.equal((await call('GET', `/portal/applications/${id}`, fleetB)).status, 404);
    assert.deepEqual((await call('GET', '/portal/applications', fleetB)).json, []);
    assert.equal((await call('POST', `/portal/applications/${id}/decision`, officer, { decision: 'rejected' })).status, 422, 'a rejection says why');
    assert.equal((await call('POST', `/portal/applications/${id}/decision`, officer, { decision: 'in_review' })).status, 200);
    const decided = await call('POST', `/portal/applications/${id}/decision`, officer, { decision: 'approved', note: 'meets the requirements' });
    assert.equal(decided.json.status, 'approved');
    const seen = (await call('GET', `/portal/applications/${id}`, fleetA)).json;
    assert.deepEqual(seen.steps.map((s: any) => s.status), ['submitted', 'in_review', 'approved']);
    assert.equal(seen.decisionNote, 'meets the requirements');
    // The decision (not the taking up) is handed to the notifier once, for the applicant's company.
    const told = await t.ctx.db.query<{ payload: any }>(`select payload from notification_events where kind = 'application_decided' and payload->>'applicationId' = $1`, [id]);
    assert.deepEqual(told.map((r) => [r.payload.decision, r.payload.companyUbn, r.payload.note]), [['approved', A, 'meets the requirements']]);
    assert.equal((await call('POST', `/portal/applications/${id}/decision`, officer, { decision: 'rejected', note: 'x' })).status, 409);
    const fleets = (await call('GET', '/portal/approved-fleets')).json;
    assert.deepEqual(fleets.map((f: any) => [f.companyUbn, f.vehicles]), [[A, 1]]);
    const audit = await t.tdb.db.query(`select action from audit_log where resource = 'portal_application' and resource_id = $1 order by id`, [id]);
    assert.deepEqual(audit.map((r) => r.action), ['apply', 'review', 'approve']);
  });

  it('a supplier’s type approval is listed once approved; only suppliers file one', async () => {
    assert.equal((await call('POST', '/portal/applications', fleetA, { kind: 'type_approval', model: 'X', deviceKind: 'obu', manufacturer: 'Y' })).status, 403);
    const filed = await call('POST', '/portal/applications', supplierA, { kind: 'type_approval', model: 'SW-OBU-2', deviceKind: 'obu', manufacturer: '台灣電子', protocols: ['mqtt'] });
    assert.equal(filed.status, 201);
    assert.deepEqual((await call('GET', '/portal/certified-devices')).json, []);
    await call('POST', `/portal/applications/${filed.json.id}/decision`, officer, { decision: 'approved', note: 'tested' });
    const list = (await call('GET', '/portal/certified-devices')).json;
    assert.equal(list[0].model, 'SW-OBU-2');
    assert.equal(list[0].manufacturer, '台灣電子');
  });

  it('an approved account request makes an account that logs in with the password chosen when filing', async () => {
    const filed = await call('POST', '/portal/applications', traderA, { kind: 'account', username: 'trader.lin', name: '林小姐', roles: ['trader'], password: 'a long password 1' });
    assert.equal(filed.status, 201);
    assert.equal(JSON.stringify(filed.json).includes('password'), false);
    assert.equal((await call('POST', '/portal/applications', traderA, { kind: 'account', username: 'x.y', name: 'X', roles: ['customs_admin'], password: 'a long password 1' })).status, 422);
    await call('POST', `/portal/applications/${filed.json.id}/decision`, officer, { decision: 'approved', note: 'ok' });
    const login = await t.request('POST', '/api/v1/auth/login', undefined, { username: 'trader.lin', password: 'a long password 1' });
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.json().user.companyUbn, A);
  });

  it('customs admin publishes a download anyone reads; others may not publish', async () => {
    const body = { kind: 'download', category: 'manual', title: '車機操作手冊', file: { name: 'manual.txt', contentType: 'text/plain', base64: Buffer.from('手冊').toString('base64') } };
    assert.equal((await call('POST', '/portal/announcements', officer, body)).status, 403);
    const pub = await call('POST', '/portal/announcements', t.adminKey, body);
    assert.equal(pub.status, 201, JSON.stringify(pub.json));
    const list = (await call('GET', '/portal/announcements')).json;
    assert.equal(list[0].title, '車機操作手冊');
    const file = await t.request('GET', list[0].file.href);
    assert.equal(file.statusCode, 200);
    assert.equal(file.body, '手冊');
    assert.equal((await call('DELETE', `/portal/announcements/${pub.json.id}`, t.adminKey)).status, 204);
    assert.deepEqual((await call('GET', '/portal/announcements')).json, []);
  });

  it('a CN is checked without being stored (the same errors as sending it), then sent and printed as a PDF', async () => {
    for (const [code, lon] of [['YA1', 120.3], ['YA2', 120.4]] as const) {
      await call('POST', '/facilities', t.adminKey, { code, name: code === 'YA1' ? '高雄港第五貨櫃中心' : '台中港貨櫃場', kind: 'container_yard', area: square(lon, 22.6), operatorUbn: A, storageCodes: [`S${code}`] });
    }
    await call('POST', '/routes', t.adminKey, { code: 'RT-YA', origin: 'YA1', destination: 'YA2', path: { type: 'LineString', coordinates: [[120.3, 22.6], [120.4, 22.6]] }, maxDurationMin: 60 });
    await call('POST', '/drivers', fleetA, { nationalId: 'A123456789', name: '王大明' });
    const note = {
      cnNo: 'CNA00000077', function: '9', senderUbn: A, origin: 'YA1', destination: 'YA2',
      containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S-77'] }],
      plate: 'KNA7001', driverId: 'A123456789', transportCategory: 1, requiresConfirmation: false,
    };
    const badCheck = await call('POST', '/transport-notes/validate', yardA, { ...note, containers: [{ no: 'CSQU3054384', sealType: 'truck_eseal', sealNos: ['S-77'] }] });
    const badSend = await call('POST', '/transport-notes', yardA, { ...note, containers: [{ no: 'CSQU3054384', sealType: 'truck_eseal', sealNos: ['S-77'] }] });
    assert.equal(badCheck.json.valid, false);
    assert.deepEqual(badCheck.json.errors, badSend.json.errors);
    const ok = await call('POST', '/transport-notes/validate', yardA, note);
    assert.deepEqual(ok.json, { valid: true, errors: [] });
    assert.equal((await call('GET', '/transport-notes/CNA00000077', yardA)).status, 404, 'nothing stored');
    assert.equal((await call('POST', '/transport-notes', yardA, note)).status, 201);
    const mine = (await call('GET', '/portal/transport-notes', yardA)).json;
    assert.equal(mine[0].cnNo, 'CNA00000077');
    const pdf = await t.request('GET', '/api/v1/transport-notes/CNA00000077/pdf', yardA);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.rawPayload.length > 5000, 'carries the embedded font subset and the QR image');
    assert.equal((await t.request('GET', '/api/v1/transport-notes/CNA00000077/pdf', fleetB)).statusCode, 404);
  });

  it('a trader reads the timeline of a container of its own declaration only', async () => {
    const clearance = { declarationNo: 'AA13100001', kind: 'import', containerNos: ['CSQU3054383'], status: 'released', releaseCode: '1', statusAt: '2026-12-01T08:00:00+08:00', importerUbn: A };
    assert.equal((await call('POST', '/clearances', t.adminKey, clearance)).status, 201);
    const seen = await call('GET', '/portal/declarations/AA13100001/containers/CSQU3054383', traderA);
    assert.equal(seen.status, 200, JSON.stringify(seen.json));
    assert.deepEqual(seen.json.timeline.map((e: any) => e.kind), ['clearance_released']);
    const traderB = await t.userFor(B, ['trader']);
    assert.equal((await call('GET', '/portal/declarations/AA13100001/containers/CSQU3054383', traderB)).status, 404);
    assert.equal((await call('GET', '/portal/declarations/AA13100001/containers/MSCU1234566', traderA)).status, 404, 'not a container of the declaration');
  });

  it('a trader follows declarations of its own, one entry each', async () => {
    assert.equal((await call('POST', '/portal/subscriptions', traderA, { declarationNo: 'aa 1234567890' })).status, 201);
    assert.equal((await call('POST', '/portal/subscriptions', traderA, { declarationNo: 'AA1234567890' })).status, 201);
    assert.deepEqual((await call('GET', '/portal/subscriptions', traderA)).json.map((s: any) => s.declarationNo), ['AA1234567890']);
    assert.equal((await call('POST', '/portal/subscriptions', traderA, { declarationNo: '!' })).status, 422);
    assert.equal((await call('DELETE', '/portal/subscriptions/AA1234567890', traderA)).status, 204);
    assert.deepEqual((await call('GET', '/portal/subscriptions', traderA)).json, []);
  });
});
