// The audiences the access policy adds: a judicial office sees through the API the trips, alerts
// and transport notes customs referred to it (and nothing else), and a trader the status of a
// container carried under a transport note it sent, even when the trip's audience does not name it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refer } from '../../src/access/policy.ts';
import { systemActor } from '../../src/audit/trail.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const V1 = '/api/v1';
const YARD = '12345681';
const TRADER = '12345697';
const NOT_TRADER = '12345686';
const JUDICIAL = '12345709';
const OTHER_JUDICIAL = '12345715';
const customs = { kind: 'key' as const, id: 'k', name: 'customs', companyUbn: '00000000', roles: ['customs_admin' as const], storageCodes: [] };

describe('judicial referrals and traders’ containers', () => {
  let t: TestApp;
  let judicial: string;
  let otherJudicial: string;
  let trader: string;
  let notTrader: string;

  const note = (cnNo: string, sender: string, containerNo: string) =>
    t.tdb.db.query(
      `with n as (insert into transport_notes (cn_no, version, status, sender_ubn, origin, destination, plate, driver_id, requires_confirmation, body)
                  values ($1, 1, 'live', $2, 'BY010', 'BY020', 'KNA6001', 'A123456789', false, $4) returning cn_no)
       insert into transport_note_containers (cn_no, position, container_no, seal_type) select cn_no, 0, $3, 'truck_eseal' from n`,
      [cnNo, sender, containerNo, JSON.stringify({
        cnNo, function: '9', senderUbn: sender, origin: 'BY010', destination: 'BY020',
        containers: [{ no: containerNo, sealType: 'truck_eseal', sealNos: [] }],
        plate: 'KNA6001', driverId: 'A123456789', transportCategory: 1, requiresConfirmation: false,
      })],
    );

  before(async () => {
    t = await testApp();
    judicial = await t.keyFor(JUDICIAL, ['judicial'], { companyRoles: ['judicial'] });
    otherJudicial = await t.keyFor(OTHER_JUDICIAL, ['judicial'], { companyRoles: ['judicial'] });
    trader = await t.keyFor(TRADER, ['trader'], { companyRoles: ['trader'] });
    notTrader = await t.keyFor(NOT_TRADER, ['trader'], { companyRoles: ['fleet'] });
    await t.keyFor(YARD, ['yard_operator']);
    await note('KHCN0000001', TRADER, 'MSCU1234565');
    await note('KHCN0000002', NOT_TRADER, 'TGHU1234566');
    // The monitor computed this trip's audience from its truck alone: neither sender is named.
    await t.tdb.db.query(
      `insert into trips (trip_id, plate, cn_nos, container_nos, state, origin, destination, visible_to, created_at, updated_at)
       values ('trip-1', 'KNA6001', '{KHCN0000001,KHCN0000002}', '{MSCU1234565,TGHU1234566}', 'in_transit', 'BY010', 'BY020', $1, now(), now())`,
      [[YARD]],
    );
    await t.tdb.db.query(
      `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, opened_at, visible_to)
       values ('alert-1', 'route_deviation', 'high', 2, 'trip-1', 'KNA6001', now(), $1)`,
      [[YARD]],
    );
  });
  after(() => t.close());

  const status = async (token: string, url: string) => (await t.request('GET', `${V1}${url}`, token)).statusCode;

  it('a judicial office sees nothing until customs refers it, then only what was referred to it', async () => {
    for (const url of ['/trips/trip-1', '/alerts/alert-1', '/transport-notes/KHCN0000001']) assert.equal(await status(judicial, url), 404, url);
    await refer(t.tdb.db, customs, systemActor('test'), { kind: 'trip', resourceId: 'trip-1', judicialUbn: JUDICIAL });
    await refer(t.tdb.db, customs, systemActor('test'), { kind: 'transport_note', resourceId: 'KHCN0000001', judicialUbn: JUDICIAL });
    assert.equal(await status(judicial, '/trips/trip-1'), 200);
    assert.equal(await status(judicial, '/alerts/alert-1'), 200, 'an alert of a referred trip');
    assert.equal(await status(judicial, '/transport-notes/KHCN0000001'), 200);
    assert.equal(await status(judicial, '/transport-notes/KHCN0000002'), 404, 'a note not referred');
    const trips = (await t.request('GET', `${V1}/trips`, judicial)).json();
    assert.deepEqual(trips.map((x: { tripId: string }) => x.tripId), ['trip-1']);
    const notes = (await t.request('GET', `${V1}/transport-notes`, judicial)).json();
    assert.deepEqual(notes.map((x: { cnNo: string }) => x.cnNo), ['KHCN0000001']);
    for (const url of ['/trips/trip-1', '/alerts/alert-1', '/transport-notes/KHCN0000001']) assert.equal(await status(otherJudicial, url), 404, `another office: ${url}`);
  });

  it('a trader sees the container of its own note, not the other containers of the trip nor the trip', async () => {
    assert.equal(await status(trader, '/containers/MSCU1234565'), 200);
    assert.equal(await status(trader, '/containers/TGHU1234566'), 404);
    assert.equal(await status(trader, '/trips/trip-1'), 404);
    assert.equal(await status(notTrader, '/containers/TGHU1234566'), 404, 'its sender is not registered as a trader');
  });
});
