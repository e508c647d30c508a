// A vehicle's positions over a date range (GET /vehicles/{plate}/positions) and the trip track as a
// list: each fix with the batteries and seal states its report carried, the range required,
// ordered and bounded, paging by `next`, and the trip rule deciding which fixes a company sees.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basic, eventually, registerTrip, registerWorld, startHarness, type Harness } from '../monitor/harness.ts';
import { FLEET_UBN, ORIGIN, fix, tripFixture, type TripFixture } from '../monitor/scenario.ts';

describe('vehicle history API', () => {
  let h: Harness;
  let t: TripFixture;
  let tripId: string;
  let fleetKey: string;
  let otherKey: string;
  const start = Date.now() - 30 * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const range = `from=${encodeURIComponent(iso(start - 60_000))}&to=${encodeURIComponent(iso(Date.now() + 60_000))}`;

  before(async () => {
    h = await startHarness();
    await registerWorld(h);
    t = tripFixture(1);
    const secrets = await registerTrip(h, t);
    const auth = basic(t.obu, secrets[t.obu]);
    // Five fixes a minute apart, the OBU battery falling and seal A tampered on the fourth.
    for (let i = 0; i < 5; i++) {
      const seals: [string, string] = [i >= 3 ? 'tampered' : 'locked', 'locked'];
      const body = fix(t, i * 2, start + i * 60_000, seals, { battery: 80 - i * 5 });
      body.seals![1].battery = 70 - i;
      const r = await h.request('POST', '/telemetry', body, auth);
      assert.equal(r.status, 202, JSON.stringify(r.body));
    }
    const key = async (companyUbn: string, roles: string[]) => (await h.request('POST', '/api-keys', { name: 'test', companyUbn, roles })).body.key as string;
    fleetKey = await key(FLEET_UBN, ['fleet_operator']);
    await h.request('POST', '/companies', { ubn: '10000004', name: 'Unrelated', roles: ['fleet'] });
    otherKey = await key('10000004', ['fleet_operator']);
    tripId = await eventually(async () => {
      const r = await h.request('GET', `/vehicles/${t.plate}/positions?${range}`);
      return r.body?.positions?.length === 5 ? (r.body.positions[0].tripId as string) : null;
    }, 10_000, 'five stored fixes');
  });
  after(() => h?.close());

  it('answers the fixes of the range in time order, each with its batteries and seal states', async () => {
    const r = await h.request('GET', `/vehicles/${t.plate.toLowerCase()}/positions?${range}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.plate, t.plate);
    assert.equal(r.body.next, null);
    const fixes = r.body.positions;
    assert.deepEqual(fixes.map((f: any) => f.battery), [80, 75, 70, 65, 60]);
    assert.deepEqual(fixes.map((f: any) => f.sealBattery), [70, 69, 68, 67, 66]);
    assert.deepEqual(fixes.map((f: any) => f.seals[0].state), ['locked', 'locked', 'locked', 'tampered', 'tampered']);
    assert.deepEqual(fixes.map((f: any) => f.ts), [0, 1, 2, 3, 4].map((i) => iso(start + i * 60_000)));
    assert.ok(fixes.every((f: any) => f.tripId === tripId && f.deviceId === t.obu));
  });

  it('keeps to the range and pages with next', async () => {
    const inner = `from=${encodeURIComponent(iso(start + 60_000))}&to=${encodeURIComponent(iso(start + 3 * 60_000))}`;
    const r = await h.request('GET', `/vehicles/${t.plate}/positions?${inner}`);
    assert.deepEqual(r.body.positions.map((f: any) => f.battery), [75, 70, 65]);
    const p1 = await h.request('GET', `/vehicles/${t.plate}/positions?${range}&limit=2`);
    assert.deepEqual([p1.body.positions.map((f: any) => f.battery), p1.body.next], [[80, 75], 2]);
    const p3 = await h.request('GET', `/vehicles/${t.plate}/positions?${range}&limit=2&offset=4`);
    assert.deepEqual([p3.body.positions.map((f: any) => f.battery), p3.body.next], [[60], null]);
  });

  it('refuses a missing, reversed or too long range, naming the field', async () => {
    const missing = await h.request('GET', `/vehicles/${t.plate}/positions?from=${encodeURIComponent(iso(start))}`);
    assert.equal(missing.status, 422);
    assert.match(JSON.stringify(missing.body.errors), /to/);
    const reversed = await h.request('GET', `/vehicles/${t.plate}/positions?from=${encodeURIComponent(iso(start))}&to=${encodeURIComponent(iso(start - 1000))}`);
    assert.equal(reversed.status, 422);
    assert.deepEqual(reversed.body.errors, [{ path: '/querystring/to', message: 'must be after from', code: 'range.reversed', params: { after: 'from' } }]);
    const long = await h.request('GET', `/vehicles/${t.plate}/positions?from=${encodeURIComponent(iso(start - 40 * 86_400_000))}&to=${encodeURIComponent(iso(start))}`);
    assert.equal(long.status, 422);
    assert.match(long.body.errors[0].message, /31 days/);
    const bad = await h.request('GET', `/vehicles/${t.plate}/positions?from=yesterday&to=${encodeURIComponent(iso(start))}`);
    assert.equal(bad.status, 422);
    const big = await h.request('GET', `/vehicles/${t.plate}/positions?${range}&limit=20001`);
    assert.equal(big.status, 422);
    assert.equal((await h.request('GET', `/vehicles/${t.plate}/positions?${range}`, undefined, '')).status, 401);
  });

  it('shows a company the fixes of the trips it sees, and another company none', async () => {
    const own = await h.request('GET', `/vehicles/${t.plate}/positions?${range}`, undefined, fleetKey);
    assert.equal(own.status, 200);
    assert.equal(own.body.positions.length, 5);
    const other = await h.request('GET', `/vehicles/${t.plate}/positions?${range}`, undefined, otherKey);
    assert.equal(other.status, 200);
    assert.deepEqual(other.body.positions, []);
  });

  it('gives the trip track as a list with the same reported batteries', async () => {
    const r = await h.request('GET', `/trips/${encodeURIComponent(tripId)}/track?format=list`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.positions.map((f: any) => [f.battery, f.sealBattery]), [[80, 70], [75, 69], [70, 68], [65, 67], [60, 66]]);
    const geo = await h.request('GET', `/trips/${encodeURIComponent(tripId)}/track`);
    assert.equal(geo.body.geometry.coordinates.length, 5);
  });

  it("lists the trip's gate passages with the trip", async () => {
    const capturedAt = iso(start + 30_000);
    const g = await h.request('POST', '/gate-events', { facility: ORIGIN, lane: 'OUT-1', direction: 'out', plate: t.plate, containerNos: [t.containers[0], t.containers[1]], source: 'ocr', capturedAt });
    assert.ok(g.status < 300, JSON.stringify(g.body));
    const passages = await eventually(async () => {
      const r = await h.request('GET', `/trips/${encodeURIComponent(tripId)}`);
      return r.body.gatePassages?.length ? r.body.gatePassages : null;
    }, 5000, 'the passage matched to the trip');
    assert.deepEqual(passages.map((p: any) => [p.at, p.facility, p.lane, p.direction]), [[capturedAt, ORIGIN, 'OUT-1', 'out']]);
  });
});
