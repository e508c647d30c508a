// Cluster benchmark: `npm run bench:cluster` (or `sealwatch bench cluster [--positions N]`).
//
// The same work, an offered load of position reports (as fast as the intake acknowledges them,
// 64 batches of 50 in flight) with a tampered seal now and then, is run:
//   - baseline: one process without NATS (the monitor with its in-process bus) on PostgreSQL;
//   - the cluster with 1, 2 and 4 engine workers (child processes, `serve --role engine`) behind
//     one intake node (this process) over NATS JetStream, on the same PostgreSQL.
// Throughput = reports stored with their positions per second, from the first submit to the last
// position stored. Alert latency = submit of the tampered report → the alert announced (the
// monitor's listeners; the workers' outputs subject in the cluster). Each figure is also given as
// a ratio to the baseline. Needs DATABASE_URL (default the local PostgreSQL) and NATS_URL
// (default nats://127.0.0.1:4222); every run gets a database and stream of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fleetReport, fleetSetup, fleetVehicle } from './lib/cluster-fleet.ts';
import { clusterConfigFromEnv } from '../src/cluster/config.ts';
import { IntakeNode } from '../src/cluster/intake-node.ts';
import { connectCluster } from '../src/cluster/nats.ts';
import type { TakeoverReport } from '../src/cluster/partition-runner.ts';
import type { EngineInputSink, NewInput } from '../src/platform.ts';
import type { MonitorEvent } from '../src/monitor/records.ts';
import { Monitor } from '../src/monitor/monitor.ts';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const argAt = process.argv.indexOf('--positions');
const POSITIONS = argAt > 0 ? Number(process.argv[argAt + 1]) : 20_000;
const VEHICLES = 500;
const BATCH = 50;
const IN_FLIGHT = 64;
const TAMPER_EVERY = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freshDb(): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const name = `sw_bench_${randomBytes(5).toString('hex')}`;
  const admin = await openDb({ databaseUrl: PG });
  await admin.exec(`create database ${name}`);
  await admin.close();
  const u = new URL(PG);
  u.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: u.toString() });
  await migrate(db);
  return {
    db,
    url: u.toString(),
    async drop() {
      await db.close();
      const a = await openDb({ databaseUrl: PG });
      await a.exec(`drop database if exists ${name} with (force)`);
      await a.close();
    },
  };
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN) };
}

interface Run {
  throughput: number;
  intakeRate: number;
  alertLatencyMs: ReturnType<typeof summary>;
  missingAlerts: number;
  refused: number;
}

/** Offers the load through `sink`; alerts are matched by plate as `announced` reports them. */
async function drive(sink: EngineInputSink, db: Db, onAlert: (cb: (plate: string) => void) => void): Promise<Run> {
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  onAlert((plate) => {
    const sent = pending.get(plate);
    if (sent !== undefined) {
      latencies.push(performance.now() - sent);
      pending.delete(plate);
    }
  });
  const sent = new Array<number>(VEHICLES).fill(0);
  let k = 0;
  let submitted = 0;
  let refused = 0;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  while (submitted < POSITIONS) {
    const batch: NewInput[] = [];
    const tampered: string[] = [];
    for (let i = 0; i < BATCH; i++, k = (k + 1) % VEHICLES) {
      const n = sent[k]++;
      const r = fleetReport(k, n, Date.now(), TAMPER_EVERY);
      // A tampered report after a locked one opens an alert: time those.
      if (n > 5 && (n + k) % TAMPER_EVERY === 0) tampered.push(fleetVehicle(k).plate);
      batch.push(r);
    }
    const at = performance.now();
    for (const plate of tampered) pending.set(plate, at);
    const p = sink.submit(batch).catch(() => void (refused += batch.length));
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    submitted += batch.length;
    if (inflight.size >= IN_FLIGHT) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  const acked = performance.now();
  let stored = 0;
  for (let i = 0; i < 6000 && stored < POSITIONS - refused; i++) {
    stored = Number((await db.query<{ n: number }>('select count(*)::int as n from positions'))[0].n);
    if (stored < POSITIONS - refused) await sleep(50);
  }
  const done = performance.now();
  for (let i = 0; i < 100 && pending.size; i++) await sleep(50);
  return {
    throughput: Math.round(stored / ((done - started) / 1000)),
    intakeRate: Math.round(POSITIONS / ((acked - started) / 1000)),
    alertLatencyMs: summary(latencies),
    missingAlerts: pending.size,
    refused,
  };
}

async function baseline(): Promise<Run> {
  const { db, drop } = await freshDb();
  const monitor = new Monitor(db, {});
  await monitor.start();
  try {
    for (const batch of fleetSetup(VEHICLES)) await monitor.submit(batch);
    await monitor.settled();
    return await drive(monitor, db, (cb) =>
      monitor.listen((events) => {
        for (const e of events) if (e.type === 'alert') cb(e.data.plate);
      }),
    );
  } finally {
    await monitor.close();
    await drop();
  }
}

async function cluster(workers: number): Promise<Run & { workers: number }> {
  const { db, url, drop } = await freshDb();
  const env = { NATS_URL: NATS, CLUSTER_NAME: `bench${randomBytes(4).toString('hex')}`, CLUSTER_PARTITIONS: '16' };
  const link = await connectCluster(clusterConfigFromEnv(env)!, 'bench-cluster');
  const procs: ChildProcess[] = [];
  const node = new IntakeNode(db, link);
  try {
    const caught = new Set<number>();
    const reports = link.nc.subscribe(link.names.takeovers);
    void (async () => {
      for await (const m of reports) caught.add((m.json() as TakeoverReport).partition);
    })();
    for (let i = 0; i < workers; i++) {
      procs.push(
        spawn(process.execPath, ['bin/sealwatch.js', 'serve', '--role', 'engine'], {
          env: { ...process.env, ...env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
          stdio: 'ignore',
        }),
      );
    }
    for (let i = 0; i < 1200 && caught.size < 16; i++) await sleep(100);
    // Let the workers settle on their shares before measuring.
    await sleep(5000);
    await node.start();
    for (const batch of fleetSetup(VEHICLES)) await node.submit(batch);
    const run = await drive(node, db, (cb) => {
      const sub = link.nc.subscribe(link.names.outputs);
      void (async () => {
        for await (const m of sub) for (const e of m.json() as MonitorEvent[]) if (e.type === 'alert') cb(e.data.plate);
      })();
    });
    return { workers, ...run };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await node.close();
    await link.jsm.streams.delete(link.names.stream).catch(() => undefined);
    await link.jsm.streams.delete(`KV_${link.names.leaseBucket}`).catch(() => undefined);
    await link.close();
    await sleep(1000);
    await drop();
  }
}

const base = await baseline();
const runs = [];
for (const w of [1, 2, 4]) runs.push(await cluster(w));
const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
console.log(
  JSON.stringify(
    {
      benchmark: 'cluster',
      what: 'position reports stored per second and alert latency (submit → announced), one intake in this process; cluster = NATS JetStream + engine worker processes',
      positions: POSITIONS,
      vehicles: VEHICLES,
      machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 10) / 10 },
      baseline: { what: 'one process, in-process bus, PostgreSQL', ...base },
      cluster: runs.map((r) => ({
        ...r,
        ratio: {
          throughput: ratio(r.throughput, base.throughput),
          intakeRate: ratio(r.intakeRate, base.intakeRate),
          alertP50: ratio(r.alertLatencyMs.p50, base.alertLatencyMs.p50),
          alertP99: ratio(r.alertLatencyMs.p99, base.alertLatencyMs.p99),
        },
      })),
    },
    null,
    2,
  ),
);
process.exit(0);
