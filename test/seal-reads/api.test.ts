// The seal-read API end to end on a running server: reads from people's sessions and a lane
// reader's key, one at a time and in batches answered per record, idempotent by readId; the
// refusals (unknown seal, wrong role, a facility not the caller's); the read history and its
// scope; reads with their photo on the trip the monitoring centre opens; and the e-paper display.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESTINATION, doorPhoto, eventually, fieldNote, FLEET_UBN, ORIGIN, registerFieldWorld, startFieldHarness,
  YARD_UBN, type FieldHarness, type FieldWorld,
} from '../field/harness.ts';
import { tripFixture } from '../monitor/scenario.ts';

const t = tripFixture(41, 'P');
const SEALS = ['EPS-41A', 'EPS-41B'];
const TRIP = `TR-${t.cnNo}`;

describe('seal reads API', () => {
  let h: FieldHarness;
  let w: Omit<FieldWorld, 'secrets'>;
  let laneKey: string;

  before(async () => {
    h = await startFieldHarness();
    w = await registerFieldWorld(h);
    // A tractor with no OBU carrying two containers under passive seals (an e-seal and an e-paper seal).
    assert.equal((await h.request('POST', '/vehicles', { plate: t.plate, kind: 'tractor', category: 3, fleetUbn: FLEET_UBN })).status, 201);
    const note = {
      ...fieldNote(t, { requiresConfirmation: false }),
      containers: [
        { no: t.containers[0], sealType: 'eseal', sealNos: [SEALS[0]] },
        { no: t.containers[1], sealType: 'epaper_seal', sealNos: [SEALS[1]] },
      ],
    };
    const r = await h.request('POST', '/transport-notes', note);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const key = await h.request('POST', '/api-keys', { name: 'lane reader 3', companyUbn: YARD_UBN, roles: ['yard_operator'] });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    laneKey = key.body.key;
  });
  after(() => h.close());

  it('stores an applied read from the origin’s responsible person, once per readId', async () => {
    const read = { readId: 'rd-1', sealNo: SEALS[0].toLowerCase(), event: 'applied', facility: ORIGIN, containerNo: t.containers[0], reader: 'phone_nfc' };
    const first = await h.request('POST', '/seal-reads', read, w.tokens.originRp);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.status, 'stored');
    assert.equal(first.body.read.sealNo, SEALS[0], 'the CN’s spelling of the seal number');
    assert.equal(first.body.read.by, 'rp.origin', 'the person’s name when none is given');
    assert.equal(first.body.read.cnNo, t.cnNo);
    const again = await h.request('POST', '/seal-reads', { ...read, facility: ORIGIN, by: 'someone else' }, w.tokens.originRp);
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'duplicate');
    assert.equal(again.body.read.by, 'rp.origin', 'the first upload stands');
    const [{ n }] = await h.db.query(`select count(*)::int as n from seal_reads where read_id = 'rd-1'`);
    assert.equal(n, 1);
    const [{ m }] = await h.db.query(`select count(*)::int as m from engine_inputs where type = 'sealRead' and data->>'readId' = 'rd-1'`);
    assert.equal(m, 1, 'one engine input');
  });

  it('answers a batch per record: good records kept, bad ones named', async () => {
    const photo = new FormData();
    photo.append('sealNo', SEALS[1]);
    photo.append('photo', new Blob([new Uint8Array(doorPhoto())], { type: 'image/png' }), 'door.png');
    const up = await h.upload('/seal-reads/photos', photo, w.tokens.originRp);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.cnNo, t.cnNo);
    const readAt = new Date(Date.now() - 30 * 60_000).toISOString();
    const r = await h.request('POST', '/seal-reads', {
      reads: [
        { readId: 'rd-2', sealNo: SEALS[1], event: 'applied', facility: ORIGIN, reader: 'phone_camera', readAt, photoId: up.body.id },
        { readId: 'rd-3', sealNo: 'NOSUCHSEAL', event: 'checked', facility: ORIGIN, reader: 'manual' },
        { readId: 'rd-4', sealNo: SEALS[1], event: 'opened', facility: ORIGIN, reader: 'phone_nfc', lat: 99 },
        { readId: 'rd-1', sealNo: SEALS[0], event: 'applied', facility: ORIGIN, reader: 'phone_nfc' },
      ],
    }, w.tokens.originRp);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.stored, r.body.duplicates, r.body.rejected], [1, 1, 2]);
    assert.deepEqual(r.body.results.map((x: any) => x.status), ['stored', 'rejected', 'rejected', 'duplicate']);
    const [stored, unknown, bad] = r.body.results;
    assert.equal(stored.read.photoSha256, up.body.sha256);
    assert.equal(stored.read.photoUrl, `/api/v1/photos/${up.body.id}`);
    assert.equal(stored.read.readAt, readAt);
    assert.equal(stored.read.late, true, 'taken half an hour before it was uploaded');
    assert.equal(unknown.error.status, 404, 'unknown seal');
    assert.deepEqual(unknown.error.errors.map((e: any) => e.path), ['/body/reads/1/sealNo']);
    assert.equal(bad.error.status, 422);
    assert.deepEqual(bad.error.errors.map((e: any) => e.path).sort(), ['/body/reads/2/event', '/body/reads/2/lat', '/body/reads/2/lon']);
  });

  it('refuses a role that does not read seals, and a facility the caller does not answer for', async () => {
    const read = { sealNo: SEALS[0], event: 'checked', facility: ORIGIN, reader: 'phone_nfc' };
    const driver = await h.request('POST', '/seal-reads', read, w.tokens.driver);
    assert.equal(driver.status, 403, 'a driver does not attest to his own seals');
    const fleetKey = await h.request('POST', '/api-keys', { name: 'fleet', companyUbn: FLEET_UBN, roles: ['fleet_operator'] });
    assert.equal((await h.request('POST', '/seal-reads', read, fleetKey.body.key)).status, 403);
    const destRp = await h.request('POST', '/seal-reads', read, w.tokens.destRp);
    assert.equal(destRp.status, 403, 'the destination yard’s responsible person does not read at the origin');
    assert.deepEqual(destRp.body.errors.map((e: any) => e.path), ['/body/facility']);
    const lane = await h.request('POST', '/seal-reads', read, laneKey);
    assert.equal(lane.status, 403, 'a lane reader of the destination yard does not read at the origin');
    const byPosition = await h.request('POST', '/seal-reads', { sealNo: SEALS[0], event: 'checked', lat: 22.6, lon: 120.35, reader: 'phone_nfc' }, w.tokens.originRp);
    assert.equal(byPosition.status, 403, 'a read placed by position alone is customs’');
    const unknownFacility = await h.request('POST', '/seal-reads', { ...read, facility: 'NOPE1' }, w.tokens.customs);
    assert.equal(unknownFacility.status, 422);
    const unknownSeal = await h.request('POST', '/seal-reads', { ...read, sealNo: 'NOSUCH-9' }, w.tokens.customs);
    assert.equal(unknownSeal.status, 404);
    assert.equal((await h.request('POST', '/seal-reads', read, null)).status, 401);
  });

  it('drives the trip point to point: sealed by the reads, out by the gate, in and closed by the lane reader', async () => {
    await eventually(async () => (await h.request('GET', `/trips/${TRIP}`)).body?.state === 'sealed', 10_000, 'trip sealed by the two applied reads');
    // The trip is driven in seconds: container_conflict's slack allows its 10 km, as a real drive's time would.
    const params = await h.request('PUT', '/settings/alert-params', { conflictSlackKm: 20 });
    assert.equal(params.status, 200, JSON.stringify(params.body));
    const gate = await h.request('POST', '/gate-events', { facility: ORIGIN, lane: 'OUT-1', direction: 'out', plate: t.plate, containerNos: t.containers, source: 'ocr' }, w.tokens.yardOperator);
    assert.equal(gate.status, 202, JSON.stringify(gate.body));
    await eventually(async () => (await h.request('GET', `/trips/${TRIP}`)).body?.state === 'in_transit', 10_000, 'departed at the gate-out');
    // A customs officer checks the seal by the road (by position), then the destination's lane reader removes both.
    const roadside = await h.request('POST', '/seal-reads', { sealNo: SEALS[0], event: 'checked', lat: 22.6, lon: 120.35, reader: 'handheld' }, w.tokens.customs);
    assert.equal(roadside.status, 201, JSON.stringify(roadside.body));
    const lane = await h.request('POST', '/seal-reads', {
      reads: SEALS.map((s, i) => ({ readId: `lane-${i}`, sealNo: s, event: 'removed', facility: DESTINATION, containerNo: t.containers[i], reader: 'lane_reader', readerId: 'LANE-3' })),
    }, laneKey);
    assert.equal(lane.body.stored, 2, JSON.stringify(lane.body));
    const trip = await eventually(async () => {
      const r = await h.request('GET', `/trips/${TRIP}`);
      return r.body?.state === 'closed' ? r.body : null;
    }, 10_000, 'closed when both seals were removed at the destination');
    assert.deepEqual(trip.alerts.map((a: any) => a.alertType), [], 'a clean passive trip raises nothing');
    assert.equal(trip.sealReads.length, 5);
    const reads = trip.timeline.filter((e: any) => e.kind === 'seal_read');
    assert.deepEqual(reads.map((e: any) => e.event), ['applied', 'applied', 'checked', 'removed', 'removed']);
    assert.ok(reads.some((e: any) => e.photoUrl?.startsWith('/api/v1/photos/')), 'the door photo is on the timeline');
    assert.equal(trip.pointToPoint.seals.length, 2);
    assert.ok(trip.pointToPoint.seals.every((s: any) => s.applied && s.removed));
    assert.equal(trip.pointToPoint.lastSeen.facility, DESTINATION);
  });

  it('shows a seal’s read history to those who may see its CN, and no one else', async () => {
    const own = await h.request('GET', `/seals/${SEALS[0]}/reads`, undefined, w.tokens.destRp);
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.reads.map((r: any) => r.event), ['applied', 'checked', 'removed']);
    await h.request('POST', '/companies', { ubn: '10000004', name: 'Unrelated', roles: ['fleet'] });
    const stranger = await h.request('POST', '/api-keys', { name: 'x', companyUbn: '10000004', roles: ['fleet_operator'] });
    assert.equal((await h.request('GET', `/seals/${SEALS[0]}/reads`, undefined, stranger.body.key)).status, 404);
    assert.equal((await h.request('GET', '/seals/NOSUCH-9/reads')).status, 404);
  });

  it('gives the e-paper display of a seal to whoever sees its CN, as JSON, PNG and PBM', async () => {
    const json = await h.request('GET', `/seals/${SEALS[1]}/display`, undefined, w.tokens.originRp);
    assert.equal(json.status, 200, JSON.stringify(json.body));
    assert.equal(json.body.cnNo, t.cnNo);
    assert.equal(json.body.containerNo, t.containers[1]);
    assert.equal(json.body.qr, t.cnNo);
    assert.equal(json.body.destination.code, DESTINATION);
    assert.match(json.body.deadline, /\+08:00$/, 'Taiwan time');
    assert.equal(json.body.deadlineEstimated, false, 'the trip departed: departure + the route’s limit');
    assert.deepEqual(json.body.bitmap, { width: 296, height: 128 });
    const png = await fetch(`${h.base}/api/v1/seals/${SEALS[1]}/display?format=png`, { headers: { authorization: `Bearer ${w.tokens.originRp}` } });
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20), bytes[24]], [296, 128, 1]);
    const pbm = await fetch(`${h.base}/api/v1/seals/${SEALS[1]}/display?format=pbm`, { headers: { authorization: `Bearer ${w.tokens.originRp}` } });
    assert.equal(pbm.headers.get('content-type'), 'image/x-portable-bitmap');
    assert.equal(Buffer.from(await pbm.arrayBuffer()).toString('ascii', 0, 11), 'P4\n296 128\n');
    assert.equal((await h.request('GET', `/seals/${SEALS[1]}/display`, undefined, w.tokens.driver2)).status, 404, 'another fleet’s driver');
  });
});
