// The clustered deployment over a real NATS JetStream (TEST_NATS_URL, e.g. nats://127.0.0.1:4222):
// an intake node publishes stored inputs to their partitions, an engine worker applies them and
// stores the outputs; a second worker taking the partitions over replays them without storing or
// announcing anything twice. The partitioning itself needs no server.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fleetReport, fleetSetup, fleetVehicle } from '../../bench/lib/cluster-fleet.ts';
import { clusterConfigFromEnv, parseRole } from '../../src/cluster/config.ts';
import { IntakeNode } from '../../src/cluster/intake-node.ts';
import { connectCluster, type ClusterLink } from '../../src/cluster/nats.ts';
import { partitionOf } from '../../src/cluster/partitions.ts';
import { singleProcessAlerts } from '../../src/cluster/single-replay.ts';
import { EngineWorker } from '../../src/cluster/worker.ts';
import type { MonitorEvent } from '../../src/monitor/records.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

const NATS = process.env.TEST_NATS_URL;

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

  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`never: ${what}`);
  }

  const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql))[0].n);
  const telemetryStored = () => count(`select count(*)::int as n from engine_inputs where type = 'telemetry'`);
  const positionsStored = () => count('select count(*)::int as n from positions');
  const alertIds = async () => new Set((await t.db.query<{ alert_id: string }>('select alert_id from alerts')).map((r) => r.alert_id));
  const announcedAlerts = () => announced.filter((e) => e.type === 'alert').map((e) => (e.data as { alertId: string }).alertId);

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
  });
});
