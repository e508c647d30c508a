// A restart from a snapshot plus the inputs after it gives exactly the state a replay of the whole
// log gives: engine records, timers, seal reads, alert counters, and what the monitor derived
// (event numbers, audiences, last shown positions, unlocks awaited, reference index).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineInput } from '../../src/core/types.ts';
import { parseIsoMs } from '../../src/engine/index.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { listSnapshots } from '../../src/snapshots/store.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { appendAll, assertSameGraph, derivedGraph, engineState, fleetInputs, snapshotsOff } from './helpers.ts';

describe('snapshot + suffix equals a full replay', () => {
  let tdb: TestDb;
  let inputs: EngineInput[];
  let seqs: number[];
  const half = () => Math.floor(inputs.length / 2);

  before(async () => {
    tdb = await testDb();
    inputs = fleetInputs(12);
  });
  after(async () => tdb.close());

  it('restores the snapshot taken mid-run and replays only the rest, to the same state', async () => {
    const { db } = tdb;
    seqs = await appendAll(db, inputs.slice(0, half()));
    const lastAt = () => parseIsoMs(inputs[inputs.length - 1].at);
    // Its clock at the last input it holds: a clock further on would be a platform coming back from downtime.
    const first = new Monitor(db, { tickIntervalMs: 0, now: () => parseIsoMs(inputs[half() - 1].at), snapshots: snapshotsOff });
    await first.start();
    // The state at the snapshot is a busy one: what the codec must carry is there.
    const st = engineState(first);
    assert.ok([...st.trips.values()].some((t) => t.openAlerts.length > 0), 'open alerts');
    assert.ok([...st.trips.values()].some((t) => t.state === 'in_transit'), 'trips on the road');
    assert.ok(st.wakes.size > 0, 'timers pending');
    assert.ok([...st.trips.values()].some((t) => t.seals.some((s) => s.reads !== null)), 'passive seal reads');
    first.snapshots!.take();
    await first.settled();
    await first.close();
    const [snap] = await listSnapshots(db);
    assert.equal(snap.coversSeq, seqs[seqs.length - 1]);

    seqs.push(...(await appendAll(db, inputs.slice(half()))));
    const restored = new Monitor(db, { tickIntervalMs: 0, now: lastAt, snapshots: snapshotsOff });
    const r = await restored.start();
    assert.equal(restored.restored?.coversSeq, snap.coversSeq);
    assert.equal(r.inputs, inputs.length - half(), 'only the inputs after the snapshot are replayed');
    assert.equal(r.lastSeq, seqs[seqs.length - 1]);

    const full = new Monitor(db, { tickIntervalMs: 0, now: lastAt });
    const f = await full.start();
    assert.equal(f.inputs, inputs.length);
    assert.equal(restored.restored !== null && full.restored === null, true);

    assertSameGraph(derivedGraph(restored), derivedGraph(full));
    assert.deepEqual(restored.engine.listTrips(), full.engine.listTrips());

    // And they go on alike: two days of engine time later every timer has fired the same way.
    let t = parseIsoMs(inputs[inputs.length - 1].at);
    for (let i = 0; i < 48; i++) {
      t += 3_600_000;
      const tick: EngineInput = { at: new Date(t).toISOString(), type: 'tick', data: {} };
      assert.deepStrictEqual(restored.engine.apply(tick, t), full.engine.apply(tick, t));
    }
    assertSameGraph(derivedGraph(restored), derivedGraph(full));
    await restored.close();
    await full.close();
  });
});
