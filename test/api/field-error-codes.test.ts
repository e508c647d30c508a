// Rules checked by services, not by the request schema, still answer each field error with its own
// stable code and the values its message names, so a client can say it in zh-TW: a portal
// application, a line of a legacy transport-note upload, a gate event, a refusal by company. A 409
// names the state that stands in the way the same way, at the top level, and a 404 the resource and id.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { YARD_A, note, seedRegistry } from '../transport-notes/fixtures.ts';

const FLEET = '12345681';

describe('field errors raised by services carry their own code', () => {
  let t: TestApp;
  let fleet: string;
  let yard: string;
  const call = (method: string, url: string, token: string, body?: unknown) => t.request(method, `/api/v1${url}`, token, body);

  before(async () => {
    t = await testApp();
    await seedRegistry(t.tdb.db);
    fleet = await t.userFor(FLEET, ['fleet_operator']);
    yard = await t.keyFor(YARD_A, ['yard_operator']);
  });
  after(() => t.close());

  it('a portal application naming a vehicle of no fleet', async () => {
    const r = await call('POST', '/portal/applications', fleet, { kind: 'fleet', plates: ['KNA9999'] });
    assert.equal(r.statusCode, 422);
    assert.deepEqual(r.json().errors, [
      { path: '/body/plates/0', message: 'vehicle KNA9999 is not registered to your fleet', code: 'vehicle.not_in_fleet', params: { plate: 'KNA9999' } },
    ]);
  });

  it('a line of a CSV upload with an unknown column and a line with too many columns', async () => {
    const header = await t.app.inject({
      method: 'POST', url: '/api/v1/transport-notes/upload', headers: { authorization: `Bearer ${yard}`, 'content-type': 'text/csv' },
      payload: 'cnNo,colour\nCN1,red\n',
    });
    assert.equal(header.statusCode, 422);
    const unknown = header.json().errors.find((e: any) => e.path === '/body/header/1');
    assert.equal(unknown.code, 'csv.unknown_column');
    assert.equal(unknown.params.name, 'colour');
    const lines = await t.app.inject({
      method: 'POST', url: '/api/v1/transport-notes/upload?dryRun=true', headers: { authorization: `Bearer ${yard}`, 'content-type': 'text/csv' },
      payload: 'cnNo,plate\nCNX1,KNA6001,extra\n',
    });
    assert.equal(lines.statusCode, 200, lines.body);
    const first = lines.json().lines[0];
    assert.deepEqual(first.errors, [{ path: '', message: 'has 3 columns, the header has 2', code: 'csv.column_count', params: { actual: 3, expected: 2 } }]);
  });

  it('a gate event at no facility, with a confidence list that does not match its containers', async () => {
    const r = await call('POST', '/gate-events', yard, {
      facility: 'NOWHERE1', lane: 'OUT-1', direction: 'out', plate: 'KNA6001', containerNos: ['CSQU3054383'], source: 'ocr', confidence: { containers: [0.9, 0.8] },
    });
    assert.equal(r.statusCode, 422, r.body);
    const byPath = new Map(r.json().errors.map((e: any) => [e.path, e]));
    assert.deepEqual(byPath.get('/body/facility'), { path: '/body/facility', message: 'no facility NOWHERE1', code: 'facility.unknown', params: { code: 'NOWHERE1' } });
    assert.deepEqual((byPath.get('/body/confidence/containers') as any).params, { expected: 1 });
    for (const e of r.json().errors) assert.notEqual(e.code, 'invalid', e.path);
  });

  it('a refusal by company names its rule at the top level', async () => {
    const r = await call('POST', '/webhooks', yard, { url: 'https://example.com/hook', companyUbn: FLEET });
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().code, 'company.own_only');
    assert.deepEqual(r.json().params, { ubn: YARD_A });
  });

  it('a 404 names the kind of thing asked for and the name it was asked by, its detail unchanged', async () => {
    const note404 = await call('GET', '/transport-notes/CN404NOTE1', yard);
    assert.equal(note404.statusCode, 404, note404.body);
    assert.equal(note404.json().detail, 'Transport note CN404NOTE1 not found');
    assert.equal(note404.json().code, 'not_found');
    assert.deepEqual(note404.json().params, { resource: 'transport_note', id: 'CN404NOTE1' });
    const vehicle = await call('GET', '/vehicles/KNA9999', fleet);
    assert.equal(vehicle.statusCode, 404, vehicle.body);
    assert.equal(vehicle.json().detail, 'Vehicle KNA9999 not found');
    assert.deepEqual([vehicle.json().code, vehicle.json().params], ['not_found', { resource: 'vehicle', id: 'KNA9999' }]);
    // No route at all is a 404 of the same shape: the endpoint asked for.
    const none = await call('GET', '/no-such-thing', fleet);
    assert.equal(none.statusCode, 404);
    assert.deepEqual([none.json().code, none.json().params], ['not_found', { resource: 'endpoint', id: 'GET /api/v1/no-such-thing' }]);
  });
});

