// Rules checked by services, not by the request schema, still answer each field error with its own
// stable code and the values its message names, so a client can say it in zh-TW: a portal
// application, a line of a legacy transport-note upload, a gate event, a refusal by company.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { YARD_A, seedRegistry } from '../transport-notes/fixtures.ts';

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
});
