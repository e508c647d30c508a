// A fleet's device health: the engine's last known battery, seal state and report time of each
// device (deviceStatus), and, through the API, each company's own devices only, with an OBU's
// newest stored fix where the engine has not heard from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deviceStatus } from '../../src/engine/index.ts';
import { testApp } from '../helpers/app.ts';
import { LAT, Sim, iso } from '../engine/scenario.ts';

test('the engine tells a device’s battery, seal state, link and newest report', () => {
  const sim = new Sim().setup();
  sim.apply('vehicle', { plate: 'KLA6002', kind: 'tractor', category: 1, obuId: 'OBU2' });
  sim.apply('device', { id: 'OBU2', kind: 'obu', plate: 'KLA6002' });
  sim.apply('device', { id: 'S9', kind: 'seal', obuId: 'OBU2' });
  assert.equal(deviceStatus(sim.st, 'NOBODY'), null);
  const at = sim.wait(30).t;
  sim.apply('telemetry', { deviceId: 'OBU2', ts: iso(at), lat: LAT, lon: 120.3, speedKmh: 0, hdop: 1, battery: 81, seals: [{ id: 'S9', state: 'locked', link: 'ok', battery: 64 }] });
  const obu = deviceStatus(sim.st, 'OBU2')!;
  assert.deepEqual({ ...obu, lastTs: Date.parse(obu.lastTs!) }, { battery: 81, sealState: null, link: null, lastTs: at });
  const seal = deviceStatus(sim.st, 'S9')!;
  assert.deepEqual({ ...seal, lastTs: Date.parse(seal.lastTs!) }, { battery: 64, sealState: 'locked', link: 'ok', lastTs: at });
});

test('GET /portal/device-health lists the caller’s company’s devices only', async () => {
  const t = await testApp();
  try {
    const A = '12345681';
    const B = '12345704';
    const fleetA = await t.userFor(A, ['fleet_operator']);
    const fleetB = await t.userFor(B, ['fleet_operator']);
    const ok = async (method: string, url: string, token: string, body?: unknown) => {
      const r = await t.request(method, `/api/v1${url}`, token, body);
      assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
      return r.json();
    };
    await ok('POST', '/vehicles', fleetA, { plate: 'KNA7001', kind: 'tractor', category: 1 });
    await ok('POST', '/devices', fleetA, { id: 'OBU-A1', kind: 'obu', plate: 'KNA7001' });
    await ok('POST', '/devices', fleetA, { id: 'SEAL-A1', kind: 'seal' });
    await t.tdb.db.query(
      `insert into positions (input_seq, device_id, plate, ts, lat, lon, received_at) values (1, 'OBU-A1', 'KNA7001', '2026-12-01T02:00:00Z', 22.6, 120.3, now())`,
    );
    const mine = await ok('GET', '/portal/device-health', fleetA);
    assert.deepEqual(
      mine.map((d: any) => [d.id, d.kind, d.lastReportAt]),
      [['OBU-A1', 'obu', '2026-12-01T02:00:00.000Z'], ['SEAL-A1', 'seal', null]],
    );
    assert.deepEqual(await ok('GET', '/portal/device-health', fleetB), []);
  } finally {
    await t.close();
  }
});
