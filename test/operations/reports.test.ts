import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testApp, type TestApp } from '../helpers/app.ts';
import { monthsOf } from '../../src/reports/figures.ts';
import { runByMonth } from '../../src/reports/jobs.ts';
import { runDueSchedules, nextPeriod } from '../../src/reports/schedules.ts';
import type { ReportMail } from '../../src/reports/mailer.ts';
import { operationsServices } from '../../src/reports/services.ts';
import { FLEET, PERIOD, seedOperations, tpe } from './fixtures.ts';

const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();

describe('operations reports on a known data set', () => {
  let t: TestApp;
  const get = async (report: string, extra: Record<string, string> = {}) => {
    const r = await t.request('GET', `/api/v1/reports/${report}?${qs({ ...PERIOD, ...extra })}`, t.adminKey);
    assert.equal(r.statusCode, 200, r.body);
    return r;
  };
  before(async () => {
    t = await testApp();
    await seedOperations(t.tdb.db);
  });
  after(() => t.close());

  it('counts trips per month, office and route, with trip time', async () => {
    assert.deepEqual((await get('trips')).json().rows, [
      { month: '2026-01', office: 'A', route: 'R2', trips: 1, closed: 0, withAlerts: 0, avgTripMin: null },
      { month: '2026-01', office: 'B', route: 'R1', trips: 1, closed: 1, withAlerts: 1, avgTripMin: 60 },
      { month: '2026-02', office: 'B', route: 'R1', trips: 1, closed: 1, withAlerts: 1, avgTripMin: 30 },
    ]);
    assert.deepEqual((await get('trips', { office: 'A' })).json().rows.map((r: any) => r.route), ['R2']);
    assert.deepEqual((await get('trips', { company: FLEET })).json().rows.map((r: any) => r.month), ['2026-01', '2026-02']);
  });

  it('counts alerts by type, severity and resolution', async () => {
    assert.deepEqual((await get('alerts')).json().rows, [
      { month: '2026-01', alertType: 'route_deviation', severity: 'high', resolution: 'acknowledged', alerts: 1 },
      { month: '2026-01', alertType: 'seal_tamper', severity: 'critical', resolution: 'escalated', alerts: 1 },
      { month: '2026-02', alertType: 'low_battery', severity: 'low', resolution: 'open', alerts: 1 },
      { month: '2026-02', alertType: 'signal_lost', severity: 'medium', resolution: 'open', alerts: 1 },
    ]);
    assert.equal((await get('alerts', { route: 'R2' })).json().rows.length, 0);
  });

  it('measures handling time against the 3-minute target per officer and shift', async () => {
    assert.deepEqual((await get('handling')).json().rows, [
      { month: '2026-01', officer: 'officer1', shift: 'day', alerts: 1, medianS: 60, p90S: 60, withinTarget: 1, withinTargetPct: 100 },
      { month: '2026-01', officer: 'officer1', shift: 'night', alerts: 1, medianS: 300, p90S: 300, withinTarget: 0, withinTargetPct: 0 },
    ]);
  });

  it('counts sealings by seal type and customs office', async () => {
    assert.deepEqual((await get('sealings')).json().rows, [
      { month: '2026-01', office: 'A', sealType: 'eseal', containers: 1, notes: 1 },
      { month: '2026-01', office: 'B', sealType: 'truck_eseal', containers: 2, notes: 1 },
      { month: '2026-02', office: 'B', sealType: 'epaper_seal', containers: 1, notes: 1 },
    ]);
  });

  it('reports device health: reporting and silent devices, positions, battery and silence alerts by firmware', async () => {
    assert.deepEqual((await get('device_health')).json().rows, [
      { month: '2026-01', kind: 'obu', firmware: '1.2', devices: 1, reporting: 1, silent: 0, positions: 3, lowBatteryAlerts: 0, silenceAlerts: 0 },
      { month: '2026-01', kind: 'seal', firmware: '2.0', devices: 1, reporting: 0, silent: 1, positions: 0, lowBatteryAlerts: 0, silenceAlerts: 0 },
      { month: '2026-02', kind: 'obu', firmware: '1.2', devices: 1, reporting: 1, silent: 0, positions: 2, lowBatteryAlerts: 0, silenceAlerts: 1 },
      { month: '2026-02', kind: 'seal', firmware: '2.0', devices: 1, reporting: 1, silent: 0, positions: 1, lowBatteryAlerts: 1, silenceAlerts: 0 },
    ]);
  });

  it('gives the programme figures per office and month', async () => {
    assert.deepEqual((await get('programme')).json().rows, [
      { month: '2026-01', office: 'A', notes: 1, truckEseal: 0, passive: 1, truckEsealPct: 0, escortsAvoided: 0, avgTripMin: null, equippedTrucks: 0, drivers: 0 },
      { month: '2026-01', office: 'B', notes: 1, truckEseal: 1, passive: 0, truckEsealPct: 100, escortsAvoided: 0, avgTripMin: 60, equippedTrucks: 1, drivers: 1 },
      { month: '2026-02', office: 'B', notes: 1, truckEseal: 0, passive: 1, truckEsealPct: 0, escortsAvoided: 1, avgTripMin: 30, equippedTrucks: 1, drivers: 1 },
    ]);
  });

  it('exports CSV, XLSX and a PDF', async () => {
    const csv = await get('sealings', { format: 'csv' });
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const text = csv.body;
    assert.ok(text.startsWith('\ufeff月份,關區,封條種類,櫃數,CN 數'), text.slice(0, 40));
    assert.equal(text.trim().split('\r\n').length, 4);
    const xlsx = await get('sealings', { format: 'xlsx', lang: 'en' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as any);
    const ws = wb.worksheets[0];
    assert.equal(ws.getRow(1).getCell(3).value, 'Seal type');
    assert.equal(ws.getRow(3).getCell(4).value, 2);
    const pdf = await get('handling', { format: 'pdf' });
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.rawPayload.length > 1000);
  });

  it('refuses a period over 92 days at once, and runs it as a job with progress and rollups', async () => {
    const long = { from: tpe('2025-03-01T00:00:00'), to: tpe('2026-03-01T00:00:00') };
    const direct = await t.request('GET', `/api/v1/reports/alerts?${qs(long)}`, t.adminKey);
    assert.equal(direct.statusCode, 422);
    assert.equal(direct.json().errors[0].path, '/to');
    const started = await t.request('POST', '/api/v1/reports/jobs', t.adminKey, { report: 'alerts', ...long });
    assert.equal(started.statusCode, 202, started.body);
    const job = started.json();
    assert.equal(job.monthsTotal, 12);
    await operationsServices(t.ctx).jobs.settle();
    const done = (await t.request('GET', `/api/v1/reports/jobs/${job.id}`, t.adminKey)).json();
    assert.equal(done.status, 'done');
    assert.equal(done.progress, 1);
    assert.equal(done.monthsDone, 12);
    const result = (await t.request('GET', `/api/v1/reports/jobs/${job.id}/result`, t.adminKey)).json();
    assert.deepEqual(result.rows, (await get('alerts')).json().rows);
    const [{ n }] = await t.tdb.db.query(`select count(*)::int as n from report_rollups where report = 'alerts'`);
    assert.equal(n, 12, 'every closed month kept');
    // Handling an alert of a kept month forgets that month's rows (and only that month's).
    const ack = await t.request('POST', '/api/v1/alerts/A3/ack', t.adminKey, {});
    assert.equal(ack.statusCode, 200, ack.body);
    const months = await t.tdb.db.query(`select to_char(month, 'YYYY-MM') as m from report_rollups where report = 'alerts' order by 1`);
    assert.equal(months.length, 11);
    assert.ok(!months.some((r) => r.m === '2026-02'));
    // Run again: read from the rollups and compute February again, same rows but A3's new state.
    await t.tdb.db.query(`update alerts set status = 'open', acknowledged_at = null, acknowledged_by = null where alert_id = 'A3'`);
    const again = (await t.request('POST', '/api/v1/reports/jobs', t.adminKey, { report: 'alerts', ...long })).json();
    await operationsServices(t.ctx).jobs.settle();
    assert.deepEqual((await t.request('GET', `/api/v1/reports/jobs/${again.id}/result`, t.adminKey)).json().rows, result.rows);
  });

  it('gives the same rows computing several months per query, around months already kept', async () => {
    const long = { from: tpe('2025-11-01T00:00:00'), to: tpe('2026-04-01T00:00:00') };
    const now = Date.parse('2026-12-01T00:00:00Z');
    const monthly = await runByMonth(t.tdb.db, 'sealings', long, { now, rollups: false });
    // Keep February alone, then compute the rest three months a query: Nov–Jan, then Mar.
    await runByMonth(t.tdb.db, 'sealings', { from: tpe('2026-02-01T00:00:00'), to: tpe('2026-03-01T00:00:00') }, { now });
    const progress: number[] = [];
    const batched = await runByMonth(t.tdb.db, 'sealings', long, { now, monthsPerQuery: 3, onMonth: (d) => void progress.push(d) });
    assert.deepEqual(batched.rows, monthly.rows);
    assert.deepEqual(progress, [4, 5]);
  });

  it('splits a period into Taipei months', () => {
    assert.deepEqual(
      monthsOf(tpe('2026-01-15T00:00:00'), tpe('2026-03-01T00:00:00')).map((m) => [m.month, m.whole]),
      [['2026-01', false], ['2026-02', true]],
    );
  });

  it('mails a scheduled report when due', async () => {
    const created = await t.request('POST', '/api/v1/reports/schedules', t.adminKey, {
      name: 'Monthly sealings', report: 'sealings', format: 'xlsx', cadence: 'monthly', recipients: ['ops@customs.example'], office: 'B',
    });
    assert.equal(created.statusCode, 201, created.body);
    const bad = await t.request('POST', '/api/v1/reports/schedules', t.adminKey, {
      name: 'x', report: 'sealings', format: 'csv', cadence: 'daily', recipients: ['not an address'],
    });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].path, '/recipients/0');
    const sent: ReportMail[] = [];
    const mailer = { async send(m: ReportMail) { sent.push(m); } };
    const feb = Date.parse(tpe('2026-02-01T00:05:00'));
    await t.tdb.db.query(`update report_schedules set next_run_at = $1`, [new Date(feb).toISOString()]);
    assert.equal(await runDueSchedules(t.tdb.db, mailer, feb), 1);
    assert.deepEqual(sent[0].to, ['ops@customs.example']);
    assert.equal(sent[0].attachments?.[0].filename, 'sealings-2026-01-01.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sent[0].attachments![0].content as any);
    assert.equal(wb.worksheets[0].rowCount, 2, 'January, office B: one row under the heading');
    const [s] = await t.tdb.db.query(`select next_run_at from report_schedules`);
    assert.equal(new Date(s.next_run_at).getTime(), nextPeriod(feb, 'monthly'));
    assert.equal(await runDueSchedules(t.tdb.db, mailer, feb + 60_000), 0, 'not due again until March');
  });

  it('is for customs only', async () => {
    const fleet = await t.keyFor(FLEET, ['fleet_operator']);
    assert.equal((await t.request('GET', `/api/v1/reports/trips?${qs(PERIOD)}`, fleet)).statusCode, 403);
  });
});
