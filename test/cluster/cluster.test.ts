// The clustered deployment over a real NATS JetStream (TEST_NATS_URL, e.g. nats://127.0.0.1:4222):
// an intake node publishes stored inputs to their partitions, an engine worker applies them and
// stores the outputs; a second worker taking the partitions over replays them without storing or
// announcing anything twice; a restart of the whole cluster after downtime is recorded, a node
// joining a running cluster is not. The partitioning itself needs no server.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fleetReport, fleetSetup, fleetVehicle } from '../../bench/lib/cluster-fleet.ts';
import { clusterConfigFromEnv, parseRole } from '../../src/cluster/config.ts';
import { DOWNTIME_MARGIN_MS, downtimeSince, IntakeNode } from '../../src/cluster/intake-node.ts';
import { connectCluster, type ClusterLink } from '../../src/cluster/nats.ts';
import { partitionOf } from '../../src/cluster/partitions.ts';
import { singleProcessAlerts } from '../../src/cluster/single-replay.ts';
import { EngineWorker } from '../../src/cluster/worker.ts';
import type { EngineInput } from '../../src/core/types.ts';
import type { MonitorEvent } from '../../src/monitor/records.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

const NATS = process.env.TEST_NATS_URL;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`never: ${what}`);
}

describe('partitions and settings', () => {
  test('a key always maps to the same partition, and keys spread over all of them', () => {
    const seen = new Set<number>();
    for (let k = 0; k < 2000; k++) {
      const p = partitionOf(fleetVehicle(k).plate, 16);
      assert.equal(p, partitionOf(fleetVehicle(k).plate, 16));
      assert.ok(p >= 0 && p < 16);
      seen.add(p);
    }
    assert.equal(seen.size, 16);
  });

  test('settings are read from the environment and checked', () => {
    assert.equal(clusterConfigFromEnv({}), undefined);
    assert.deepEqual(clusterConfigFromEnv({ NATS_URL: 'nats://127.0.0.1:4222' }), {
      natsUrl: 'nats://127.0.0.1:4222', partitions: 16, name: 'sealwatch', leaseSeconds: 3,
    });
    assert.throws(() => clusterConfigFromEnv({ NATS_URL: 'nats://x:1', CLUSTER_PARTITIONS: '0' }), /CLUSTER_PARTITIONS must be a whole number 1..1024/);
    assert.throws(() => clusterConfigFromEnv({ NATS_URL: 'nats://x:1', CLUSTER_NAME: 'Bad Name' }), /CLUSTER_NAME/);
    assert.throws(() => clusterConfigFromEnv({ NATS_URL: 'http://x' }), /NATS_URL must be/);
    assert.equal(parseRole('engine'), 'engine');
    assert.throws(() => parseRole('worker'), /--role must be one of all, gateway, api, engine/);
  });

  test('a start records downtime only well past both the last input and the alive mark', () => {
    const t0 = Date.parse('2025-03-03T00:00:00Z');
    const iso = (ms: number) => new Date(ms).toISOString();
    // An empty log: nothing ran before.
    assert.equal(downtimeSince(null, t0, t0 + 3_600_000), null);
    // Another node is beating, though no input came for an hour.
    assert.equal(downtimeSince(t0, t0 + 3_600_000 - 1000, t0 + 3_600_000), null);
    assert.equal(downtimeSince(t0, t0 + 3_600_000 - DOWNTIME_MARGIN_MS, t0 + 3_600_000), null);
    // Inputs kept coming, without a mark (a cluster from before the marks).
    assert.equal(downtimeSince(t0, null, t0 + DOWNTIME_MARGIN_MS), null);
    // Nobody beat for an hour: down since the later of the two.
    assert.deepEqual(downtimeSince(t0, t0 + 20_000, t0 + 3_600_000), { lastInputAt: iso(t0), aliveUntil: iso(t0 + 20_000) });
    assert.deepEqual(downtimeSince(t0 + 20_000, t0, t0 + 3_600_000), { lastInputAt: iso(t0 + 20_000), aliveUntil: iso(t0 + 20_000) });
    assert.deepEqual(downtimeSince(t0, null, t0 + DOWNTIME_MARGIN_MS + 1), { lastInputAt: iso(t0), aliveUntil: iso(t0) });
  });
});

