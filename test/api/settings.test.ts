import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALERT_PARAMS } from '../../src/core/alert-params.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('settings: the global alert thresholds', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('starts from the defaults', async () => {
    const r = await t.request('GET', '/api/v1/settings/alert-params', t.adminKey);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().params, {});
    assert.deepEqual(r.json().effective, DEFAULT_ALERT_PARAMS);
  });

  it('stores a change, audits it with before and after, and hands it to the engine', async () => {
    const first = await t.request('PUT', '/api/v1/settings/alert-params', t.adminKey, { stopMinMinutes: 10, corridorWidthM: 150 });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().effective.stopMinMinutes, 10);
    assert.equal(first.json().effective.signalLostSeconds, DEFAULT_ALERT_PARAMS.signalLostSeconds);
    const second = await t.request('PUT', '/api/v1/settings/alert-params', t.adminKey, { stopMinMinutes: 12 });
    assert.deepEqual(second.json().params, { stopMinMinutes: 12 }, 'a PUT replaces the whole set');
    assert.deepEqual((await t.request('GET', '/api/v1/settings/alert-params', t.adminKey)).json().params, { stopMinMinutes: 12 });

    const inputs = t.sink.inputs.filter((i) => i.type === 'alertParams').map((i) => i.data);
    assert.deepEqual(inputs, [{ stopMinMinutes: 10, corridorWidthM: 150 }, { stopMinMinutes: 12 }]);
    const audit = (await t.request('GET', '/api/v1/audit?resource=settings', t.adminKey)).json();
    assert.equal(audit.length, 2);
    assert.deepEqual(audit[0].before, { stopMinMinutes: 10, corridorWidthM: 150 });
    assert.deepEqual(audit[0].after, { stopMinMinutes: 12 });
  });

  it('names an unknown or negative threshold and changes nothing', async () => {
    const before = t.sink.inputs.length;
    const unknown = await t.request('PUT', '/api/v1/settings/alert-params', t.adminKey, { stopMinutes: 5 });
    assert.equal(unknown.statusCode, 422, unknown.body);
    assert.match(JSON.stringify(unknown.json().errors), /stopMinutes/);
    const negative = await t.request('PUT', '/api/v1/settings/alert-params', t.adminKey, { signalLostSeconds: -1 });
    assert.equal(negative.statusCode, 422, negative.body);
    assert.match(JSON.stringify(negative.json().errors), /signalLostSeconds/);
    assert.equal(t.sink.inputs.length, before);
  });

  it('lets customs officers read, only a customs admin write, and nobody else in', async () => {
    const officer = await t.userFor(CUSTOMS_UBN, ['customs_officer']);
    assert.equal((await t.request('GET', '/api/v1/settings/alert-params', officer)).statusCode, 200);
    assert.equal((await t.request('PUT', '/api/v1/settings/alert-params', officer, { stopMinMinutes: 1 })).statusCode, 403);
    const yard = await t.keyFor('04595252', ['yard_operator']);
    assert.equal((await t.request('GET', '/api/v1/settings/alert-params', yard)).statusCode, 403);
    assert.equal((await t.request('GET', '/api/v1/settings/alert-params')).statusCode, 401);
  });
});
