import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOfTaipeiDay } from '../../src/api/routes/overview.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const DAY = '2026-03-03T00:00:00+08:00';
const at = (h: number, m = 0, s = 0) => new Date(Date.parse(DAY) + ((h * 60 + m) * 60 + s) * 1000).toISOString();

describe('overview statistics', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    const trip = (id: string, state: string, created: string, updated: string) =>
      t.tdb.db.query(`insert into trips (trip_id, plate, state, created_at, updated_at) values ($1, 'KNA6001', $2, $3, $4)`, [id, state, created, updated]);
    await trip('T1', 'in_transit', at(8), at(9));
    await trip('T2', 'closed', at(7), at(10));
    await trip('T3', 'in_transit', at(-30), at(-29)); // from yesterday, still on the road
    await trip('T4', 'closed', at(-30), at(-20)); // finished yesterday: not today's
    const alert = (id: string, type: string, severity: string, opened: string, ackAfterS: number | null, status: string) =>
      t.tdb.db.query(
        `insert into alerts (alert_id, alert_type, severity, severity_rank, opened_at, acknowledged_at, status) values ($1,$2,$3,0,$4,$5,$6)`,
        [id, type, severity, opened, ackAfterS === null ? null : new Date(Date.parse(opened) + ackAfterS * 1000).toISOString(), status],
      );
    await alert('A1', 'seal_tamper', 'critical', at(9), 30, 'acknowledged');
    await alert('A2', 'route_deviation', 'high', at(9, 5), 90, 'resolved');
    await alert('A3', 'route_deviation', 'high', at(9, 10), 400, 'acknowledged');
    await alert('A4', 'signal_lost', 'medium', at(9, 20), null, 'open');
    await alert('A5', 'signal_lost', 'medium', at(-10), 20, 'resolved'); // yesterday
  });
  after(() => t.close());

  it('counts the period from the database: trips by state, open alerts, acknowledgement times', async () => {
    const r = await t.request('GET', `/api/v1/stats/overview?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(24))}`, t.adminKey);
    assert.equal(r.statusCode, 200, r.body);
    const o = r.json();
    assert.deepEqual(o.tripsByState, { in_transit: 2, closed: 1 });
    assert.equal(o.trips, 3);
    assert.equal(o.alertsRaised, 4);
    assert.equal(o.alertsPer100Trips, 133.3);
    const open = Object.fromEntries(o.openAlerts.map((a: any) => [a.alertType, a.count]));
    assert.deepEqual(open, { seal_tamper: 1, route_deviation: 1, signal_lost: 1 });
    assert.equal(o.acknowledgement.count, 3);
    assert.equal(o.acknowledgement.medianS, 90);
    assert.equal(o.acknowledgement.p90S, 400);
    assert.deepEqual(o.acknowledgement.histogram.map((b: any) => b.count), [1, 1, 0, 0, 1, 0]);
  });

  it('is for customs only', async () => {
    const fleet = await t.keyFor('04595252', ['fleet_operator']);
    assert.equal((await t.request('GET', '/api/v1/stats/overview', fleet)).statusCode, 403);
    assert.equal((await t.request('GET', '/api/v1/stats/overview', t.adminKey)).statusCode, 200);
  });

  it('takes the Taipei day as the default period', () => {
    assert.equal(startOfTaipeiDay(Date.parse('2026-03-03T15:59:59Z')).toISOString(), '2026-03-02T16:00:00.000Z');
    assert.equal(startOfTaipeiDay(Date.parse('2026-03-03T16:00:00Z')).toISOString(), '2026-03-03T16:00:00.000Z');
  });
});
