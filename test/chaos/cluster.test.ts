// Chaos: engine workers (child processes, `sealwatch serve --role engine`) are killed with SIGKILL
// under a steady load of positions, one at a time, and each is replaced by a fresh one. After the
// kills: every acknowledged input is stored with its position, the alerts stored are exactly those
// one engine raises over the same stored inputs, each in the notifier's outbox once, and no alert
// was announced twice. The failover time of each kill (death → every partition it held taken and
// caught up) is printed as JSON.
//
// Needs NATS with JetStream (TEST_NATS_URL) and PostgreSQL (TEST_DATABASE_URL: the processes share
// the database). CHAOS_KILLS (default 2), CHAOS_RATE positions a second (default 1000),
// CHAOS_WORKERS (default 2); `npm run test:chaos` runs ten kills at 5,000 positions a second.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fleetReport, fleetSetup } from '../../bench/lib/cluster-fleet.ts';
import { clusterConfigFromEnv } from '../../src/cluster/config.ts';
import { IntakeNode } from '../../src/cluster/intake-node.ts';
import { connectCluster } from '../../src/cluster/nats.ts';
import type { TakeoverReport } from '../../src/cluster/partition-runner.ts';
import { singleProcessAlerts } from '../../src/cluster/single-replay.ts';
import type { MonitorEvent } from '../../src/monitor/records.ts';
import { testDb } from '../helpers/db.ts';

const NATS = process.env.TEST_NATS_URL;
const PG = process.env.TEST_DATABASE_URL;
const KILLS = Number(process.env.CHAOS_KILLS ?? 2);
const RATE = Number(process.env.CHAOS_RATE ?? 1000);
const WORKERS = Number(process.env.CHAOS_WORKERS ?? 2);
const PARTITIONS = 16;
const VEHICLES = 2000;

const skip = !NATS ? 'TEST_NATS_URL is not set' : !PG ? 'TEST_DATABASE_URL is not set (the processes share PostgreSQL)' : false;

interface Worker {
  proc: ChildProcess;
  id: Promise<string>;
}

