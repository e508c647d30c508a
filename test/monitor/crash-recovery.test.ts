// kill -9 in the middle of a stream of acknowledged reports: the real server (bin/sealwatch.js
// serve) is killed while devices are posting telemetry, then started again on the same data.
// Every acknowledged report must be stored, every alert must be there exactly once, and the trips
// must carry on to their end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSecret } from '../../src/auth/secrets.ts';
import type { Telemetry } from '../../src/core/types.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { testDb, usingPostgres, type TestDb } from '../helpers/db.ts';
import { basic, eventually, registerTrip, registerWorld } from './harness.ts';
import { journey, tripFixture, type TripFixture } from './scenario.ts';

interface Server {
  child: ChildProcess;
  port: number;
  output: string[];
  request(method: string, path: string, body?: unknown, auth?: string): Promise<{ status: number; body: any }>;
}

async function startServer(env: NodeJS.ProcessEnv, adminKey: string): Promise<Server> {
  const child = spawn(process.execPath, ['bin/sealwatch.js', 'serve'], {
    cwd: join(import.meta.dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      // The start line, or the port log line (LOG_LEVEL=info).
      const m = /SealWatch is running: http:\/\/localhost:(\d+)|"msg":"http listening on port (\d+)"/.exec(output.join(''));
      if (m) resolve(Number(m[1] ?? m[2]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output.join('').slice(-3000)}`)));
    setTimeout(() => reject(new Error(`server did not start in time:\n${output.join('').slice(-3000)}`)), 120_000).unref();
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  return {
    child,
    port,
    output,
    async request(method, path, body, auth = adminKey) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          authorization: auth.startsWith('Basic ') ? auth : `Bearer ${auth}`,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('crash recovery (kill -9)', { timeout: 600_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealwatch-crash-'));
  const adminKey = newSecret('swk');
  let tdb: TestDb | null = null;
  let env: NodeJS.ProcessEnv;
  let server: Server | null = null;

  before(async () => {
    tdb = usingPostgres ? await testDb() : null;
    env = {
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      JT808_PORT: '0',
      SEALWATCH_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'warn',
      DATABASE_URL: tdb?.databaseUrl ?? '',
      MQTT_URL: '',
    };
  });
  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await stopped(server.child);
    }
    await tdb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged report, raises each alert once, and carries on', async () => {
    server = await startServer(env, adminKey);
    await registerWorld(server);
    const trips: TripFixture[] = [1, 2, 3, 4].map((n) => tripFixture(n, 'K'));
    const secrets: Record<string, string> = {};
    for (const t of trips) Object.assign(secrets, await registerTrip(server, t));

    // Each OBU reports its journey, one request per report, in order; seal A is tampered with
    // from km 3 on. The server is killed once 40 % of all reports have been acknowledged.
    const start = Date.now() - 30 * 60_000;
    const plans = new Map(trips.map((t) => [t.obu, journey(t, start, { tamperAtKm: 3, steps: 20 })]));
    const total = [...plans.values()].reduce((n, p) => n + p.length, 0);
    const acked: Telemetry[] = [];
    const nextIndex = new Map(trips.map((t) => [t.obu, 0]));
    let killed = false;
    const s1 = server;
    const feed = async (t: TripFixture) => {
      const plan = plans.get(t.obu)!;
      for (let i = 0; i < plan.length; i++) {
        try {
          const r = await s1.request('POST', '/telemetry', plan[i], basic(t.obu, secrets[t.obu]));
          if (r.status !== 202) throw new Error(`telemetry → ${r.status}: ${JSON.stringify(r.body)}`);
          acked.push(plan[i]);
          nextIndex.set(t.obu, i + 1);
        } catch (err) {
          if (killed) return; // the connection died with the server: this report was not acknowledged
          throw err;
        }
        if (!killed && acked.length >= total * 0.4) {
          killed = true;
          s1.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(trips.map(feed));
    await stopped(s1.child);
    assert.equal(s1.child.signalCode, 'SIGKILL');
    assert.ok(acked.length >= total * 0.4 && acked.length < total, `${acked.length} of ${total} acknowledged before the kill`);

    // Start again on the same data.
    server = await startServer(env, adminKey);
    const s2 = server;
    const alertsBefore = (await s2.request('GET', '/alerts?limit=1000')).body as any[];
    // Each trip whose tampered report was acknowledged has its alert, once (a report stored but not
    // yet acknowledged at the kill may have raised one more).
    const plateOf = new Map(trips.map((t) => [t.obu, t.plate]));
    const tampered = new Set(acked.filter((r) => r.seals?.some((s) => s.state === 'tampered')).map((r) => plateOf.get(r.deviceId)));
    const tamperAlerts = alertsBefore.filter((a) => a.alertType === 'seal_tamper');
    for (const plate of tampered) assert.equal(tamperAlerts.filter((a) => a.plate === plate).length, 1, `one alert for ${plate}`);
    assert.ok(tamperAlerts.length <= trips.length);

    // The devices did not get an answer for what was in flight: they send it again, and the rest.
    await Promise.all(
      trips.map(async (t) => {
        const plan = plans.get(t.obu)!;
        for (let i = nextIndex.get(t.obu)!; i < plan.length; i++) {
          const r = await s2.request('POST', '/telemetry', plan[i], basic(t.obu, secrets[t.obu]));
          assert.equal(r.status, 202);
          acked.push(plan[i]);
        }
      }),
    );
    // At the destination the seals report unlocked: the trips close.
    const end = start + 25 * 60_000;
    for (const t of trips) {
      const r = await s2.request('POST', '/telemetry', {
        ...plans.get(t.obu)!.at(-1)!,
        ts: new Date(end).toISOString(),
        seals: t.seals.map((id) => ({ id, state: 'unlocked', link: 'ok' })),
      }, basic(t.obu, secrets[t.obu]));
      assert.equal(r.status, 202);
    }
    await eventually(async () => {
      const list = (await s2.request('GET', '/trips')).body as any[];
      return list.length === trips.length && list.every((x) => x.state === 'closed');
    }, 20_000, 'every trip closed');
    const alerts = (await s2.request('GET', '/alerts?limit=1000')).body as any[];
    assert.equal(alerts.filter((a) => a.alertType === 'seal_tamper').length, trips.length, 'one tamper alert per trip, no more');
    assert.equal(new Set(alerts.map((a) => `${a.tripId}/${a.alertType}`)).size, alerts.length, 'no alert twice');

    s2.child.kill('SIGTERM');
    await stopped(s2.child);

    // Straight from the store: every acknowledged report is in the input log and has a position.
    const db: Db = await openDb({ databaseUrl: tdb?.databaseUrl, dataDir: tdb ? undefined : dataDir });
    try {
      const inputs = await db.query(`select data->>'deviceId' as d, data->>'ts' as ts from engine_inputs where type = 'telemetry'`);
      const have = new Set(inputs.map((r) => `${r.d}@${r.ts}`));
      const missing = acked.filter((r) => !have.has(`${r.deviceId}@${r.ts}`));
      assert.deepEqual(missing, [], 'every acknowledged report is stored');
      const positions = await db.query('select device_id as d, ts from positions');
      const havePos = new Set(positions.map((r) => `${r.d}@${new Date(r.ts).toISOString()}`));
      assert.deepEqual(acked.filter((r) => !havePos.has(`${r.deviceId}@${new Date(r.ts).toISOString()}`)), [], 'every report has its position');
      const events = await db.query(`select alert_id, count(*)::int as n from alert_events where kind = 'opened' group by alert_id`);
      assert.ok(events.every((e) => e.n === 1), 'each alert opened once');
      const [progress] = await db.query('select outputs_seq from monitor_progress');
      const [last] = await db.query('select max(seq) as s from engine_inputs');
      assert.equal(Number(progress.outputs_seq), Number(last.s), 'the stored outputs caught up with the log');
      const commands = await db.query('select status from commands');
      assert.equal(commands.length, trips.length * 2);
      assert.ok(commands.every((c) => c.status === 'acknowledged'), JSON.stringify(commands));
    } finally {
      await db.close();
    }
  });
});
