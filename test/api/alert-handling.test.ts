// Handling alerts in bulk and knowing what to do: several alerts acknowledged in one request with a
// result for each (audited one by one), the procedure for each alert type (built-in, then as the
// customs admin edits it, validated and audited), and the context an officer calls from.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { DEFAULT_PROCEDURES } from '../../src/alert-procedures/defaults.ts';
import { ALERT_TYPES } from '../../src/core/types.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const FLEET = '53000019';
const YARD = '27000014';

describe('alert handling', () => {
  let t: TestApp;
  let officer: string;

  const alert = (id: string, type: string, severity: string, status = 'open', detail: object = {}) =>
    t.tdb.db.query(
      `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, cn_nos, detail, opened_at, status, visible_to)
       values ($1, $2, $3, 3, 'TR-CN1', 'KNA6001', '{CN1}', $4, now(), $5, '{}')`,
      [id, type, severity, JSON.stringify(detail), status],
    );

  before(async () => {
    t = await testApp();
    officer = await t.keyFor(CUSTOMS_UBN, ['customs_officer']);
    await alert('A1', 'low_battery', 'low');
    await alert('A2', 'low_battery', 'low', 'acknowledged');
    await alert('A3', 'seal_link_lost', 'medium', 'resolved');
    await alert('T1', 'seal_tamper', 'critical', 'open', { sealId: 'S1', sealIds: ['S1', 'S2'] });
  });
  after(() => t.close());

  it('acknowledges several alerts in one request, each with its own result and audit entry', async () => {
    const r = await t.request('POST', '/api/v1/alerts/ack', officer, { alertIds: ['A1', 'A2', 'A3', 'NOPE'] });
    assert.equal(r.statusCode, 200, r.body);
    const results = r.json().results.map((x: any) => [x.alertId, x.outcome, x.status]);
    assert.deepEqual(results, [['A1', 'acknowledged', 200], ['A2', 'unchanged', 200], ['A3', 'failed', 409], ['NOPE', 'failed', 404]]);
    assert.equal(r.json().results[0].alert.status, 'acknowledged');
    const [row] = await t.tdb.db.query(`select status, acknowledged_by from alerts where alert_id = 'A1'`);
    assert.equal(row.status, 'acknowledged');
    assert.match(row.acknowledged_by, /^key:/);
    const audited = await t.tdb.db.query(`select resource_id from audit_log where resource = 'alert' and action = 'acknowledged' order by resource_id`);
    assert.deepEqual(audited.map((a) => a.resource_id), ['A1', 'A2']);
  });

  it('refuses a bulk acknowledgement that is empty, repeats an id or comes from outside customs', async () => {
    assert.equal((await t.request('POST', '/api/v1/alerts/ack', officer, { alertIds: [] })).statusCode, 422);
    const dup = await t.request('POST', '/api/v1/alerts/ack', officer, { alertIds: ['A1', 'A1'] });
    assert.equal(dup.statusCode, 422);
    assert.equal(dup.json().errors[0].path, '/body/alertIds');
    const fleet = await t.keyFor(FLEET, ['fleet_operator']);
    assert.equal((await t.request('POST', '/api/v1/alerts/ack', fleet, { alertIds: ['A1'] })).statusCode, 403);
  });

  it('has a built-in procedure in both languages for every alert type', async () => {
    const r = await t.request('GET', '/api/v1/alert-procedures', officer);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json().map((p: any) => p.alertType), [...ALERT_TYPES]);
    for (const p of r.json()) {
      assert.ok(p.builtIn && p.steps['zh-TW'].length > 0 && p.steps['zh-TW'].length === p.steps.en.length, p.alertType);
      assert.ok(p.steps.en.every((s: string) => !/[\u4e00-\u9fff]/.test(s)), `${p.alertType}: English steps in English`);
    }
  });

  it('lets the customs admin edit a procedure, validated and audited; officers only read', async () => {
    const steps = { 'zh-TW': ['  致電駕駛  ', '通知業者'], en: ['Call the driver', 'Inform the company'] };
    assert.equal((await t.request('PUT', '/api/v1/alert-procedures/seal_tamper', officer, { steps })).statusCode, 403);
    const blank = await t.request('PUT', '/api/v1/alert-procedures/seal_tamper', t.adminKey, { steps: { ...steps, en: ['Call the driver', '   '] } });
    assert.equal(blank.statusCode, 422);
    assert.deepEqual(blank.json().errors, [{ path: '/steps/en/1', message: 'must not be blank', code: 'string.too_short', params: { limit: 1 } }]);
    const uneven = await t.request('PUT', '/api/v1/alert-procedures/seal_tamper', t.adminKey, { steps: { ...steps, en: ['Call'] } });
    assert.equal(uneven.statusCode, 422);
    assert.equal((await t.request('PUT', '/api/v1/alert-procedures/no_such_type', t.adminKey, { steps })).statusCode, 404);
    const ok = await t.request('PUT', '/api/v1/alert-procedures/seal_tamper', t.adminKey, { steps });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().steps['zh-TW'], ['致電駕駛', '通知業者']);
    assert.equal(ok.json().builtIn, false);
    const read = await t.request('GET', '/api/v1/alert-procedures/seal_tamper', officer);
    assert.deepEqual(read.json().steps.en, steps.en);
    const [entry] = await t.tdb.db.query(`select before, after from audit_log where resource = 'alert_procedure' and action = 'alert_procedure.update'`);
    assert.deepEqual(entry.before.steps.en, DEFAULT_PROCEDURES.seal_tamper.en);
    assert.deepEqual(entry.after.steps.en, steps.en);
    const reset = await t.request('DELETE', '/api/v1/alert-procedures/seal_tamper', t.adminKey);
    assert.equal(reset.json().builtIn, true);
  });

  it('gives the officer the seals, driver, fleet and yard contacts and the procedure of an alert', async () => {
    const db = t.tdb.db;
    for (const [ubn, name, phone] of [[FLEET, 'Fleet Co', '07-1'], [YARD, 'Yard Co', '07-2']]) {
      await db.query(`insert into companies (ubn, name, roles, contact_name, contact_phone) values ($1, $2, '{fleet,yard}', 'Desk', $3)
         on conflict (ubn) do update set name = excluded.name, contact_name = excluded.contact_name, contact_phone = excluded.contact_phone`, [ubn, name, phone]);
    }
    await db.query(`insert into drivers (national_id, name, fleet_ubn, body, phone) values ('A123456789', '王大明', $1, '{}', '0900-123456')`, [FLEET]);
    await db.query(`insert into vehicles (plate, kind, category, fleet_ubn, body) values ('KNA6001', 'tractor', 1, $1, '{}')`, [FLEET]);
    await db.query(
      `insert into transport_notes (cn_no, version, status, sender_ubn, origin, destination, plate, driver_id, requires_confirmation, body)
       values ('CN1', 1, 'live', $1, 'KHH-T1', 'TPE-Y1', 'KNA6001', 'A123456789', false, '{}')`,
      [YARD],
    );
    const r = await t.request('GET', '/api/v1/alerts/T1/context', officer);
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json();
    assert.deepEqual(c.sealIds, ['S1', 'S2']);
    assert.deepEqual(c.driver, { nationalId: 'A123456789', name: '王大明', phone: '0900-123456' });
    assert.equal(c.fleet.name, 'Fleet Co');
    assert.equal(c.fleet.contactPhone, '07-1');
    assert.equal(c.yard.contactPhone, '07-2');
    assert.deepEqual(c.procedure.steps.en, DEFAULT_PROCEDURES.seal_tamper.en);
    const fleetKey = await t.keyFor(FLEET, ['fleet_operator']);
    assert.equal((await t.request('GET', '/api/v1/alerts/T1/context', fleetKey)).statusCode, 403, 'phones are for customs');
  });
});