/** Progress of a long run, on stderr as it happens. */
const note = (msg: string) => process.stderr.write(`chaos: ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`${KILLS} engine workers killed under ${RATE} positions a second`, { skip, timeout: 30 * 60_000 }, async () => {
  const t = await testDb();
  const name = `chaos${randomBytes(4).toString('hex')}`;
  const env = { NATS_URL: NATS!, CLUSTER_NAME: name, CLUSTER_PARTITIONS: String(PARTITIONS) };
  const link = await connectCluster(clusterConfigFromEnv(env)!, 'chaos-test');
  const workers: Worker[] = [];
  const node = new IntakeNode(t.db, link);
  try {
    const announced: string[] = [];
    const takeovers: TakeoverReport[] = [];
    const outputs = link.nc.subscribe(link.names.outputs);
    void (async () => {
      for await (const m of outputs) for (const e of m.json() as MonitorEvent[]) if (e.type === 'alert') announced.push(e.data.alertId);
    })();
    const reports = link.nc.subscribe(link.names.takeovers);
    void (async () => {
      for await (const m of reports) takeovers.push(m.json());
    })();

    const startWorker = (): Worker => {
      const proc = spawn(process.execPath, ['bin/sealwatch.js', 'serve', '--role', 'engine'], {
        env: { ...process.env, ...env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'silent' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const id = new Promise<string>((resolve) => {
        let out = '';
        proc.stdout!.on('data', (b: Buffer) => {
          out += b.toString();
          if (process.env.CHAOS_LOG_LEVEL) process.stderr.write(b);
          const m = /engine worker (\S+) is running/.exec(out);
          if (m) resolve(m[1]);
        });
      });
      const w = { proc, id };
      workers.push(w);
      return w;
    };
    /** Partition → the worker holding its lease. */
    const holders = async () => {
      const held = new Map<number, string>();
      const entries = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => link.leases.get(`p.${p}`)));
      entries.forEach((e, p) => {
        if (e && e.operation === 'PUT') held.set(p, e.string());
      });
      return held;
    };
    const live = () => workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
    /** Every partition held by a live worker and caught up since `since`. */
    const steady = async (since: number) => {
      const giveUpAt = Date.now() + 180_000;
      while (Date.now() < giveUpAt) {
        const ids = new Set(await Promise.all(live().map((w) => w.id)));
        const held = await holders();
        // A partition is caught up when its latest takeover report is its holder's.
        const latest = new Map<number, TakeoverReport>();
        for (const r of takeovers) if (r.acquiredAt >= since && (latest.get(r.partition)?.acquiredAt ?? -1) <= r.acquiredAt) latest.set(r.partition, r);
        if (held.size === PARTITIONS && [...held.values()].every((id) => ids.has(id))) {
          const share = Math.ceil(PARTITIONS / ids.size);
          const counts = [...ids].map((id) => [...held.values()].filter((h) => h === id).length);
          const caughtUp = [...held].every(([p, id]) => latest.get(p)?.worker === id || !takeovers.some((r) => r.partition === p && r.acquiredAt >= since));
          if (counts.every((c) => c <= share) && caughtUp) return;
        }
        await sleep(100);
      }
      assert.fail('the partitions never settled on the live workers');
    };

    for (let i = 0; i < WORKERS; i++) startWorker();
    await Promise.all(workers.map((w) => w.id));
    await node.start();
    for (const batch of fleetSetup(VEHICLES)) await node.submit(batch);
    await steady(0);
    note(`${live().length} workers hold the ${PARTITIONS} partitions; load starts`);

    // The load: RATE positions a second in 20 ms slices, vehicles in turn.
    let acked = 0;
    let refused = 0;
    let running = true;
    const loadStarted = performance.now();
    const sentPer = new Array<number>(VEHICLES).fill(0);
    const load = (async () => {
      const perSlice = Math.max(1, Math.round(RATE / 50));
      let k = 0;
      const inflight = new Set<Promise<void>>();
      let next = performance.now();
      while (running) {
        const batch = [];
        for (let i = 0; i < perSlice; i++, k = (k + 1) % VEHICLES) batch.push(fleetReport(k, sentPer[k]++, Date.now(), 50));
        const p = node.submit(batch).then(
          () => void (acked += batch.length),
          () => void (refused += batch.length),
        );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        next += 20;
        // Offered at RATE, but never more than a second's worth unacknowledged: a machine that
        // cannot keep up is measured at the rate it holds (reported) rather than drowned.
        if (inflight.size >= 50) {
          await Promise.race(inflight);
          next = Math.max(next, performance.now());
        }
        await sleep(Math.max(0, next - performance.now()));
      }
      await Promise.all(inflight);
    })();

    const kills: { worker: string; partitions: number; leaseMovedMs: number; failoverMs: number; replayed: number }[] = [];
    await sleep(3000);
    for (let i = 0; i < KILLS; i++) {
      const alive = live();
      const victim = alive[Math.floor(Math.random() * alive.length)];
      const victimId = await victim.id;
      const held = [...(await holders())].filter(([, id]) => id === victimId).map(([p]) => p);
      const killedAt = Date.now();
      victim.proc.kill('SIGKILL');
      // Taken over: each of its partitions acquired and caught up by another worker after the kill.
      let done: TakeoverReport[] = [];
      for (let w = 0; w < 2400; w++) {
        done = held.map((p) => takeovers.find((r) => r.partition === p && r.acquiredAt >= killedAt)).filter((r): r is TakeoverReport => !!r);
        if (done.length === held.length) break;
        await sleep(50);
      }
      assert.equal(done.length, held.length, `kill ${i + 1}: partitions ${held.join(',')} were not all taken over`);
      kills.push({
        worker: victimId,
        partitions: held.length,
        leaseMovedMs: Math.max(...done.map((r) => r.acquiredAt)) - killedAt,
        failoverMs: Math.max(...done.map((r) => r.caughtUpAt)) - killedAt,
        replayed: done.reduce((n, r) => n + r.replayed, 0),
      });
      note(`kill ${i + 1}: worker ${victimId} (${held.length} partitions) leases moved in ${kills[kills.length - 1].leaseMovedMs} ms, caught up in ${kills[kills.length - 1].failoverMs} ms; ${acked} acknowledged`);
      // A replacement joins and takes its share back.
      const since = Date.now();
      await startWorker().id;
      await steady(since);
      await sleep(1000);
    }
    running = false;
    await load;
    const achievedRate = Math.round(acked / ((performance.now() - loadStarted) / 1000));
    note(`load stopped: ${acked} acknowledged (${achievedRate} a second), ${refused} refused`);

    // Everything acknowledged is stored, with its position.
    const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql))[0].n);
    const telemetry = await count(`select count(*)::int as n from engine_inputs where type = 'telemetry'`);
    assert.ok(telemetry >= acked, `${acked} acknowledged, ${telemetry} stored`);
    let positions = 0;
    for (let i = 0; i < 1200; i++) {
      positions = await count('select count(*)::int as n from positions');
      if (positions === telemetry) break;
      await sleep(100);
    }
    assert.equal(positions, telemetry, 'every stored position report has its position');
    const missing = await count(
      `select count(*)::int as n from engine_inputs i where i.type = 'telemetry' and not exists (select 1 from positions p where p.input_seq = i.seq)`,
    );
    assert.equal(missing, 0);

    // The alerts are exactly those of one engine over the same inputs; none announced twice.
    const expected = await singleProcessAlerts(t.db);
    let stored = new Set<string>();
    for (let i = 0; i < 600; i++) {
      stored = new Set((await t.db.query<{ alert_id: string }>('select alert_id from alerts')).map((r) => r.alert_id));
      if (stored.size >= expected.size) break;
      await sleep(100);
    }
    assert.ok(expected.size > 0, 'the load raised alerts');
    assert.deepEqual([...stored].filter((id) => !expected.has(id)), [], 'no alert the single engine does not raise');
    assert.deepEqual([...expected].filter((id) => !stored.has(id)), [], 'no alert lost');
    const opened = await count(`select count(*)::int as n from alert_events where kind = 'opened'`);
    assert.equal(opened, stored.size, 'one opening per alert');
    assert.equal(new Set(announced).size, announced.length, 'no alert announced twice');
    // Announcement is at most once (an alert stored just before a kill may go unannounced); the
    // notifier's outbox is written with the alert, so people are told of every one, once.
    const told = await count(`select count(*)::int as n from notification_events where kind = 'alert'`);
    assert.equal(told, stored.size, 'every stored alert in the notifier\'s outbox, once');

    const report = {
      kills: kills.length, rate: RATE, achievedRate, workers: WORKERS, partitions: PARTITIONS, acknowledged: acked, refused,
      alerts: stored.size, announced: announced.length, told,
      failoverMs: { max: Math.max(...kills.map((k) => k.failoverMs)), each: kills.map((k) => k.failoverMs) },
      leaseMovedMs: { max: Math.max(...kills.map((k) => k.leaseMovedMs)), each: kills.map((k) => k.leaseMovedMs) },
      replayedPerKill: kills.map((k) => k.replayed),
    };
    console.log(JSON.stringify(report));
    if (process.env.CHAOS_REPORT) writeFileSync(process.env.CHAOS_REPORT, JSON.stringify(report, null, 2));
  } finally {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
    await node.close().catch(() => undefined);
    await link.jsm.streams.delete(link.names.stream).catch(() => undefined);
    await link.jsm.streams.delete(`KV_${link.names.leaseBucket}`).catch(() => undefined);
    await link.close();
    await t.close();
  }
});
