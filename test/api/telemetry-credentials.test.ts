// Who may post telemetry for which device: a device for itself, a gateway key for the devices it is
// scoped to, nobody else (a fleet's or supplier's ordinary key or session feeds no trip). A report
// for a device the credentials do not cover is refused by itself; the rest of the batch is kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { UBN } from '../registry/fixtures.ts';

const basic = (deviceId: string, secret: string) => `Basic ${Buffer.from(`${deviceId}:${secret}`).toString('base64')}`;

describe('POST /telemetry credentials', () => {
  let t: TestApp;
  const secrets: Record<string, string> = {};
  let fleetKey: string;

  const report = (deviceId: string, extra: object = {}) => ({ deviceId, ts: new Date().toISOString(), lat: 22.6, lon: 120.3, ...extra });
  const post = (auth: string, body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: auth }, payload: body as object });
  const reportedDevices = () => t.sink.inputs.filter((i) => i.type === 'telemetry').map((i) => (i.data as { deviceId: string }).deviceId);

  before(async () => {
    t = await testApp();
    fleetKey = await t.keyFor(UBN.fleetA, ['fleet_operator']);
    await t.keyFor(UBN.fleetB, ['fleet_operator']);
    for (const [id, owner] of [['OBU-A', UBN.fleetA], ['OBU-A2', UBN.fleetA], ['OBU-B', UBN.fleetB]]) {
      const r = await t.request('POST', '/api/v1/devices', t.adminKey, { id, kind: 'obu', ownerUbn: owner });
      assert.equal(r.statusCode, 201, r.body);
      secrets[id] = r.json().secret;
    }
  });
  after(() => t.close());

  it('refuses a fleet operator\'s or supplier\'s ordinary key and a session, even for their own device', async () => {
    const before = t.sink.inputs.length;
    const supplierKey = await t.keyFor(UBN.supplier, ['supplier']);
    const session = await t.userFor(UBN.fleetA, ['fleet_operator']);
    for (const token of [fleetKey, supplierKey, session, t.adminKey]) {
      const r = await post(`Bearer ${token}`, report('OBU-A'));
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.equal(t.sink.inputs.length, before, 'nothing reached the engine');
  });

  it('keeps a device\'s own reports and names each one it made for another device', async () => {
    t.sink.inputs.length = 0;
    const r = await post(basic('OBU-A', secrets['OBU-A']), [report('OBU-A'), report('OBU-B'), { ts: new Date().toISOString(), lat: 22.7, lon: 120.3 }]);
    assert.equal(r.statusCode, 202, r.body);
    assert.equal(r.json().accepted, 2);
    assert.equal(r.json().rejected, 1);
    assert.deepEqual(r.json().errors.map((e: any) => e.path), ['/body/1/deviceId']);
    assert.match(r.json().errors[0].message, /OBU-A may only report for itself/);
    assert.deepEqual(reportedDevices(), ['OBU-A', 'OBU-A']);

    const alone = await post(basic('OBU-A', secrets['OBU-A']), report('OBU-B'));
    assert.equal(alone.statusCode, 403);
    assert.deepEqual(alone.json().errors.map((e: any) => e.path), ['/body/deviceId']);
    assert.deepEqual(reportedDevices(), ['OBU-A', 'OBU-A']);
  });

  it('scopes a gateway key to its company\'s devices at creation, audited', async () => {
    const other = await t.request('POST', '/api/v1/api-keys', fleetKey, { name: 'gw', companyUbn: UBN.fleetA, roles: ['fleet_operator'], devices: ['OBU-B', 'NOPE'] });
    assert.equal(other.statusCode, 422, other.body);
    assert.deepEqual(other.json().errors.map((e: any) => e.path), ['/body/devices/0', '/body/devices/1']);

    const r = await t.request('POST', '/api/v1/api-keys', fleetKey, { name: 'yard gateway', companyUbn: UBN.fleetA, roles: ['fleet_operator'], devices: ['OBU-A'] });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(r.json().devices, ['OBU-A']);
    const [row] = await t.ctx.db.query(`select after from audit_log where resource = 'api_key' and resource_id = $1 and action = 'create'`, [r.json().id]);
    assert.deepEqual(row.after.devices, ['OBU-A']);
    const listed = await t.request('GET', '/api/v1/api-keys', fleetKey);
    assert.deepEqual(listed.json().find((k: any) => k.id === r.json().id).devices, ['OBU-A']);
  });

  it('takes a gateway key\'s reports for its devices only, item by item', async () => {
    const created = await t.request('POST', '/api/v1/api-keys', fleetKey, { name: 'gw', companyUbn: UBN.fleetA, roles: ['fleet_operator'], devices: ['OBU-A', 'OBU-A2'] });
    const gateway = `Bearer ${created.json().key}`;
    t.sink.inputs.length = 0;
    const r = await post(gateway, [report('OBU-A'), report('OBU-B'), report('OBU-A2', { lat: 95 })]);
    assert.equal(r.statusCode, 202, r.body);
    assert.deepEqual({ accepted: r.json().accepted, rejected: r.json().rejected }, { accepted: 1, rejected: 2 });
    assert.deepEqual(r.json().errors.map((e: any) => e.path), ['/body/1/deviceId', '/body/2/lat']);
    assert.match(r.json().errors[0].message, /not scoped to device OBU-B/);
    assert.deepEqual(reportedDevices(), ['OBU-A']);

    const foreign = await post(gateway, report('OBU-B'));
    assert.equal(foreign.statusCode, 403);
    assert.deepEqual(foreign.json().errors.map((e: any) => e.path), ['/body/deviceId']);
    assert.deepEqual(reportedDevices(), ['OBU-A']);
  });
});
