import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMPANY_ROLES } from '../../src/auth/roles.ts';
import type { EngineInput } from '../../src/core/types.ts';
import { roleInUse } from '../../src/registry/company-role-uses.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { TERMINAL, UBN, XRAY, YARD, facility, route } from '../registry/fixtures.ts';

const V1 = '/api/v1';

/** Inputs handed to the engine since `from`. */
const since = (t: TestApp, from: number): EngineInput[] => t.sink.inputs.slice(from);
const paths = (r: { json(): any }) => (r.json().errors ?? []).map((e: any) => e.path);

async function lastAudit(t: TestApp, resource: string) {
  const r = await t.request('GET', `${V1}/audit?resource=${resource}`, t.adminKey);
  return r.json()[0];
}

describe('registry API: facilities and routes', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('creates, reads, lists, replaces and deletes a facility, auditing and submitting each write', async () => {
    const mark = t.sink.inputs.length;
    const c = await t.request('POST', `${V1}/facilities`, t.adminKey, { ...TERMINAL, code: 'bk006' });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal(c.json().code, 'BK006');
    assert.equal(c.json().sample, false);
    const submitted = since(t, mark);
    assert.equal(submitted.length, 1);
    assert.equal(submitted[0].type, 'facility');
    assert.equal((submitted[0].data as any).code, 'BK006');
    assert.match(submitted[0].at, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await lastAudit(t, 'facility')).action, 'create');

    for (const f of [YARD, XRAY]) assert.equal((await t.request('POST', `${V1}/facilities`, t.adminKey, f)).statusCode, 201);
    assert.equal((await t.request('POST', `${V1}/facilities`, t.adminKey, TERMINAL)).statusCode, 409);

    const one = await t.request('GET', `${V1}/facilities/bk006`, t.adminKey);
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json().area, TERMINAL.area);
    const stations = await t.request('GET', `${V1}/facilities?kind=inspection_station`, t.adminKey);
    assert.deepEqual(stations.json().map((f: any) => f.code), ['BX100']);
    assert.equal((await t.request('GET', `${V1}/facilities?kind=castle`, t.adminKey)).statusCode, 422);

    const put = await t.request('PUT', `${V1}/facilities/BK006`, t.adminKey, { ...TERMINAL, name: 'Terminal 6' });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().name, 'Terminal 6');
    const audited = await lastAudit(t, 'facility');
    assert.equal(audited.action, 'update');
    assert.equal(audited.before.name, 'Facility BK006');
    assert.equal(audited.after.name, 'Terminal 6');
    assert.equal((since(t, mark).at(-1)!.data as any).name, 'Terminal 6');

    const mismatch = await t.request('PUT', `${V1}/facilities/BK006`, t.adminKey, YARD);
    assert.equal(mismatch.statusCode, 422);
    assert.deepEqual(paths(mismatch), ['/body/code']);
    assert.equal((await t.request('PUT', `${V1}/facilities/ZZ999`, t.adminKey, { ...TERMINAL, code: 'ZZ999' })).statusCode, 404);

    const temp = facility('HR001', 'rest_area', 120.2, 23.2);
    assert.equal((await t.request('POST', `${V1}/facilities`, t.adminKey, temp)).statusCode, 201);
    const del = await t.request('DELETE', `${V1}/facilities/HR001`, t.adminKey);
    assert.equal(del.statusCode, 204);
    assert.equal((await t.request('GET', `${V1}/facilities/HR001`, t.adminKey)).statusCode, 404);
    assert.equal((await lastAudit(t, 'facility')).before.code, 'HR001');
  });

  it('answers 422 naming the exact position of each geometry error', async () => {
    const post = (area: unknown) => t.request('POST', `${V1}/facilities`, t.adminKey, { ...facility('CY030', 'container_yard', 121.2, 25.0), area });
    const ring = (facility('CY030', 'container_yard', 121.2, 25.0).area.coordinates as number[][][])[0];

    const open = await post({ type: 'Polygon', coordinates: [ring.slice(0, 4)] });
    assert.equal(open.statusCode, 422);
    assert.deepEqual(open.json().errors, [{ path: '/body/area/coordinates/0/3', message: 'ring is not closed: last position must equal the first', code: 'geo.ring_not_closed', params: {} }]);

    const badCoordinate = await post({ type: 'Polygon', coordinates: [[ring[0], [121.205, 'north'], ...ring.slice(2)]] });
    assert.deepEqual(paths(badCoordinate), ['/body/area/coordinates/0/1']);

    const outside = await post({ type: 'Polygon', coordinates: [[ring[0], [125.5, 25.0], ...ring.slice(2)]] });
    assert.deepEqual(paths(outside), ['/body/area/coordinates/0/1']);
    assert.match(outside.json().errors[0].message, /outside the served area/);

    const bowTie = [ring[0], ring[2], ring[1], ring[3], ring[0]];
    const crossing = await post({ type: 'Polygon', coordinates: [bowTie] });
    assert.equal(crossing.statusCode, 422);
    assert.match(crossing.json().errors[0].path, /^\/body\/area\/coordinates\/0\/\d$/);
    assert.match(crossing.json().errors[0].message, /intersects itself/);

    const notGeoJson = await post({ type: 'Circle', coordinates: [] });
    assert.deepEqual(paths(notGeoJson), ['/body/area/type']);
    assert.equal((await t.request('GET', `${V1}/facilities/CY030`, t.adminKey)).statusCode, 404);
  });

  it('creates a route between existing facilities, with the corridor width made explicit', async () => {
    const mark = t.sink.inputs.length;
    const r = await t.request('POST', `${V1}/routes`, t.adminKey, route());
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().corridorWidthM, 200);
    assert.deepEqual(since(t, mark).map((i) => i.type), ['route']);
    assert.equal((since(t, mark)[0].data as any).corridorWidthM, 200);

    const list = await t.request('GET', `${V1}/routes?origin=bk006&destination=BY010`, t.adminKey);
    assert.deepEqual(list.json().map((x: any) => x.code), ['RT-BK006-BY010']);
    assert.deepEqual((await t.request('GET', `${V1}/routes?origin=BY010`, t.adminKey)).json(), []);
    assert.equal((await t.request('GET', `${V1}/routes?checkpoint=BX100`, t.adminKey)).json().length, 1);

    const put = await t.request('PUT', `${V1}/routes/RT-BK006-BY010`, t.adminKey, route(undefined, { corridorWidthM: 300, alertParams: { stopMinMinutes: 20 } }));
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().alertParams.stopMinMinutes, 20);
    assert.equal((await lastAudit(t, 'route')).before.corridorWidthM, 200);
  });

  it('refuses a route naming unknown facilities, a checkpoint that is not a station, or bad limits', async () => {
    const unknown = await t.request('POST', `${V1}/routes`, t.adminKey, route('R2', { origin: 'AK001', checkpoints: ['BX999'] }));
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(paths(unknown), ['/body/origin', '/body/checkpoints/0']);
    assert.match(unknown.json().errors[0].message, /no facility AK001/);

    const notStation = await t.request('POST', `${V1}/routes`, t.adminKey, route('R2', { checkpoints: ['BY010'] }));
    assert.deepEqual(paths(notStation), ['/body/checkpoints/0']);
    assert.match(notStation.json().errors[0].message, /inspection_station or checkpoint/);

    const limits = await t.request('POST', `${V1}/routes`, t.adminKey, route('R2', { corridorWidthM: 5, maxDurationMin: 20000, alertParams: { nope: 1, maxHdop: -1 } as any }));
    assert.equal(limits.statusCode, 422);
    for (const p of ['/body/corridorWidthM', '/body/maxDurationMin', '/body/alertParams/nope', '/body/alertParams/maxHdop']) {
      assert.ok(paths(limits).includes(p), `${p} in ${paths(limits)}`);
    }
    const shortPath = await t.request('POST', `${V1}/routes`, t.adminKey, route('R2', { path: { type: 'LineString', coordinates: [[120.3, 22.5]] } }));
    assert.deepEqual(paths(shortPath), ['/body/path/coordinates']);
    assert.equal((await t.request('GET', `${V1}/routes/R2`, t.adminKey)).statusCode, 404);
  });

  it('keeps facilities that routes use', async () => {
    const del = await t.request('DELETE', `${V1}/facilities/BX100`, t.adminKey);
    assert.equal(del.statusCode, 409);
    assert.match(del.json().detail, /RT-BK006-BY010/);
    const demote = await t.request('PUT', `${V1}/facilities/BX100`, t.adminKey, { ...XRAY, kind: 'warehouse' });
    assert.equal(demote.statusCode, 422);
    assert.deepEqual(paths(demote), ['/body/kind']);
    const mark = t.sink.inputs.length;
    assert.equal((await t.request('DELETE', `${V1}/routes/RT-BK006-BY010`, t.adminKey)).statusCode, 204);
    assert.equal((await t.request('DELETE', `${V1}/facilities/BX100`, t.adminKey)).statusCode, 204);
    // The engine forgets them too.
    assert.deepEqual(
      since(t, mark).map((i) => [i.type, i.data]),
      [['referenceDeleted', { kind: 'route', code: 'RT-BK006-BY010' }], ['referenceDeleted', { kind: 'facility', code: 'BX100' }]],
    );
  });
});

