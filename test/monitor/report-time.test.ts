// Report times at intake: a report dated outside the window around the time it is received (a
// device clock gone wrong: year 0, year 9999) is refused at every gateway, naming the field and the
// rule, and the good reports beside it are kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { TelemetryIngest } from '../../src/gateways/mqtt/ingest.ts';
import { parseTelemetryPayload } from '../../src/gateways/mqtt/payload.ts';
import { checkTelemetry, DEFAULT_REPORT_TIME_WINDOW } from '../../src/monitor/telemetry-check.ts';
import type { EngineInput } from '../../src/core/types.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const YEAR_0 = '0000-01-01T00:00:00Z';
const YEAR_9999 = '9999-12-31T23:59:59Z';
const report = (ts: string) => ({ deviceId: 'OBU1', ts, lat: 22.6, lon: 120.3, speedKmh: 40 });

describe('report time window: the shared check', () => {
  const atMs = Date.parse('2026-03-01T00:00:00Z');
  const received = { atMs, window: DEFAULT_REPORT_TIME_WINDOW };
  const check = (ts: string) => checkTelemetry(report(ts), '', received);

  it('refuses year 0 and year 9999, naming ts and the rule', () => {
    for (const ts of [YEAR_0, YEAR_9999]) {
      const r = check(ts);
      assert.equal(r.ok, false, ts);
      if (r.ok) return;
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0].path, '/ts');
    }
    const old = check(YEAR_0);
    assert.ok(!old.ok && /at most 7 days before the time the report is received/.test(old.errors[0].message));
    const ahead = check(YEAR_9999);
    assert.ok(!ahead.ok && /at most 5 minutes after the time the report is received/.test(ahead.errors[0].message));
  });

  it('accepts stored-and-forwarded reports up to the window and a little clock skew', () => {
    assert.equal(check(new Date(atMs - 7 * 86_400_000).toISOString()).ok, true);
    assert.equal(check(new Date(atMs - 7 * 86_400_000 - 1000).toISOString()).ok, false);
    assert.equal(check(new Date(atMs + 5 * 60_000).toISOString()).ok, true);
    assert.equal(check(new Date(atMs + 5 * 60_000 + 1000).toISOString()).ok, false);
  });

  it('takes the window from the configuration', () => {
    const config = loadConfig({ REPORT_MAX_AGE_SECONDS: '3600', REPORT_MAX_AHEAD_SECONDS: '60' });
    assert.deepEqual(config.reportTimeWindow, { maxAgeMs: 3_600_000, maxAheadMs: 60_000 });
    assert.deepEqual(loadConfig({}).reportTimeWindow, DEFAULT_REPORT_TIME_WINDOW);
    const r = checkTelemetry(report(new Date(atMs - 2 * 3_600_000).toISOString()), '', { atMs, window: config.reportTimeWindow });
    assert.ok(!r.ok && r.errors[0].message.startsWith('must be at most 1 hour before'));
    assert.throws(() => loadConfig({ REPORT_MAX_AHEAD_SECONDS: '3600' }), /REPORT_MAX_AHEAD_SECONDS/);
    assert.throws(() => loadConfig({ REPORT_MAX_AGE_SECONDS: 'a week' }), /REPORT_MAX_AGE_SECONDS/);
  });
});

describe('report time window: MQTT', () => {
  it('drops the badly dated reports of a payload with the reason and keeps the good one', () => {
    const good = new Date().toISOString();
    const { reports, problems } = parseTelemetryPayload('OBU1', JSON.stringify([report(YEAR_0), report(good), report(YEAR_9999)]));
    assert.deepEqual(reports.map((r) => r.ts), [good]);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^\/0\/ts: must be at most 7 days before/);
    assert.match(problems[1], /^\/2\/ts: must be at most 5 minutes after/);
  });

  it('the ingest stores only the good report and logs the refused ones', async () => {
    const submitted: EngineInput[] = [];
    const logs: { msg: string; extra?: object }[] = [];
    const ingest = new TelemetryIngest(
      () => ({ submit: async (inputs: EngineInput[]) => void submitted.push(...inputs) }),
      (_level, msg, extra) => logs.push({ msg, extra }),
    );
    await ingest.handle('OBU1', JSON.stringify([report(YEAR_0), report(new Date().toISOString())]));
    await ingest.handle('OBU1', JSON.stringify(report(YEAR_9999)));
    assert.equal(submitted.length, 1);
    assert.equal(ingest.stats.invalidReports, 2);
    assert.equal(ingest.stats.invalidMessages, 1);
    assert.equal(logs.filter((l) => l.msg.includes('invalid telemetry dropped')).length, 2);
  });
});

describe('report time window: HTTP POST /telemetry', () => {
  let t: TestApp;
  let key: string;
  before(async () => {
    t = await testApp();
    key = await t.keyFor(CUSTOMS_UBN, ['customs_admin']);
  });
  after(() => t.close());

  it('names each badly dated report and keeps the good one of the batch', async () => {
    const good = report(new Date().toISOString());
    const r = await t.request('POST', '/api/v1/telemetry', key, [report(YEAR_0), good, report(YEAR_9999)]);
    assert.equal(r.statusCode, 202);
    const body = r.json();
    assert.equal(body.accepted, 1);
    assert.equal(body.rejected, 2);
    assert.deepEqual(body.errors.map((e: { path: string }) => e.path), ['/body/0/ts', '/body/2/ts']);
    assert.match(body.errors[0].message, /at most 7 days before the time the report is received/);
    assert.match(body.errors[1].message, /at most 5 minutes after the time the report is received/);
    assert.deepEqual(t.sink.inputs.map((i) => (i.type === 'telemetry' ? i.data.ts : null)), [good.ts]);
  });

  it('refuses a single badly dated report with problem details', async () => {
    const before = t.sink.inputs.length;
    const r = await t.request('POST', '/api/v1/telemetry', key, report(YEAR_9999));
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().errors[0].path, '/body/ts');
    assert.equal(t.sink.inputs.length, before);
  });
});