describe('a conflict names its code and the values of its detail', () => {
  let t: TestApp;
  let fleet: string;
  let yard: string;
  let officer: string;
  const call = (method: string, url: string, token: string, body?: unknown) => t.request(method, `/api/v1${url}`, token, body);

  /** The 409 answer's code and params, after checking that it is one and kept its English detail. */
  function refusal(r: Awaited<ReturnType<typeof call>>, detail: string | RegExp): { code: string; params: Record<string, unknown> } {
    assert.equal(r.statusCode, 409, r.body);
    const body = r.json();
    if (typeof detail === 'string') assert.equal(body.detail, detail);
    else assert.match(body.detail, detail);
    return { code: body.code, params: body.params };
  }

  before(async () => {
    t = await testApp();
    await seedRegistry(t.tdb.db);
    fleet = await t.userFor(FLEET, ['fleet_operator']);
    yard = await t.keyFor(YARD_A, ['yard_operator']);
    officer = await t.keyFor(CUSTOMS_UBN, ['customs_officer']);
  });
  after(() => t.close());

  it('a username that is taken', async () => {
    const user = { username: 'lin.taken', name: 'Lin', companyUbn: YARD_A, roles: ['yard_operator'], password: 'a long enough passphrase' };
    assert.equal((await call('POST', '/users', t.adminKey, user)).statusCode, 201);
    const r = await call('POST', '/users', t.adminKey, { ...user, name: 'Another Lin' });
    assert.deepEqual(refusal(r, 'Username lin.taken is taken'), { code: 'username.taken', params: { username: 'lin.taken' } });
  });

  it('acknowledging or resolving an alert that is resolved', async () => {
    await t.tdb.db.query(
      `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, cn_nos, detail, opened_at, status, resolution, visible_to)
       values ('ALR-R1', 'seal_link_lost', 'medium', 3, 'TR-CN1', 'KNA6001', '{CN1}', '{}', now(), 'resolved', 'false_alarm', '{}')`,
    );
    assert.deepEqual(refusal(await call('POST', '/alerts/ALR-R1/ack', officer), 'Alert ALR-R1 is resolved'), { code: 'alert.resolved', params: { id: 'ALR-R1' } });
    const again = await call('POST', '/alerts/ALR-R1/resolve', officer, { resolution: 'explained', note: 'again' });
    assert.deepEqual(refusal(again, 'Alert ALR-R1 is already resolved (false_alarm)'), { code: 'alert.resolved', params: { id: 'ALR-R1', resolution: 'false_alarm' } });
    // In a bulk acknowledgement the failed alert carries the same code beside its detail.
    const bulk = (await call('POST', '/alerts/ack', officer, { alertIds: ['ALR-R1'] })).json().results[0];
    assert.deepEqual([bulk.status, bulk.code, bulk.params], [409, 'alert.resolved', { id: 'ALR-R1' }]);
  });

  it('registering a device that exists, and changing its kind', async () => {
    assert.equal((await call('POST', '/devices', fleet, { id: 'SEAL-409', kind: 'seal' })).statusCode, 201);
    const twice = await call('POST', '/devices', fleet, { id: 'SEAL-409', kind: 'seal' });
    assert.deepEqual(refusal(twice, 'Device SEAL-409 exists'), { code: 'device.exists', params: { id: 'SEAL-409' } });
    const kind = await call('PUT', '/devices/SEAL-409', fleet, { id: 'SEAL-409', kind: 'obu' });
    assert.deepEqual(refusal(kind, /^Device SEAL-409 is a seal;/), { code: 'device.kind_fixed', params: { id: 'SEAL-409', kind: 'seal' } });
  });

  it('a transport note sent twice as an original, alone and in a batch', async () => {
    const n = note();
    assert.equal((await call('POST', '/transport-notes', yard, n)).statusCode, 201);
    const r = await call('POST', '/transport-notes', yard, n);
    assert.deepEqual(refusal(r, new RegExp(`^transport note ${n.cnNo} exists \\(version 1\\)`)), { code: 'cn.exists', params: { cnNo: n.cnNo, version: 1 } });
    const batch = await call('POST', '/transport-notes', yard, { notes: [n] });
    assert.equal(batch.statusCode, 207, batch.body);
    const [item] = batch.json().results;
    assert.deepEqual([item.status, item.code, item.params], [409, 'cn.exists', { cnNo: n.cnNo, version: 1 }]);
  });
});
