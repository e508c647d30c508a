// Liveness, readiness and Prometheus metrics: what an operator's probes and scrapes see.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMetrics } from '../../src/ops/metrics.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { startHarness, type Harness } from '../monitor/harness.ts';
import { telemetryInputs, tripFixture, tripInputs, worldInputs, journey } from '../monitor/scenario.ts';

describe('a running platform', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const get = (path: string, key?: string) => fetch(`${h.base}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  test('/healthz and /readyz answer without credentials', async () => {
    const live = await get('/healthz');
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: 'ok' });
    const ready = await get('/readyz');
    assert.equal(ready.status, 200);
    const body = await ready.json();
    assert.equal(body.status, 'ready');
    assert.match(body.checks.database, /^ok/);
    assert.equal(body.checks.monitor, 'ok');
  });

  test('/metrics needs a customs admin', async () => {
    assert.equal((await get('/metrics')).status, 401);
  });

  test('/metrics counts stored inputs, positions, alerts by type and HTTP requests', async () => {
    const t = tripFixture(1, 'M');
    const monitor = h.server.ctx.inputs;
    await monitor.submit([...worldInputs(), ...tripInputs(t)]);
    await monitor.submit(telemetryInputs(journey(t, Date.now() - 60_000, { tamperAtKm: 2, steps: 8 })));
    await (h.server.ctx.services.monitor as { settled(): Promise<void> }).settled();

    const res = await get('/metrics', h.adminKey);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    const value = (line: RegExp) => Number(text.match(line)?.[1] ?? NaN);
    assert.ok(value(/^sealwatch_inputs_stored_total (\d+)/m) >= 10, 'stored inputs counted');
    assert.ok(value(/^sealwatch_positions_stored_total (\d+)/m) >= 1, 'positions counted');
    assert.equal(value(/^sealwatch_alerts_opened_total\{type="seal_tamper"\} (\d+)/m), 1);
    assert.equal(value(/^sealwatch_alerts_unresolved\{type="seal_tamper",status="open"\} (\d+)/m), 1);
    assert.match(text, /^sealwatch_fixes_dropped_total\{reason="outlier"\} \d+/m, 'every reason is exposed, zero or not');
    assert.match(text, /^sealwatch_queue_depth\{queue="writer"\} \d+/m);
    assert.match(text, /^sealwatch_queue_depth\{queue="intake"\} \d+/m);
    assert.match(text, /^sealwatch_process_nodejs_eventloop_lag_seconds /m);
    assert.match(text, /^sealwatch_db_probe_seconds_count \d+/m);
    assert.match(text, /^sealwatch_db_up 1/m);
    assert.match(text, /^sealwatch_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/m);
  });
});

describe('an API without a running engine', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  test('/readyz says not ready, naming the part that is not', async () => {
    const res = await t.request('GET', '/readyz');
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json().checks.monitor, 'not running');
  });
});

test('fixes dropped by reason come from the engine counts, labelled', async () => {
  const t = await testApp();
  try {
    const dropped: Record<string, number> = { outlier: 3, late: 2 };
    const metrics = createMetrics({
      db: t.tdb.db,
      monitor: () => ({
        intake: { batches: 0, inputs: 0, largestBatch: 0, failedBatches: 0 },
        engine: { applied: 0, ticks: 0, errors: 0, outputs: 0, dropped },
        writer: { batches: 0, records: 0, positions: 0, alerts: 0, failedBatches: 0, queued: 0 },
      }),
    });
    const text = await metrics.registry.metrics();
    assert.match(text, /^sealwatch_fixes_dropped_total\{reason="outlier"\} 3$/m);
    assert.match(text, /^sealwatch_fixes_dropped_total\{reason="late"\} 2$/m);
  } finally {
    await t.close();
  }
});
