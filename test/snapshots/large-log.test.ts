// A long input log (SNAPSHOT_TEST_INPUTS, default 20,000 in CI; `npm run bench:snapshot` runs a
// million and times it): the snapshot taken after the first start's full replay lets the next start
// replay only the inputs that came after it, live, and reach the same state the live process had.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/monitor/monitor.ts';
import type { NewInput } from '../../src/platform.ts';
import type { SnapshotConfig } from '../../src/snapshots/config.ts';
import { listSnapshots } from '../../src/snapshots/store.ts';
import { fillBigLog, generatedPosition } from '../../bench/lib/big-log.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { assertSameGraph, derivedGraph, fleetInputs } from './helpers.ts';

const TOTAL = Number(process.env.SNAPSHOT_TEST_INPUTS ?? 20_000);
const LIVE = 2000;

describe(`restart after ${TOTAL} inputs`, { timeout: 900_000 }, () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await testDb();
  });
  after(async () => tdb.close());

  it('replays only the inputs after the newest snapshot and equals the live state', async () => {
    const { db } = tdb;
    const log = await fillBigLog(db, TOTAL - LIVE, fleetInputs(4, 'large-log'));
    // As after a clean stop: every output of the stored inputs is stored.
    await db.query('update monitor_progress set outputs_seq = $1', [log.lastSeq]);
    let clock = log.lastAtMs;
    const now = () => clock;
    const settings: SnapshotConfig = { everyInputs: Math.floor(TOTAL / 2), everyMs: 0, keep: 2, retention: 'keep', archiveDir: '' };

    const live = new Monitor(db, { tickIntervalMs: 0, now, snapshots: settings });
    const first = await live.start();
    assert.equal(first.inputs, log.lastSeq, 'the first start replays the whole log');
    assert.equal(live.restored, null);
    // The long replay is followed by a snapshot at once (more than everyInputs replayed).
    await live.settled();
    const [snap] = await listSnapshots(db);
    assert.equal(snap?.coversSeq, log.lastSeq);

    // More positions arrive live, continuing every vehicle's track.
    for (let g = log.positions; g < log.positions + LIVE; g += 500) {
      const batch: NewInput[] = [];
      for (let k = g; k < g + 500; k++) {
        const p = generatedPosition(log, k);
        clock = p.atMs;
        batch.push({ type: 'telemetry', data: p.data });
      }
      await live.submit(batch);
    }
    await live.settled();
    const liveGraph = derivedGraph(live);
    const liveSeq = live.owner.lastAppliedSeq;
    assert.equal(liveSeq, log.lastSeq + LIVE);
    await live.close();

    const restarted = new Monitor(db, { tickIntervalMs: 0, now, snapshots: settings });
    const r = await restarted.start();
    assert.equal(restarted.restored?.coversSeq, log.lastSeq);
    assert.equal(r.inputs, LIVE, 'only the inputs after the snapshot are replayed');
    assert.equal(r.lastSeq, liveSeq);
    assertSameGraph(derivedGraph(restarted), liveGraph);
    assert.ok(restarted.engine.deviceStatus!(`BOBU${2999}`), 'the generated vehicles are in the state');
    await restarted.close();
  });
});