describe('an intake node and engine workers over JetStream', { skip: NATS ? false : 'TEST_NATS_URL is not set' }, () => {
  let t: TestDb;
  let link: ClusterLink;
  let node: IntakeNode;
  const announced: MonitorEvent[] = [];
  const VEHICLES = 40;

  before(async () => {
    t = await testDb();
    const config = clusterConfigFromEnv({ NATS_URL: NATS, CLUSTER_NAME: `t${randomBytes(4).toString('hex')}`, CLUSTER_PARTITIONS: '4', CLUSTER_LEASE_SECONDS: '2' })!;
    link = await connectCluster(config, 'cluster-test');
    const sub = link.nc.subscribe(link.names.outputs);
    void (async () => {
      for await (const m of sub) announced.push(...(m.json() as MonitorEvent[]));
    })();
    node = new IntakeNode(t.db, link);
    await node.start();
  });

  after(async () => {
    await node?.close();
    await link?.jsm.streams.delete(link.names.stream).catch(() => undefined);
    await link?.jsm.streams.delete(`KV_${link.names.leaseBucket}`).catch(() => undefined);
    await link?.close();
    await t?.close();
  });

  const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql))[0].n);
  const telemetryStored = () => count(`select count(*)::int as n from engine_inputs where type = 'telemetry'`);
  const positionsStored = () => count('select count(*)::int as n from positions');
  const alertIds = async () => new Set((await t.db.query<{ alert_id: string }>('select alert_id from alerts')).map((r) => r.alert_id));
  const announcedAlerts = () => announced.filter((e) => e.type === 'alert').map((e) => (e.data as { alertId: string }).alertId);
  /** The alerts the notifier's outbox holds, one event per alert (key `alert:<id>`). */
  const toldAlerts = async () => (await t.db.query<{ key: string }>(`select key from notification_events where kind = 'alert'`)).map((r) => r.key.slice('alert:'.length)).sort();

  test('every stored position and the alerts one engine raises are stored, each alert announced once', async () => {
    const worker = new EngineWorker(t.db, link, { beatMs: 200 });
    await worker.start();
    assert.deepEqual(worker.partitions(), [0, 1, 2, 3]);
    for (const batch of fleetSetup(VEHICLES)) await node.submit(batch);
    const t0 = Date.now();
    for (let n = 0; n < 20; n++) {
      await node.submit(Array.from({ length: VEHICLES }, (_, k) => fleetReport(k, n, t0 + n * 1000, 7)));
    }
    const reports = await telemetryStored();
    assert.equal(reports, VEHICLES * 20);
    await until('every position stored', async () => (await positionsStored()) === reports);
    const expected = await singleProcessAlerts(t.db);
    assert.ok(expected.size >= VEHICLES, `the fleet raises alerts (${expected.size})`);
    await until('every alert stored', async () => (await alertIds()).size === expected.size);
    assert.deepEqual([...(await alertIds())].sort(), [...expected].sort());
    await until('every alert announced', async () => announcedAlerts().length === expected.size);

    // The same input delivered twice (a publish repeated without its id) opens nothing new.
    const tamper = fleetReport(3, 100, t0 + 100_000, 1);
    await node.submit([tamper]);
    const [last] = await t.db.query<{ seq: number; at: string; key: string }>(`select seq, at, key from engine_inputs order by seq desc limit 1`);
    const wire = { seq: Number(last.seq), key: last.key, input: { ...tamper, at: new Date(last.at).toISOString() } };
    await link.js.publish(link.names.subject(partitionOf(last.key, 4)), JSON.stringify(wire));
    await until('the tamper alert stored', async () => (await alertIds()).size === expected.size + 1);
    await worker.close();
    assert.equal((await alertIds()).size, expected.size + 1);
    assert.equal(new Set(announcedAlerts()).size, announcedAlerts().length);
    assert.deepEqual(await toldAlerts(), [...(await alertIds())].sort(), 'every stored alert is in the notifier\'s outbox, once');
  });

  test('a worker taking the partitions over replays them and stores or announces nothing twice', async () => {
    const before = { positions: await positionsStored(), alerts: await alertIds(), announced: announcedAlerts().length };
    const takeovers: { partition: number; replayed: number }[] = [];
    const sub = link.nc.subscribe(link.names.takeovers);
    void (async () => {
      for await (const m of sub) takeovers.push(m.json());
    })();
    const worker = new EngineWorker(t.db, link, { beatMs: 200 });
    await worker.start();
    await until('all four partitions caught up', async () => takeovers.length === 4);
    assert.ok(takeovers.every((r) => r.replayed > 0));
    // New inputs after the takeover are applied on the replayed state.
    await node.submit(Array.from({ length: VEHICLES }, (_, k) => fleetReport(k, 200, Date.now(), 0)));
    await until('the new positions stored', async () => (await positionsStored()) === before.positions + VEHICLES);
    await worker.close();
    sub.unsubscribe();
    assert.deepEqual([...(await alertIds())].sort(), [...before.alerts].sort().concat([]).sort());
    assert.equal(announcedAlerts().length, before.announced);
  });
  test('with partition snapshots, a takeover replays only what follows the newest one and loses or repeats nothing', async () => {
    const snapshots = { everyInputs: 10, everyMs: 0, keep: 2 };
    const scopes = () => count(`select count(distinct scope)::int as n from engine_snapshots where scope like '${link.config.name}:p%'`);
    const first = new EngineWorker(t.db, link, { beatMs: 200, snapshots });
    await first.start();
    const t0 = Date.now() + 1000;
    const positions0 = await positionsStored();
    for (let n = 0; n < 10; n++) {
      await node.submit(Array.from({ length: VEHICLES }, (_, k) => fleetReport(k, 300 + n, t0 + n * 1000, n === 9 && k % 5 === 0 ? 1 : 7)));
    }
    await until('the new positions stored', async () => (await positionsStored()) === positions0 + 10 * VEHICLES);
    await until('a snapshot of every partition', async () => (await scopes()) === 4);
    await first.close();

    const takeovers: { partition: number; replayed: number }[] = [];
    const sub = link.nc.subscribe(link.names.takeovers);
    void (async () => {
      for await (const m of sub) takeovers.push(m.json());
    })();
    const second = new EngineWorker(t.db, link, { beatMs: 200, snapshots });
    await second.start();
    await until('all four partitions caught up', async () => takeovers.length === 4);
    const messages = (await link.jsm.streams.info(link.names.stream)).state.messages;
    const replayed = takeovers.reduce((sum, r) => sum + r.replayed, 0);
    const snaps = await t.db.query(`select scope, covers_seq from engine_snapshots where scope like '${link.config.name}:p%' order by scope, covers_seq`);
    const marks = await t.db.query(`select partition, stream_seq from cluster_progress where cluster = '${link.config.name}' order by partition`);
    assert.ok(replayed < messages / 4, `replayed ${replayed} of ${messages} messages ${JSON.stringify({ takeovers, snaps, marks })}`);
    // The restored state goes on exactly as one engine over the whole log would.
    await node.submit(Array.from({ length: VEHICLES }, (_, k) => fleetReport(k, 400, t0 + 20_000, k % 4 === 0 ? 1 : 7)));
    await until('the last positions stored', async () => (await positionsStored()) === positions0 + 11 * VEHICLES);
    const expected = await singleProcessAlerts(t.db);
    await until('every alert stored', async () => (await alertIds()).size === expected.size);
    await second.close();
    sub.unsubscribe();
    assert.deepEqual([...(await alertIds())].sort(), [...expected].sort());
    assert.equal(new Set(announcedAlerts()).size, announcedAlerts().length);
    assert.deepEqual(await toldAlerts(), [...expected].sort(), 'the takeovers put nothing in the notifier\'s outbox twice');
  });
});

