// The monitoring API end to end on a running server: HTTP telemetry with device credentials, the
// trips, alerts and containers it produces, alert handling, gate events, manual unseal, and the
// company scoping of each (REST and /stream alike).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { basic, eventually, registerTrip, registerWorld, startHarness, type Harness } from '../monitor/harness.ts';
import { DESTINATION, FLEET_UBN, journey, tripFixture, type TripFixture } from '../monitor/scenario.ts';

interface Listener {
  ws: WebSocket;
  messages: any[];
  close(): void;
}

async function listen(h: Harness, token: string): Promise<Listener> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.server.httpPort}/api/v1/stream?token=${encodeURIComponent(token)}`);
  const messages: any[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
  await eventually(() => messages.some((m) => m.type === 'hello'), 5000, 'stream hello');
  return { ws, messages, close: () => ws.close() };
}

describe('monitoring API', () => {
  let h: Harness;
  let t: TripFixture;
  let secrets: Record<string, string>;
  let fleetKey: string;
  let otherKey: string;
  let yardKey: string;
  let tripId: string;
  let alertId: string;

  before(async () => {
    h = await startHarness();
    await registerWorld(h);
    t = tripFixture(1);
    secrets = await registerTrip(h, t);
    const key = async (companyUbn: string, roles: string[]) => {
      const r = await h.request('POST', '/api-keys', { name: 'test', companyUbn, roles });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.key as string;
    };
    fleetKey = await key(FLEET_UBN, ['fleet_operator']);
    await h.request('POST', '/companies', { ubn: '10000004', name: 'Unrelated', roles: ['fleet'] });
    otherKey = await key('10000004', ['fleet_operator']);
    yardKey = await key('22099131', ['yard_operator']);
  });
  after(() => h.close());

  it('takes device telemetry over HTTP with Basic auth, raises an alert and streams it by scope', async () => {
    const customs = await listen(h, h.adminKey);
    const fleet = await listen(h, fleetKey);
    const other = await listen(h, otherKey);
    const reports = journey(t, Date.now() - 20 * 60_000, { tamperAtKm: 4 }).slice(0, 7);
    const auth = basic(t.obu, secrets[t.obu]);
    const r = await h.request('POST', '/telemetry', reports.slice(0, 3), auth);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.deepEqual(r.body, { accepted: 3, rejected: 0 });
    for (const rep of reports.slice(3)) assert.equal((await h.request('POST', '/telemetry', rep, auth)).status, 202);
    const alert = await eventually(() => customs.messages.find((m) => m.type === 'alert'), 10_000, 'alert on /stream');
    assert.equal(alert.data.alertType, 'seal_tamper');
    assert.equal(alert.data.severity, 'critical');
    alertId = alert.data.alertId;
    tripId = alert.data.tripId;
    await eventually(() => fleet.messages.some((m) => m.type === 'alert'), 5000, 'fleet sees its alert');
    assert.ok(customs.messages.some((m) => m.type === 'position' && m.data.plate === t.plate));
    assert.ok(customs.messages.some((m) => m.type === 'trip' && m.data.state === 'in_transit'));
    assert.ok(!other.messages.some((m) => m.type !== 'hello'), 'an unrelated company sees nothing');
    for (const l of [customs, fleet, other]) l.close();
  });

  it('finds the trip by any identifier an officer quotes, within the caller\'s scope', async () => {
    const container = `${t.containers[0].slice(0, 4)} ${t.containers[0].slice(4)}`;
    const cases: [string, string][] = [
      [t.plate.toLowerCase(), 'plate'], [t.plate.slice(0, 5), 'plate'], [t.cnNo, 'cnNo'], [container, 'containerNo'], [t.seals[0], 'sealNo'],
      ['A123456789', 'driverId'], ['Driver On', 'driverName'],
    ];
    for (const [q, how] of cases) {
      const r = await h.request('GET', `/search?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const hit = r.body.trips.find((x: any) => x.tripId === tripId);
      assert.ok(hit, `${how} ${q} finds the trip`);
      assert.ok(hit.matchedBy.includes(how), `${q}: matched by ${hit.matchedBy}, expected ${how}`);
    }
    assert.deepEqual((await h.request('GET', '/search?q=ZZZZ9999', undefined)).body.trips, []);
    assert.equal((await h.request('GET', `/search?q=${t.plate}`, undefined, fleetKey)).body.trips.length, 1, 'the fleet finds its own');
    assert.deepEqual((await h.request('GET', `/search?q=${t.plate}`, undefined, otherKey)).body.trips, [], 'another fleet finds nothing');
    assert.equal((await h.request('GET', '/search?q=A')).status, 422);
  });

  it('refuses bad device credentials and reports for another device', async () => {
    const rep = journey(t, Date.now(), {})[0];
    assert.equal((await h.request('POST', '/telemetry', rep, basic(t.obu, 'swd_wrong'))).status, 401);
    assert.equal((await h.request('POST', '/telemetry', rep, '')).status, 401);
    const forOther = { ...rep, deviceId: t.seals[0] };
    assert.equal((await h.request('POST', '/telemetry', forOther, basic(t.obu, secrets[t.obu]))).status, 403);
    // An API key of a role that does not send telemetry.
    assert.equal((await h.request('POST', '/telemetry', rep, yardKey)).status, 403);
  });

  it('names each bad report and keeps the good ones', async () => {
    const auth = basic(t.seals[1], secrets[t.seals[1]]);
    const good = { ts: new Date().toISOString(), state: 'locked', battery: 80 };
    const bad = { ts: 'yesterday', lat: 95, state: 'open' };
    const r = await h.request('POST', '/telemetry', [good, bad], auth);
    assert.equal(r.status, 202);
    assert.equal(r.body.accepted, 1);
    const paths = r.body.errors.map((e: any) => e.path);
    for (const p of ['/body/1/ts', '/body/1/lat', '/body/1/state']) assert.ok(paths.includes(p), `${p} in ${paths}`);
    const none = await h.request('POST', '/telemetry', [bad], auth);
    assert.equal(none.status, 422);
    assert.equal(none.body.errors[0].path, '/body/0/ts');
    const tooMany = await h.request('POST', '/telemetry', Array.from({ length: 1001 }, () => good), auth);
    assert.equal(tooMany.status, 422);
  });

  it('lists and shows trips by scope, with the timeline and the track', async () => {
    const all = await h.request('GET', '/trips');
    assert.equal(all.status, 200);
    assert.equal(all.body.length, 1);
    assert.equal(all.body[0].tripId, tripId);
    assert.equal(all.body[0].state, 'in_transit');
    assert.deepEqual((await h.request('GET', `/trips?plate=${t.plate}&state=in_transit`)).body.map((x: any) => x.tripId), [tripId]);
    assert.equal((await h.request('GET', '/trips?state=closed')).body.length, 0);
    assert.equal((await h.request('GET', '/trips', undefined, fleetKey)).body.length, 1);
    assert.equal((await h.request('GET', '/trips', undefined, otherKey)).body.length, 0);
    assert.equal((await h.request('GET', `/trips/${tripId}`, undefined, otherKey)).status, 404);
    const one = await h.request('GET', `/trips/${tripId}`, undefined, fleetKey);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.cnNos, [t.cnNo]);
    assert.equal(one.body.transportNotes[0].cnNo, t.cnNo);
    assert.deepEqual(
      one.body.timeline.filter((e: any) => e.kind === 'state').map((e: any) => e.state),
      ['planned', 'sealed', 'in_transit'],
    );
    assert.ok(one.body.timeline.some((e: any) => e.kind === 'alert_opened' && e.alertId === alertId));
    assert.ok(one.body.lastPosition);
    const track = await h.request('GET', `/trips/${tripId}/track`);
    assert.equal(track.body.type, 'Feature');
    assert.equal(track.body.geometry.type, 'LineString');
    assert.ok(track.body.geometry.coordinates.length >= 6);
    const list = await h.request('GET', `/trips/${tripId}/track?format=list&from=${encodeURIComponent(new Date(Date.now() - 16 * 60_000).toISOString())}`);
    assert.ok(list.body.positions.length < track.body.geometry.coordinates.length);
  });

  it('lists alerts most severe first and lets customs handle them, once', async () => {
    const list = await h.request('GET', '/alerts?status=open');
    assert.equal(list.status, 200);
    assert.equal(list.body[0].alertId, alertId);
    assert.equal((await h.request('GET', '/alerts', undefined, otherKey)).body.length, 0);
    assert.equal((await h.request('GET', '/alerts?type=seal_tamper&severity=critical', undefined, fleetKey)).body.length, 1);
    assert.equal((await h.request('POST', `/alerts/${alertId}/ack`, undefined, fleetKey)).status, 403);
    const ack = await h.request('POST', `/alerts/${alertId}/ack`);
    assert.equal(ack.status, 200);
    assert.equal(ack.body.status, 'acknowledged');
    assert.equal((await h.request('POST', `/alerts/${alertId}/assign`, { to: 'officer K. Lin' })).body.assignedTo, 'officer K. Lin');
    assert.equal((await h.request('POST', `/alerts/${alertId}/notes`, { note: 'driver called' })).status, 201);
    const bad = await h.request('POST', `/alerts/${alertId}/resolve`, { resolution: 'whatever', note: 'x' });
    assert.equal(bad.status, 422);
    const res = await h.request('POST', `/alerts/${alertId}/resolve`, { resolution: 'explained', note: 'seal fault, replaced at checkpoint' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'resolved');
    assert.equal((await h.request('POST', `/alerts/${alertId}/resolve`, { resolution: 'false_alarm', note: 'again' })).status, 409);
    const one = await h.request('GET', `/alerts/${alertId}`);
    assert.deepEqual(one.body.history.map((e: any) => e.kind), ['opened', 'acknowledged', 'assigned', 'note', 'resolved']);
    const audit = await h.request('GET', `/audit?resource=alert`);
    assert.ok(audit.body.filter((a: any) => a.resourceId === alertId).length >= 4);
    assert.equal((await h.request('GET', '/alerts?status=resolved')).body.length, 1);
  });

  it('shows a container status', async () => {
    const r = await h.request('GET', `/containers/${t.containers[0]}`, undefined, fleetKey);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.tripId, tripId);
    assert.equal(r.body.state, 'in_transit');
    assert.deepEqual(r.body.seals.map((s: any) => s.id), [t.seals[0]]);
    assert.ok(r.body.lastPosition);
    assert.equal((await h.request('GET', `/containers/${t.containers[0]}`, undefined, otherKey)).status, 404);
    assert.equal((await h.request('GET', '/containers/CSQU3054383')).status, 404);
  });

  it('takes gate events from the destination yard and customs', async () => {
    const ev = { facility: DESTINATION, lane: 'L1', direction: 'in', plate: t.plate, containerNos: ['CSQU3054383'], source: 'ocr' };
    const bad = await h.request('POST', '/gate-events', { ...ev, containerNos: ['CSQU3054384'], plate: '!' }, yardKey);
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: any) => e.path).sort(), ['/body/containerNos/0', '/body/plate']);
    assert.equal((await h.request('POST', '/gate-events', ev, fleetKey)).status, 403);
    assert.equal((await h.request('POST', '/gate-events', { ...ev, facility: 'BKT901' }, yardKey)).status, 403);
    const r = await h.request('POST', '/gate-events', ev, yardKey);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    await eventually(async () => (await h.request('GET', '/alerts?type=gate_mismatch')).body.length === 1, 5000, 'gate_mismatch');
  });

  it('lets customs unseal a seal, audited', async () => {
    assert.equal((await h.request('POST', `/seals/${t.seals[1]}/unseal`, { reason: 'inspection' }, fleetKey)).status, 403);
    const r = await h.request('POST', `/seals/${t.seals[1]}/unseal`, { reason: 'x-ray inspection' });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.tripId, tripId);
    assert.equal((await h.request('POST', '/seals/NOSUCHSEAL/unseal', { reason: 'inspection' })).status, 409);
    const audit = await h.request('GET', '/audit?resource=seal');
    assert.equal(audit.body[0].resourceId, t.seals[1]);
    const [row] = await h.server.db.query(`select data from engine_inputs where type = 'unseal'`);
    assert.equal(row.data.sealId, t.seals[1]);
  });

  it('refuses /stream without valid credentials', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${h.server.httpPort}/api/v1/stream?token=swk_nope`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    assert.equal(status, 401);
  });
});
