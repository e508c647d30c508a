// A write and its engine inputs commit together: the intake runs the write inside the batch's
// transaction, under a savepoint, and times its inputs in stored order like everybody else's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BusMessage } from '../../src/bus/bus.ts';
import { InProcessBus } from '../../src/bus/in-process.ts';
import type { EngineInput } from '../../src/core/types.ts';
import { Intake } from '../../src/monitor/intake.ts';
import { ReferenceIndex } from '../../src/monitor/reference-index.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { fix, tripFixture } from './scenario.ts';

const tel = (ms: number): EngineInput => ({ at: '', type: 'telemetry', data: fix(tripFixture(1), 1, ms) });
const facility = (code: string) => ({ type: 'facility' as const, data: { code, name: code, kind: 'container_yard' as const, area: { type: 'Polygon' as const, coordinates: [[[120, 22], [120.01, 22], [120.01, 22.01], [120, 22]]] } } });

describe('intake: transactional writes', () => {
  let tdb: TestDb;
  const clock = Date.parse('2025-03-03T00:00:00.250Z');
  before(async () => {
    tdb = await testDb();
    await tdb.db.exec('create table written (name text primary key)');
  });
  after(() => tdb.close());

  function intake() {
    const bus = new InProcessBus();
    const seen: BusMessage[] = [];
    bus.subscribe((m) => seen.push(m));
    return { intake: new Intake(tdb.db, bus, new ReferenceIndex(), { now: () => clock, maxWaitMs: 5 }), seen };
  }
  const rows = async () => (await tdb.db.query<{ name: string }>('select name from written order by name')).map((r) => r.name);
  const inputs = async () => (await tdb.db.query<{ type: string }>('select type from engine_inputs order by seq')).map((r) => r.type);

  it('stores a write, its result and its inputs in one batch with other callers, in queue order', async () => {
    const { intake: i, seen } = intake();
    const a = i.submit([tel(clock)]);
    const w = i.transact(async (tx) => {
      await tx.query(`insert into written values ('a')`);
      return { result: 'done', inputs: [facility('F1')] };
    });
    const b = i.submit([tel(clock + 1)]);
    assert.equal(await w, 'done');
    await Promise.all([a, b]);
    assert.equal(i.stats.batches, 1, 'one batch: one transaction');
    assert.deepEqual(await rows(), ['a']);
    assert.deepEqual(await inputs(), ['telemetry', 'facility', 'telemetry']);
    assert.deepEqual(seen.filter((m) => m.input.type !== 'tick').map((m) => m.input.type), ['telemetry', 'facility', 'telemetry']);
    const times = seen.map((m) => Date.parse(m.input.at));
    assert.deepEqual(times, [...times].sort((x, y) => x - y), 'times follow stored order');
  });

  it('rolls back only the write that throws; the batch and its other writes commit', async () => {
    await tdb.db.query('truncate written');
    await tdb.db.query('truncate engine_inputs');
    const { intake: i, seen } = intake();
    const good = i.transact(async (tx) => {
      await tx.query(`insert into written values ('good')`);
      return { result: 1, inputs: [facility('F2')] };
    });
    const bad = i.transact(async (tx) => {
      await tx.query(`insert into written values ('bad')`);
      await tx.query(`insert into written values ('good')`); // a unique violation half-way through
      return { result: 2, inputs: [facility('F3')] };
    });
    const other = i.submit([tel(clock + 2)]);
    assert.equal(await good, 1);
    await assert.rejects(bad, /duplicate key|unique/i);
    await other;
    assert.deepEqual(await rows(), ['good'], 'none of the failed write is kept');
    assert.deepEqual(await inputs(), ['facility', 'telemetry'], 'its input is not stored');
    assert.ok(!seen.some((m) => m.input.type === 'facility' && (m.input.data as { code: string }).code === 'F3'), 'nor applied');
  });

  it('keeps nothing of a write whose inputs cannot be stored', async () => {
    await tdb.db.query('truncate written');
    await tdb.db.query('truncate engine_inputs');
    const { intake: i } = intake();
    await tdb.db.exec('alter table engine_inputs rename to engine_inputs_away');
    try {
      const w = i.transact(async (tx) => {
        await tx.query(`insert into written values ('lost')`);
        return { result: 1, inputs: [facility('F4')] };
      });
      await assert.rejects(w);
    } finally {
      await tdb.db.exec('alter table engine_inputs_away rename to engine_inputs');
    }
    assert.deepEqual(await rows(), [], 'the write was rolled back with the inputs it came with');
  });
});