describe('the whole cluster restarting after downtime', { skip: NATS ? false : 'TEST_NATS_URL is not set' }, () => {
  let t: TestDb;
  let link: ClusterLink;
  let clock = Date.parse('2025-03-03T00:00:00Z');
  const now = () => clock;
  const PARTITIONS = 2;
  const TRUCK = 0;
  // Another truck in the same partition, reporting after the restart: once its position is stored,
  // the worker has applied every tick published before it.
  let beacon = 1;
  while (partitionOf(fleetVehicle(beacon).plate, PARTITIONS) !== partitionOf(fleetVehicle(TRUCK).plate, PARTITIONS)) beacon++;
  let lastReportMs = 0;
  let restartSeq = 0;

  before(async () => {
    t = await testDb();
    const config = clusterConfigFromEnv({ NATS_URL: NATS, CLUSTER_NAME: `t${randomBytes(4).toString('hex')}`, CLUSTER_PARTITIONS: String(PARTITIONS), CLUSTER_LEASE_SECONDS: '2' })!;
    link = await connectCluster(config, 'cluster-restart-test');
  });

  after(async () => {
    await link?.jsm.streams.delete(link.names.stream).catch(() => undefined);
    await link?.jsm.streams.delete(`KV_${link.names.leaseBucket}`).catch(() => undefined);
    await link?.close();
    await t?.close();
  });

  const signalLost = () => t.db.query<{ plate: string; detail: { lastReportAt: string; silentSeconds: number } }>(`select plate, detail from alerts where alert_type = 'signal_lost'`);
  const lastSeq = async () => Number((await t.db.query<{ n: number }>('select coalesce(max(seq), 0)::int8 as n from engine_inputs'))[0].n);
  const resumedCount = async () => Number((await t.db.query<{ n: number }>(`select count(*)::int as n from engine_inputs where type = 'platformResumed'`))[0].n);
  const aliveMark = async () => {
    const [r] = await t.db.query<{ alive_at: string }>('select alive_at from cluster_alive where cluster = $1', [link.config.name]);
    return r ? new Date(r.alive_at).getTime() : null;
  };

  /** A report of vehicle k at the clock; resolves once the worker has stored its position. */
  async function report(node: IntakeNode, k: number, n: number): Promise<void> {
    await node.submit([fleetReport(k, n, clock)]);
    const seq = await lastSeq();
    await until(`position ${seq} stored`, async () => (await t.db.query('select 1 from positions where input_seq = $1', [seq])).length === 1);
  }

  /** The clock moves on by `ms` and the node ticks. */
  async function advance(node: IntakeNode, ms: number): Promise<void> {
    clock += ms;
    await node.tick();
    await node.intake.drained();
  }

  test('an hour without any intake node: the restart is recorded and silence counts from it', async () => {
    const first = new IntakeNode(t.db, link, { now, tickIntervalMs: 0 });
    await first.start();
    const worker = new EngineWorker(t.db, link, { beatMs: 200 });
    await worker.start();
    for (const batch of fleetSetup(beacon + 1)) await first.submit(batch);
    // At the origin, then out on the road.
    for (const n of [0, 1, 2, 60, 61, 62]) {
      await advance(first, 10_000);
      await report(first, TRUCK, n);
      await report(first, beacon, n);
    }
    lastReportMs = clock;
    await advance(first, 1000);
    const [trip] = await t.db.query<{ state: string }>('select state from trips where plate = $1', [fleetVehicle(TRUCK).plate]);
    assert.equal(trip?.state, 'in_transit');
    await worker.close();
    await first.close();
    assert.equal(await aliveMark(), clock);
    const aliveUntil = clock;
    restartSeq = await lastSeq();

    clock += 3_600_000;
    const second = new IntakeNode(t.db, link, { now, tickIntervalMs: 0 });
    await second.start();
    const [resumed] = await t.db.query<{ seq: number; type: string; at: string; key: string | null; data: { lastInputAt: string; aliveUntil: string } }>(
      'select seq, type, at, key, data from engine_inputs where seq > $1 order by seq',
      [restartSeq],
    );
    assert.equal(resumed.type, 'platformResumed');
    assert.equal(new Date(resumed.at).getTime(), clock);
    assert.equal(resumed.key, null);
    assert.deepEqual(resumed.data, { lastInputAt: new Date(lastReportMs).toISOString(), aliveUntil: new Date(aliveUntil).toISOString() });
    // Every partition's engine hears it, and no tick of the downtime went before it.
    for (let p = 0; p < PARTITIONS; p++) {
      const m = await link.jsm.streams.getMessage(link.names.stream, { last_by_subj: link.names.subject(p) });
      assert.equal(m.json<{ input: EngineInput }>().input.type, 'platformResumed', `partition ${p}`);
    }

    const worker2 = new EngineWorker(t.db, link, { beatMs: 200 });
    await worker2.start();
    await advance(second, 1000);
    await report(second, beacon, 63);
    assert.deepEqual(await signalLost(), [], 'no signal_lost at the restart');

    // Silence heard after the restart counts: 300 s of it opens the alert, which tells the whole gap.
    await advance(second, 298_000);
    await report(second, beacon, 64);
    assert.deepEqual(await signalLost(), []);
    await advance(second, 2_000);
    await report(second, beacon, 65);
    const alerts = await signalLost();
    assert.deepEqual(alerts.map((a) => a.plate), [fleetVehicle(TRUCK).plate]);
    assert.equal(Date.parse(alerts[0].detail.lastReportAt), lastReportMs);
    assert.ok(alerts[0].detail.silentSeconds >= 3600 + 300, `silent ${alerts[0].detail.silentSeconds} s`);
    // One engine over the input log (the single process's rebuild) agrees.
    const ids = (await t.db.query<{ alert_id: string }>('select alert_id from alerts')).map((r) => r.alert_id);
    assert.deepEqual(ids.sort(), [...(await singleProcessAlerts(t.db))].sort());
    await worker2.close();
    await second.close();
  });

  test('a node joining a running cluster records nothing and ticks on from the mark, however long no input came', async () => {
    const running = new IntakeNode(t.db, link, { now, tickIntervalMs: 0 });
    await running.start();
    const resumed = await resumedCount();
    for (let s = 0; s < 30; s++) await advance(running, 1000);
    assert.equal(await aliveMark(), clock);
    clock += 1000;
    const seq = await lastSeq();
    const joining = new IntakeNode(t.db, link, { now, tickIntervalMs: 0 });
    await joining.start();
    await advance(joining, 1000);
    assert.equal(await lastSeq(), seq);
    assert.equal(await resumedCount(), resumed);
    // It ticks on from the mark: the 30 s since the last input are on the stream already.
    assert.equal(joining.bus.stats.published, 2 * PARTITIONS, 'two seconds of ticks, one per partition each');
    await joining.close();
    await running.close();
  });
});
