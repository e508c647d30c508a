// A registry write's rows, its audit entry and its engine inputs commit together or not at all:
// when the input log cannot be written, the request fails and nothing of it is left behind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { TERMINAL, UBN } from './fixtures.ts';

const V1 = '/api/v1';

/** Everything a registry write may change: the three tables, the audit trail and the inputs handed over. */
async function state(t: TestApp) {
  const q = (sql: string) => t.tdb.db.query(sql);
  return {
    facilities: await q('select * from facilities order by code'),
    vehicles: await q('select * from vehicles order by plate'),
    devices: await q('select * from devices order by id'),
    audit: await q('select * from audit_log order by id'),
    inputs: t.sink.inputs.length,
  };
}

type Step = { method: string; url: string; body?: unknown; status: number; action: string; input: string };

describe('registry writes are atomic with their audit entry and engine inputs', () => {
  let t: TestApp;
  let fleet: string;
  before(async () => {
    t = await testApp();
    fleet = await t.userFor(UBN.fleetA, ['fleet_operator']);
  });
  after(() => t.close());

  /** With the input log failing the step leaves no trace; with it working, row, audit entry and input are all there. */
  async function check(token: string, resource: string, id: string, step: Step) {
    const was = await state(t);
    t.sink.failing = true;
    try {
      const failed = await t.request(step.method, step.url, token, step.body);
      assert.equal(failed.statusCode, 500, `${step.method} ${step.url}: ${failed.body}`);
    } finally {
      t.sink.failing = false;
    }
    assert.deepEqual(await state(t), was, `${step.method} ${step.url} left something behind`);

    const ok = await t.request(step.method, step.url, token, step.body);
    assert.equal(ok.statusCode, step.status, ok.body);
    const now = await state(t);
    const entries = now.audit.slice(was.audit.length);
    assert.deepEqual(
      entries.map((e) => [e.action, e.resource, e.resource_id]),
      [[step.action, resource, id]],
    );
    const inputs = t.sink.inputs.slice(was.inputs);
    assert.ok(inputs.some((i) => i.type === step.input), `${step.input} in ${inputs.map((i) => i.type)}`);
    return now;
  }

  it('a facility: create, replace, delete', async () => {
    const url = `${V1}/facilities/BK006`;
    let s = await check(t.adminKey, 'facility', 'BK006', { method: 'POST', url: `${V1}/facilities`, body: TERMINAL, status: 201, action: 'create', input: 'facility' });
    assert.deepEqual(s.facilities.map((f) => f.code), ['BK006']);
    s = await check(t.adminKey, 'facility', 'BK006', { method: 'PUT', url, body: { ...TERMINAL, name: 'Terminal 6' }, status: 200, action: 'update', input: 'facility' });
    assert.equal(s.facilities[0].name, 'Terminal 6');
    s = await check(t.adminKey, 'facility', 'BK006', { method: 'DELETE', url, status: 204, action: 'delete', input: 'referenceDeleted' });
    assert.deepEqual(s.facilities, []);
  });

  it('a vehicle and the OBU installed on it: create, replace, delete', async () => {
    const vehicle = { plate: 'KNA6001', kind: 'tractor', category: 1 };
    let s = await check(fleet, 'vehicle', 'KNA6001', { method: 'POST', url: `${V1}/vehicles`, body: vehicle, status: 201, action: 'create', input: 'vehicle' });
    assert.deepEqual(s.vehicles.map((v) => v.plate), ['KNA6001']);
    s = await check(fleet, 'vehicle', 'KNA6001', { method: 'PUT', url: `${V1}/vehicles/KNA6001`, body: { ...vehicle, category: 3 }, status: 200, action: 'update', input: 'vehicle' });
    assert.equal(s.vehicles[0].category, 3);

    const obu = { id: 'OBU-1', kind: 'obu', model: 'X1', plate: 'KNA6001' };
    s = await check(fleet, 'device', 'OBU-1', { method: 'POST', url: `${V1}/devices`, body: obu, status: 201, action: 'create', input: 'device' });
    assert.deepEqual(s.devices.map((d) => d.id), ['OBU-1']);
    assert.equal(s.vehicles[0].obu_id, 'OBU-1', 'the link to the vehicle is part of the same write');
    s = await check(fleet, 'device', 'OBU-1', { method: 'PUT', url: `${V1}/devices/OBU-1`, body: { ...obu, model: 'X2' }, status: 200, action: 'update', input: 'device' });
    assert.equal(s.devices[0].body.model, 'X2');
    s = await check(fleet, 'device', 'OBU-1', { method: 'DELETE', url: `${V1}/devices/OBU-1`, status: 204, action: 'delete', input: 'referenceDeleted' });
    assert.deepEqual(s.devices, []);
    assert.equal(s.vehicles[0].obu_id, null);

    s = await check(fleet, 'vehicle', 'KNA6001', { method: 'DELETE', url: `${V1}/vehicles/KNA6001`, status: 204, action: 'delete', input: 'referenceDeleted' });
    assert.deepEqual(s.vehicles, []);
  });
});