describe('registry API: vehicles, drivers, devices', () => {
  let t: TestApp;
  let fleetA: string;
  let fleetB: string;
  before(async () => {
    t = await testApp();
    fleetA = await t.userFor(UBN.fleetA, ['fleet_operator']);
    fleetB = await t.userFor(UBN.fleetB, ['fleet_operator']);
  });
  after(() => t.close());

  it('stores plates upper case without "-" and finds them however written', async () => {
    const mark = t.sink.inputs.length;
    const r = await t.request('POST', `${V1}/vehicles`, fleetA, { plate: 'kna-6001', kind: 'tractor', category: 1 });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(r.json(), { plate: 'KNA6001', kind: 'tractor', category: 1, fleetUbn: UBN.fleetA });
    assert.deepEqual(since(t, mark).map((i) => [i.type, (i.data as any).plate]), [['vehicle', 'KNA6001']]);
    assert.equal((await t.request('GET', `${V1}/vehicles/KNA-6001`, fleetA)).json().plate, 'KNA6001');
    assert.equal((await t.request('POST', `${V1}/vehicles`, fleetA, { plate: 'KNA 6001', kind: 'tractor', category: 1 })).statusCode, 409);
    const put = await t.request('PUT', `${V1}/vehicles/kna-6001`, fleetA, { plate: 'KNA-6001', kind: 'tractor', category: 3 });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().category, 3);
    assert.equal((await lastAudit(t, 'vehicle')).before.category, 1);
  });

  it('names every bad vehicle field', async () => {
    const r = await t.request('POST', `${V1}/vehicles`, t.adminKey, { plate: 'K-?', kind: 'bus', category: 8, fleetUbn: '12345678' });
    assert.equal(r.statusCode, 422);
    for (const p of ['/body/kind', '/body/category']) assert.ok(paths(r).includes(p), `${p} in ${paths(r)}`);
    const r2 = await t.request('POST', `${V1}/vehicles`, t.adminKey, { plate: 'K-?', kind: 'truck', category: 2, fleetUbn: '12345678' });
    assert.deepEqual(paths(r2), ['/body/plate', '/body/fleetUbn']);
    const unknownFleet = await t.request('POST', `${V1}/vehicles`, t.adminKey, { plate: 'KLA6001', kind: 'truck', category: 2, fleetUbn: UBN.trader });
    assert.deepEqual(paths(unknownFleet), ['/body/fleetUbn']);
    assert.match(unknownFleet.json().errors[0].message, /no company/);
  });

  it('keeps a fleet to its own vehicles: 403 to write for another, 404 for another fleet\'s', async () => {
    const forOther = await t.request('POST', `${V1}/vehicles`, fleetA, { plate: 'KLA6002', kind: 'truck', category: 2, fleetUbn: UBN.fleetB });
    assert.equal(forOther.statusCode, 403);
    assert.equal((await t.request('POST', `${V1}/vehicles`, fleetB, { plate: 'KLA6002', kind: 'truck', category: 2 })).statusCode, 201);
    assert.equal((await t.request('GET', `${V1}/vehicles/KLA6002`, fleetA)).statusCode, 404);
    assert.equal((await t.request('PUT', `${V1}/vehicles/KLA6002`, fleetA, { plate: 'KLA6002', kind: 'truck', category: 2 })).statusCode, 404);
    assert.equal((await t.request('DELETE', `${V1}/vehicles/KLA6002`, fleetA)).statusCode, 404);
    const moveAway = await t.request('PUT', `${V1}/vehicles/KLA6002`, fleetB, { plate: 'KLA6002', kind: 'truck', category: 2, fleetUbn: UBN.fleetA });
    assert.equal(moveAway.statusCode, 403);
    assert.deepEqual((await t.request('GET', `${V1}/vehicles`, fleetA)).json().map((v: any) => v.plate), ['KNA6001']);
    assert.deepEqual((await t.request('GET', `${V1}/vehicles?fleetUbn=${UBN.fleetB}`, t.adminKey)).json().map((v: any) => v.plate), ['KLA6002']);
  });

  it('registers drivers with their vehicles and refuses an RFID card already in use (409)', async () => {
    const mark = t.sink.inputs.length;
    const r = await t.request('POST', `${V1}/drivers`, fleetA, { nationalId: 'a123456789', name: 'Chen', rfidCard: 'e2003412', plates: ['KNA-6001'] });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(r.json(), { nationalId: 'A123456789', name: 'Chen', fleetUbn: UBN.fleetA, rfidCard: 'E2003412', plates: ['KNA6001'] });
    assert.deepEqual(since(t, mark).map((i) => i.type), ['driver']);

    const clash = await t.request('POST', `${V1}/drivers`, fleetA, { nationalId: 'B223456782', name: 'Lin', rfidCard: 'E2003412' });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.json().detail, /RFID card E2003412/);
    const bad = await t.request('POST', `${V1}/drivers`, fleetA, { nationalId: 'A123456788', name: 'Lin', plates: ['KNA6001', 'KLA6002', 'XYZ1'] });
    assert.equal(bad.statusCode, 422);
    // Another fleet's vehicle is as unknown as one that does not exist.
    assert.deepEqual(paths(bad), ['/body/nationalId', '/body/plates/1', '/body/plates/2']);

    const lin = await t.request('POST', `${V1}/drivers`, fleetA, { nationalId: 'B223456782', name: 'Lin', rfidCard: 'E2003413', plates: [] });
    assert.equal(lin.statusCode, 201, lin.body);
    const swap = await t.request('PUT', `${V1}/drivers/B223456782`, fleetA, { nationalId: 'B223456782', name: 'Lin', rfidCard: 'E2003412' });
    assert.equal(swap.statusCode, 409);
    const keep = await t.request('PUT', `${V1}/drivers/A123456789`, fleetA, { nationalId: 'A123456789', name: 'Chen W.', rfidCard: 'E2003412', plates: ['KNA6001'] });
    assert.equal(keep.statusCode, 200, keep.body);

    assert.deepEqual((await t.request('GET', `${V1}/drivers?plate=kna-6001`, fleetA)).json().map((d: any) => d.nationalId), ['A123456789']);
    assert.deepEqual((await t.request('GET', `${V1}/drivers?rfidCard=e2003413`, t.adminKey)).json().map((d: any) => d.nationalId), ['B223456782']);
    assert.deepEqual((await t.request('GET', `${V1}/drivers`, fleetB)).json(), []);
    assert.equal((await t.request('GET', `${V1}/drivers/A123456789`, fleetB)).statusCode, 404);
  });

  it('shows a device secret once, stores only its hash, verifies and rotates it', async () => {
    const { verifyDeviceSecret } = await import('../../src/registry/device-credentials.ts');
    const mark = t.sink.inputs.length;
    const r = await t.request('POST', `${V1}/devices`, fleetA, { id: 'OBU-1', kind: 'obu', model: 'X1', plate: 'kna-6001' });
    assert.equal(r.statusCode, 201, r.body);
    const secret = r.json().secret as string;
    assert.match(secret, /^swd_[A-Za-z0-9_-]{43}$/);
    assert.equal(r.json().plate, 'KNA6001');
    assert.equal(r.json().ownerUbn, UBN.fleetA);
    // Installing the OBU changes the vehicle too; both reach the engine.
    assert.deepEqual(since(t, mark).map((i) => [i.type, (i.data as any).obuId ?? (i.data as any).id]), [['device', 'OBU-1'], ['vehicle', 'OBU-1']]);
    assert.equal((await t.request('GET', `${V1}/vehicles/KNA6001`, fleetA)).json().obuId, 'OBU-1');

    const got = await t.request('GET', `${V1}/devices/OBU-1`, fleetA);
    assert.equal(got.json().secret, undefined);
    assert.ok(!JSON.stringify((await t.request('GET', `${V1}/devices`, fleetA)).json()).includes('swd_'));
    const [row] = await t.tdb.db.query('select secret_hash from devices where id = $1', ['OBU-1']);
    assert.match(row.secret_hash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(await lastAudit(t, 'device')).includes(secret));

    assert.equal(await verifyDeviceSecret(t.ctx.db, 'OBU-1', secret), true);
    assert.equal(await verifyDeviceSecret(t.ctx.db, 'OBU-1', secret.slice(0, -1) + 'A'), secret.endsWith('A') ? true : false);
    assert.equal(await verifyDeviceSecret(t.ctx.db, 'OBU-1', 'wrong'), false);
    assert.equal(await verifyDeviceSecret(t.ctx.db, 'NOPE', secret), false);

    const rotated = await t.request('POST', `${V1}/devices/OBU-1/secret`, fleetA);
    assert.equal(rotated.statusCode, 200);
    assert.notEqual(rotated.json().secret, secret);
    assert.equal(await verifyDeviceSecret(t.ctx.db, 'OBU-1', secret), false);
    assert.equal(await verifyDeviceSecret(t.ctx.db, 'OBU-1', rotated.json().secret), true);
    assert.equal((await lastAudit(t, 'device')).action, 'rotate_secret');
    assert.equal((await t.request('POST', `${V1}/devices/OBU-1/secret`, fleetB)).statusCode, 404);
  });

  it('pairs seals to OBUs and keeps one OBU per vehicle', async () => {
    const seal = await t.request('POST', `${V1}/devices`, fleetA, { id: 'S1', kind: 'seal', obuId: 'OBU-1' });
    assert.equal(seal.statusCode, 201, seal.body);
    assert.equal(seal.json().obuId, 'OBU-1');
    const wrong = await t.request('POST', `${V1}/devices`, fleetA, { id: 'S2', kind: 'seal', plate: 'KNA6001', obuId: 'S1' });
    assert.deepEqual(paths(wrong), ['/body/plate', '/body/obuId']);
    assert.equal((await t.request('PUT', `${V1}/devices/S1`, fleetA, { id: 'S1', kind: 'obu' })).statusCode, 409);

    // A second OBU on the same vehicle displaces the first.
    assert.equal((await t.request('POST', `${V1}/devices`, fleetA, { id: 'OBU-2', kind: 'obu', plate: 'KNA6001' })).statusCode, 201);
    assert.equal((await t.request('GET', `${V1}/vehicles/KNA6001`, fleetA)).json().obuId, 'OBU-2');
    assert.equal((await t.request('GET', `${V1}/devices/OBU-1`, fleetA)).json().plate, undefined);
    // Installing from the vehicle side moves it back.
    const mark = t.sink.inputs.length;
    const v = await t.request('PUT', `${V1}/vehicles/KNA6001`, fleetA, { plate: 'KNA6001', kind: 'tractor', category: 3, obuId: 'OBU-1' });
    assert.equal(v.statusCode, 200, v.body);
    assert.equal((await t.request('GET', `${V1}/devices/OBU-1`, fleetA)).json().plate, 'KNA6001');
    assert.equal((await t.request('GET', `${V1}/devices/OBU-2`, fleetA)).json().plate, undefined);
    assert.deepEqual(since(t, mark).map((i) => i.type).sort(), ['device', 'device', 'vehicle']);

    // Deleting the OBU uninstalls it and unpairs its seals.
    assert.equal((await t.request('DELETE', `${V1}/devices/OBU-1`, fleetA)).statusCode, 204);
    assert.equal((await t.request('GET', `${V1}/vehicles/KNA6001`, fleetA)).json().obuId, undefined);
    assert.equal((await t.request('GET', `${V1}/devices/S1`, fleetA)).json().obuId, undefined);
    assert.deepEqual((await t.request('GET', `${V1}/devices?kind=seal`, fleetA)).json().map((d: any) => d.id), ['S1']);
  });

  it('deletes a vehicle, uninstalling its OBU and dropping it from drivers', async () => {
    assert.equal((await t.request('PUT', `${V1}/devices/OBU-2`, fleetA, { id: 'OBU-2', kind: 'obu', plate: 'KNA6001' })).statusCode, 200);
    const mark = t.sink.inputs.length;
    assert.equal((await t.request('DELETE', `${V1}/vehicles/KNA6001`, fleetA)).statusCode, 204);
    assert.deepEqual(since(t, mark).map((i) => i.type), ['referenceDeleted', 'device', 'driver']);
    assert.deepEqual(since(t, mark)[0].data, { kind: 'vehicle', code: 'KNA6001' });
    assert.equal((await t.request('GET', `${V1}/devices/OBU-2`, fleetA)).json().plate, undefined);
    assert.deepEqual((await t.request('GET', `${V1}/drivers/A123456789`, fleetA)).json().plates, []);
    assert.equal((await lastAudit(t, 'vehicle')).action, 'delete');
    const beforeDriver = t.sink.inputs.length;
    assert.equal((await t.request('DELETE', `${V1}/drivers/A123456789`, fleetA)).statusCode, 204);
    assert.equal((await t.request('GET', `${V1}/drivers/A123456789`, fleetA)).statusCode, 404);
    assert.deepEqual(since(t, beforeDriver).map((i) => i.data), [{ kind: 'driver', code: 'A123456789' }]);
  });
});

