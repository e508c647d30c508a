// What ties a person to another company's data: storage codes (a responsible person of yard A must
// not hold yard B's codes, nor act with them), driver accounts (fleet A must not make an account in
// fleet B's driver's name, nor bind to fleet B's truck), and a driver's view of the trips (its own,
// not its fleet's).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { facility } from '../registry/fixtures.ts';

const V1 = '/api/v1';
const YARD_A = '12345681';
const YARD_B = '12345704';
const FLEET_A = '12345686';
const FLEET_B = '12345692';
const DRIVER_A = 'A123456789';
const DRIVER_A2 = 'B123456780';
const DRIVER_B = 'B223456782';
const PLATE_A = 'KNA6001';
const PLATE_A2 = 'KNA6003';
const PLATE_B = 'KLA6002';
const PASSWORD = 'a long password 1';

describe('scoping of storage codes, driver accounts and a driver’s trips', () => {
  let t: TestApp;
  let yardOpA: string;
  let fleetOpA: string;

  const ok = async (method: string, url: string, body?: unknown) => {
    const r = await t.request(method, `${V1}${url}`, t.adminKey, body);
    assert.ok(r.statusCode < 300, `${method} ${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const trip = (id: string, plate: string, opts: { cnNos?: string[]; sealIds?: string[]; origin?: string; visibleTo: string[] }) =>
    t.tdb.db.query(
      `insert into trips (trip_id, plate, cn_nos, seal_ids, state, origin, destination, visible_to, created_at, updated_at)
       values ($1,$2,$3,$4,'in_transit',$5,$5,$6, now(), now())`,
      [id, plate, opts.cnNos ?? [], opts.sealIds ?? [], opts.origin ?? 'BY010', opts.visibleTo],
    );
  const note = (cnNo: string, plate: string, driverId: string, sender: string) =>
    t.tdb.db.query(
      `insert into transport_notes (cn_no, version, status, sender_ubn, origin, destination, plate, driver_id, requires_confirmation, body)
       values ($1, 1, 'live', $2, 'BY010', 'BY010', $3, $4, false, $5)`,
      [cnNo, sender, plate, driverId, JSON.stringify({
        cnNo, function: '9', senderUbn: sender, origin: 'BY010', destination: 'BY010',
        containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: [] }],
        plate, driverId, transportCategory: 1, requiresConfirmation: false,
      })],
    );

  before(async () => {
    t = await testApp();
    yardOpA = await t.userFor(YARD_A, ['yard_operator']);
    await t.userFor(YARD_B, ['yard_operator']);
    fleetOpA = await t.userFor(FLEET_A, ['fleet_operator']);
    await t.userFor(FLEET_B, ['fleet_operator']);
    await ok('POST', '/facilities', { ...facility('BY010', 'container_yard', 120.31, 22.59), operatorUbn: YARD_A, storageCodes: ['CA1'] });
    await ok('POST', '/facilities', { ...facility('BY020', 'container_yard', 120.41, 22.59), operatorUbn: YARD_B, storageCodes: ['CB1'] });
    for (const [plate, fleetUbn] of [[PLATE_A, FLEET_A], [PLATE_A2, FLEET_A], [PLATE_B, FLEET_B]]) {
      await ok('POST', '/vehicles', { plate, kind: 'tractor', category: 1, fleetUbn });
    }
    await ok('POST', '/drivers', { nationalId: DRIVER_A, name: 'Wang', fleetUbn: FLEET_A, plates: [PLATE_A, PLATE_B] });
    await ok('POST', '/drivers', { nationalId: DRIVER_A2, name: 'Lee', fleetUbn: FLEET_A, plates: [PLATE_A2] });
    await ok('POST', '/drivers', { nationalId: DRIVER_B, name: 'Lin', fleetUbn: FLEET_B, plates: [PLATE_B] });
  });
  after(() => t.close());

  const newUser = (token: string, username: string, companyUbn: string, roles: string[], extra: Record<string, unknown> = {}) =>
    t.request('POST', `${V1}/users`, token, { username, name: username, companyUbn, roles, password: PASSWORD, ...extra });
  const paths = (r: { json(): any }) => r.json().errors.map((e: { path: string }) => e.path);

  it('gives a new responsible person only storage codes of its own company, whoever creates it', async () => {
    const foreign = await newUser(yardOpA, 'rp.foreign', YARD_A, ['responsible_person'], { storageCodes: ['CB1'] });
    assert.equal(foreign.statusCode, 422, foreign.body);
    assert.deepEqual(paths(foreign), ['/body/storageCodes/0']);
    const byCustoms = await newUser(t.adminKey, 'rp.customs', YARD_A, ['responsible_person'], { storageCodes: ['CA1', 'NOPE'] });
    assert.equal(byCustoms.statusCode, 422, byCustoms.body);
    assert.deepEqual(paths(byCustoms), ['/body/storageCodes/1']);
    const notAPerson = await newUser(t.adminKey, 'op.codes', YARD_A, ['yard_operator'], { storageCodes: ['CA1'] });
    assert.equal(notAPerson.statusCode, 422);
    assert.ok(paths(notAPerson).includes('/body/storageCodes'));
    const own = await newUser(yardOpA, 'rp.own', YARD_A, ['responsible_person'], { storageCodes: [' ca1 '] });
    assert.equal(own.statusCode, 201, own.body);
    assert.deepEqual(own.json().storageCodes, ['CA1']);
  });

  it('does not let another company’s storage code, held from before, open that company’s seals or notes', async () => {
    const legacy = await t.userFor(YARD_A, ['responsible_person'], { storageCodes: ['CB1'] });
    await note('CNB000000001', PLATE_B, DRIVER_B, YARD_B);
    await t.tdb.db.query(`update transport_notes set origin = 'BY020', destination = 'BY020' where cn_no = 'CNB000000001'`);
    await trip('trip-b', PLATE_B, { cnNos: ['CNB000000001'], sealIds: ['SEAL-B'], origin: 'BY020', visibleTo: [FLEET_B, YARD_B] });
    const unseal = await t.request('POST', `${V1}/seals/SEAL-B/unseal`, legacy, { reason: 'inspection' });
    assert.equal(unseal.statusCode, 404, unseal.body);
    assert.equal((await t.request('GET', `${V1}/transport-notes/CNB000000001`, legacy)).statusCode, 404);
    const listed = await t.request('GET', `${V1}/transport-notes`, legacy);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.json(), []);
    assert.deepEqual((await t.request('GET', `${V1}/field/seals`, legacy)).json(), []);
    assert.equal((await t.request('POST', `${V1}/seals/SEAL-B/offline-unseal-tokens`, legacy)).statusCode, 404);
    // Yard B's own person may.
    const rpB = await t.userFor(YARD_B, ['responsible_person'], { storageCodes: ['CB1'] });
    assert.equal((await t.request('POST', `${V1}/seals/SEAL-B/unseal`, rpB, { reason: 'inspection' })).statusCode, 202);
  });

  it('makes a driver account only for a driver of the creator’s own fleet', async () => {
    const other = await newUser(fleetOpA, 'drv.fake', FLEET_A, ['driver'], { nationalId: DRIVER_B });
    assert.equal(other.statusCode, 422, other.body);
    assert.deepEqual(paths(other), ['/body/nationalId']);
    const unknown = await newUser(fleetOpA, 'drv.unknown', FLEET_A, ['driver'], { nationalId: 'C123456781' });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].message, other.json().errors[0].message.replace(DRIVER_B, 'C123456781'), 'the same answer for another fleet’s driver');
    const byCustoms = await newUser(t.adminKey, 'drv.customs', FLEET_A, ['driver'], { nationalId: DRIVER_B });
    assert.equal(byCustoms.statusCode, 422, 'the account’s company must be the driver’s fleet');
    const own = await newUser(fleetOpA, 'drv.own', FLEET_A, ['driver'], { nationalId: DRIVER_A });
    assert.equal(own.statusCode, 201, own.body);
  });

  it('binds a driver account only as its own fleet’s driver, to its own fleet’s vehicle', async () => {
    // An account recorded with fleet B's driver before the check existed.
    const legacy = await t.userFor(FLEET_A, ['driver'], { username: 'drv.legacy' });
    await t.tdb.db.query(`update users set national_id = $1 where username = 'drv.legacy'`, [DRIVER_B]);
    const asB = await t.request('POST', `${V1}/field/driver/session`, legacy, { nationalId: DRIVER_B, plate: PLATE_B });
    assert.equal(asB.statusCode, 422, asB.body);
    assert.equal(asB.json().errors[0].path, '/body/nationalId');
    // A driver of fleet A registered (by customs) for fleet B's truck binds only to fleet A's.
    const driverA = await t.userFor(FLEET_A, ['driver'], { username: 'drv.a' });
    await t.tdb.db.query(`update users set national_id = $1 where username = 'drv.a'`, [DRIVER_A]);
    const onB = await t.request('POST', `${V1}/field/driver/session`, driverA, { nationalId: DRIVER_A, plate: PLATE_B });
    assert.equal(onB.statusCode, 422, onB.body);
    assert.equal(onB.json().errors[0].path, '/body/plate');
    assert.equal((await t.request('POST', `${V1}/field/driver/session`, driverA, { nationalId: DRIVER_A, plate: PLATE_A })).statusCode, 201);
    // A log-in on fleet B's truck left from before is no binding: no task, no pairing.
    const stale = await t.userFor(FLEET_A, ['driver'], { username: 'drv.stale' });
    await t.tdb.db.query(`update users set national_id = $1 where username = 'drv.stale'`, [DRIVER_A]);
    await t.tdb.db.query(
      `insert into driver_logins (id, user_id, national_id, plate, source) select 'dl-stale', id, $1, $2, 'app' from users where username = 'drv.stale'`,
      [DRIVER_A, PLATE_B],
    );
    assert.deepEqual((await t.request('GET', `${V1}/field/driver/task`, stale)).json(), { binding: null, task: null });
    assert.equal((await t.request('POST', `${V1}/field/driver/seals/pair`, stale, { sealId: 'SEAL-B', obuId: 'OBU-B' })).statusCode, 409);
  });

  it('shows a driver the trips of its truck and of its CNs, not every trip of its fleet', async () => {
    const driver = await t.userFor(FLEET_A, ['driver'], { username: 'drv.trips' });
    await t.tdb.db.query(`update users set national_id = $1 where username = 'drv.trips'`, [DRIVER_A2]);
    assert.equal((await t.request('POST', `${V1}/field/driver/session`, driver, { nationalId: DRIVER_A2, plate: PLATE_A2 })).statusCode, 201);
    await note('CNA000000001', PLATE_A, DRIVER_A2, YARD_A);
    await note('CNA000000002', PLATE_A, DRIVER_A, YARD_A);
    await trip('trip-bound', PLATE_A2, { visibleTo: [FLEET_A] });
    await trip('trip-named', PLATE_A, { cnNos: ['CNA000000001'], visibleTo: [FLEET_A] });
    await trip('trip-fleet', PLATE_A, { cnNos: ['CNA000000002'], visibleTo: [FLEET_A] });
    await t.tdb.db.query(
      `insert into alerts (alert_id, trip_id, plate, cn_nos, alert_type, severity, severity_rank, opened_at, visible_to)
       values ('al-fleet', 'trip-fleet', $1, '{CNA000000002}', 'overdue', 'high', 1, now(), $2), ('al-named', 'trip-named', $1, '{CNA000000001}', 'overdue', 'high', 1, now(), $2)`,
      [PLATE_A, [FLEET_A]],
    );
    const trips = await t.request('GET', `${V1}/trips`, driver);
    assert.equal(trips.statusCode, 200, trips.body);
    assert.deepEqual(trips.json().map((r: any) => r.tripId).sort(), ['trip-bound', 'trip-named']);
    assert.equal((await t.request('GET', `${V1}/trips/trip-fleet`, driver)).statusCode, 404);
    assert.equal((await t.request('GET', `${V1}/trips/trip-named`, driver)).statusCode, 200);
    assert.deepEqual((await t.request('GET', `${V1}/alerts`, driver)).json().map((a: any) => a.alertId), ['al-named']);
    assert.equal((await t.request('GET', `${V1}/alerts/al-fleet`, driver)).statusCode, 404);
    // The fleet operator still sees all of its fleet's trips.
    const fleet = await t.request('GET', `${V1}/trips`, fleetOpA);
    assert.deepEqual(fleet.json().map((r: any) => r.tripId).sort(), ['trip-bound', 'trip-fleet', 'trip-named']);
  });
});