describe('registry API: responsible persons and storage codes', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('lets a yard give its responsible persons storage codes of its own facilities', async () => {
    const yardOp = await t.userFor(UBN.yard, ['yard_operator']);
    const otherYard = await t.userFor(UBN.fleetB, ['yard_operator']);
    await t.userFor(UBN.yard, ['responsible_person'], { username: 'rp.wang' });
    await t.userFor(UBN.yard, ['yard_operator'], { username: 'op.lee' });
    const created = await t.request('POST', `${V1}/facilities`, t.adminKey, { ...YARD, operatorUbn: UBN.yard, storageCodes: ['BYA1', 'BYA2'] });
    assert.equal(created.statusCode, 201, created.body);
    await t.request('POST', `${V1}/facilities`, t.adminKey, { ...TERMINAL, operatorUbn: UBN.fleetB, storageCodes: ['BKZ9'] });

    const list = await t.request('GET', `${V1}/responsible-persons`, yardOp);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().map((u: any) => u.username), ['rp.wang']);
    assert.deepEqual((await t.request('GET', `${V1}/responsible-persons`, otherYard)).json(), []);
    const id = list.json()[0].userId;

    const set = await t.request('PUT', `${V1}/responsible-persons/${id}/storage-codes`, yardOp, { storageCodes: ['bya1', 'BYA2'] });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json().storageCodes, ['BYA1', 'BYA2']);
    const audited = (await t.request('GET', `${V1}/audit?resource=user&action=set_storage_codes`, t.adminKey)).json()[0];
    assert.deepEqual(audited.before.storageCodes, []);
    assert.deepEqual(audited.after.storageCodes, ['BYA1', 'BYA2']);

    const foreign = await t.request('PUT', `${V1}/responsible-persons/${id}/storage-codes`, yardOp, { storageCodes: ['BYA1', 'BKZ9', 'BYA1'] });
    assert.equal(foreign.statusCode, 422);
    assert.deepEqual(paths(foreign), ['/body/storageCodes/1', '/body/storageCodes/2']);
    assert.equal((await t.request('PUT', `${V1}/responsible-persons/${id}/storage-codes`, otherYard, { storageCodes: [] })).statusCode, 404);
    assert.equal((await t.request('PUT', `${V1}/responsible-persons/${id}/storage-codes`, t.adminKey, { storageCodes: ['BYA2'] })).statusCode, 200);

    const op = (await t.request('GET', `${V1}/users`, yardOp)).json().find((u: any) => u.username === 'op.lee');
    assert.equal((await t.request('PUT', `${V1}/responsible-persons/${op.id}/storage-codes`, yardOp, { storageCodes: ['BYA1'] })).statusCode, 409);
    const rp = await t.userFor(UBN.yard, ['responsible_person']);
    assert.equal((await t.request('PUT', `${V1}/responsible-persons/${id}/storage-codes`, rp, { storageCodes: [] })).statusCode, 403);
    assert.equal((await t.request('GET', `${V1}/responsible-persons`, await t.userFor(UBN.fleetA, ['fleet_operator']))).statusCode, 403);
  });
});

describe('registry API: contacts of companies and drivers', () => {
  let t: TestApp;
  let fleetA: string;
  let yardOp: string;
  before(async () => {
    t = await testApp();
    fleetA = await t.userFor(UBN.fleetA, ['fleet_operator']);
    yardOp = await t.userFor(UBN.yard, ['yard_operator']);
  });
  after(() => t.close());

  const errorsOf = (r: { json(): any }) => r.json().errors.map((e: any) => [e.path, e.code]);

  it("stores a company's contact where the alert card reads it, replaces and clears it, audited", async () => {
    const body = { ubn: '04595257', name: 'Kaohsiung Hauliers', roles: ['fleet'], contactName: ' Wang Hsiao-ming ', contactPhone: '+886-7-561 2311#21' };
    const c = await t.request('POST', `${V1}/companies`, t.adminKey, body);
    assert.equal(c.statusCode, 201, c.body);
    const { createdAt, ...saved } = c.json() as Record<string, unknown>;
    assert.match(String(createdAt), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(saved, { ubn: '04595257', name: 'Kaohsiung Hauliers', roles: ['fleet'], contactName: 'Wang Hsiao-ming', contactPhone: '+886-7-561 2311#21' });
    assert.equal((await lastAudit(t, 'company')).after.contactPhone, '+886-7-561 2311#21');
    const [row] = await t.tdb.db.query('select contact_name, contact_phone from companies where ubn = $1', ['04595257']);
    assert.deepEqual({ ...row }, { contact_name: 'Wang Hsiao-ming', contact_phone: '+886-7-561 2311#21' });
    assert.equal((await t.request('GET', `${V1}/companies/04595257`, t.adminKey)).json().contactName, 'Wang Hsiao-ming');
    assert.equal((await t.request('POST', `${V1}/companies`, t.adminKey, body)).statusCode, 409);

    const put = await t.request('PUT', `${V1}/companies/04595257`, t.adminKey, { ...body, contactName: 'Lin Mei', contactPhone: '07-5612399' });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().contactPhone, '07-5612399');
    const audited = await lastAudit(t, 'company');
    assert.equal(audited.action, 'update');
    assert.equal(audited.before.contactName, 'Wang Hsiao-ming');
    assert.equal(audited.after.contactName, 'Lin Mei');

    const cleared = await t.request('PUT', `${V1}/companies/04595257`, t.adminKey, { ubn: '04595257', name: 'Kaohsiung Hauliers', roles: ['fleet'] });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json().contactName, null);
    assert.equal(cleared.json().contactPhone, null);
    const listed = (await t.request('GET', `${V1}/companies`, t.adminKey)).json().find((x: any) => x.ubn === '04595257');
    assert.equal(listed.contactPhone, null);

    assert.equal((await t.request('PUT', `${V1}/companies/22099131`, t.adminKey, { ...body, ubn: '22099131' })).statusCode, 404);
    const mismatch = await t.request('PUT', `${V1}/companies/04595257`, t.adminKey, { ...body, ubn: '22099131' });
    assert.deepEqual(errorsOf(mismatch), [['/body/ubn', 'id.mismatch']]);
    assert.equal((await t.request('PUT', `${V1}/companies/04595257`, fleetA, body)).statusCode, 403);
  });

  it('keeps a role a company still uses: 409 naming what uses it, nothing changed or audited; other roles come and go', async () => {
    const ubn = '30000007';
    const company = { ubn, name: 'Tainan Haulage', roles: ['fleet', 'trader'] };
    assert.equal((await t.request('POST', `${V1}/companies`, t.adminKey, company)).statusCode, 201);
    const v = await t.request('POST', `${V1}/vehicles`, t.adminKey, { plate: 'TNA-3001', kind: 'tractor', category: 1, fleetUbn: ubn });
    assert.equal(v.statusCode, 201, v.body);
    const audits = async () => (await t.request('GET', `${V1}/audit?resource=company&resourceId=${ubn}`, t.adminKey)).json().length;
    const audited = await audits();

    const refused = await t.request('PUT', `${V1}/companies/${ubn}`, t.adminKey, { ...company, roles: ['trader'] });
    assert.equal(refused.statusCode, 409, refused.body);
    const problem = refused.json();
    assert.equal(problem.code, 'company.role_in_use');
    assert.deepEqual(problem.params, { ubn, role: 'fleet', uses: 'vehicles:1' });
    assert.equal(problem.detail, `Company ${ubn} still has 1 vehicle under role fleet; move or delete them first`);
    assert.deepEqual((await t.request('GET', `${V1}/companies/${ubn}`, t.adminKey)).json().roles, ['fleet', 'trader']);
    assert.equal(await audits(), audited, 'no audit entry for a refused change');

    // Nothing of this company uses its trader role; adding a role takes nothing away.
    const dropped = await t.request('PUT', `${V1}/companies/${ubn}`, t.adminKey, { ...company, roles: ['fleet'] });
    assert.equal(dropped.statusCode, 200, dropped.body);
    assert.deepEqual(dropped.json().roles, ['fleet']);
    const added = await t.request('PUT', `${V1}/companies/${ubn}`, t.adminKey, { ...company, roles: ['fleet', 'supplier'] });
    assert.equal(added.statusCode, 200, added.body);
    assert.deepEqual(added.json().roles, ['fleet', 'supplier']);
    assert.equal(await audits(), audited + 2);

    // The fleet's people count too, each role by name.
    await t.userFor(ubn, ['fleet_operator']);
    await t.userFor(ubn, ['fleet_operator']);
    const withPeople = await t.request('PUT', `${V1}/companies/${ubn}`, t.adminKey, { ...company, roles: ['supplier'] });
    assert.equal(withPeople.statusCode, 409);
    assert.deepEqual(withPeople.json().params, { ubn, role: 'fleet', uses: 'vehicles:1, fleet_operator_users:2' });
    assert.equal(withPeople.json().detail, `Company ${ubn} still has 1 vehicle and 2 fleet_operator users under role fleet; move or delete them first`);
    // Every role's queries run against the schema as it is; only the fleet role is in use here.
    const inUse = [];
    for (const role of COMPANY_ROLES) if (await roleInUse(t.tdb.db, ubn, [role])) inUse.push(role);
    assert.deepEqual(inUse, ['fleet']);
  });

  it('refuses a contact phone or name that is no such thing, with stable codes', async () => {
    const base = { ubn: '22099131', name: 'Yard Two', roles: ['yard'] };
    const letters = await t.request('POST', `${V1}/companies`, t.adminKey, { ...base, contactPhone: 'call the office' });
    assert.equal(letters.statusCode, 422);
    assert.deepEqual(errorsOf(letters), [['/body/contactPhone', 'string.pattern']]);
    const tooLong = await t.request('POST', `${V1}/companies`, t.adminKey, { ...base, contactPhone: '0'.repeat(31), contactName: 'x'.repeat(101) });
    assert.deepEqual(errorsOf(tooLong).sort(), [['/body/contactName', 'string.too_long'], ['/body/contactPhone', 'string.too_long']]);
    const fewDigits = await t.request('POST', `${V1}/companies`, t.adminKey, { ...base, contactPhone: '(07)-#12', contactName: '   ' });
    assert.equal(fewDigits.statusCode, 422);
    assert.deepEqual(errorsOf(fewDigits), [['/body/contactName', 'string.too_short'], ['/body/contactPhone', 'phone.digits']]);
    assert.deepEqual(fewDigits.json().errors[1].params, { min: 6, actual: 4 });
    assert.equal((await t.request('GET', `${V1}/companies/22099131`, t.adminKey)).statusCode, 404);
  });

  it("keeps a driver's phone for the alert card and the fleet, not for the engine or another company's yard", async () => {
    const mark = t.sink.inputs.length;
    const r = await t.request('POST', `${V1}/drivers`, fleetA, { nationalId: 'A123456789', name: 'Chen', phone: '0912-345-678 ' });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(r.json(), { nationalId: 'A123456789', name: 'Chen', fleetUbn: UBN.fleetA, plates: [], phone: '0912-345-678' });
    assert.deepEqual(since(t, mark).map((i) => i.data), [{ nationalId: 'A123456789', name: 'Chen', fleetUbn: UBN.fleetA, plates: [] }]);
    assert.equal((await lastAudit(t, 'driver')).after.phone, '0912-345-678');
    const [row] = await t.tdb.db.query(`select phone, body->'phone' as in_body from drivers where national_id = 'A123456789'`);
    assert.deepEqual({ ...row }, { phone: '0912-345-678', in_body: null });

    assert.equal((await t.request('GET', `${V1}/drivers/A123456789`, fleetA)).json().phone, '0912-345-678');
    assert.equal((await t.request('GET', `${V1}/drivers`, t.adminKey)).json()[0].phone, '0912-345-678');
    const atTheGate = await t.request('GET', `${V1}/drivers/A123456789`, yardOp);
    assert.equal(atTheGate.statusCode, 200);
    assert.equal(atTheGate.json().name, 'Chen');
    assert.equal('phone' in atTheGate.json(), false);

    const bad = await t.request('PUT', `${V1}/drivers/A123456789`, fleetA, { nationalId: 'A123456789', name: 'Chen', phone: '12-34-5' });
    assert.deepEqual(errorsOf(bad), [['/body/phone', 'phone.digits']]);
    const put = await t.request('PUT', `${V1}/drivers/A123456789`, fleetA, { nationalId: 'A123456789', name: 'Chen', phone: '+886 912 000 111' });
    assert.equal(put.json().phone, '+886 912 000 111');
    const audited = await lastAudit(t, 'driver');
    assert.equal(audited.before.phone, '0912-345-678');
    assert.equal(audited.after.phone, '+886 912 000 111');
    const cleared = await t.request('PUT', `${V1}/drivers/A123456789`, fleetA, { nationalId: 'A123456789', name: 'Chen' });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal('phone' in cleared.json(), false);
    assert.deepEqual((await t.tdb.db.query(`select phone from drivers where national_id = 'A123456789'`)).map((x) => x.phone), [null]);
  });
});
