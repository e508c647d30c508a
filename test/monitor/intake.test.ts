import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BusMessage, InputBus } from '../../src/bus/bus.ts';
import { InProcessBus } from '../../src/bus/in-process.ts';
import type { EngineInput } from '../../src/core/types.ts';
import { Intake } from '../../src/monitor/intake.ts';
import { ReferenceIndex } from '../../src/monitor/reference-index.ts';
import type { Db } from '../../src/store/db.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { fix, tripFixture, tripInputs } from './scenario.ts';

const tel = (ms: number): EngineInput => ({ at: '', type: 'telemetry', data: fix(tripFixture(1), 1, ms) });

describe('intake: group commit, order, ticks, partition keys', () => {
  let tdb: TestDb;
  let clock = Date.parse('2025-03-03T00:00:00.250Z');
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  function intakeWith(db: Db = tdb.db) {
    const bus: InputBus = new InProcessBus();
    const seen: BusMessage[] = [];
    bus.subscribe((m) => seen.push(m));
    const intake = new Intake(db, bus, new ReferenceIndex(), { now: () => clock, maxWaitMs: 2 });
    return { intake, seen };
  }

  it('writes concurrent submissions in one batch and resolves each only once stored', async () => {
    const { intake, seen } = intakeWith();
    const done: number[] = [];
    const subs = [0, 1, 2, 3, 4].map((i) => intake.submit([tel(clock + i)]).then(() => done.push(i)));
    assert.equal(seen.length, 0, 'nothing is applied before it is stored');
    await Promise.all(subs);
    assert.equal(intake.stats.batches, 1);
    assert.equal(intake.stats.largestBatch, 5);
    const rows = await tdb.db.query('select seq from engine_inputs order by seq');
    assert.equal(rows.length, 5);
    assert.deepEqual(seen.map((m) => m.seq), rows.map((r) => Number(r.seq)), 'published in stored order');
    assert.deepEqual(done, [0, 1, 2, 3, 4]);
  });

  it('sequences a tick for every whole second before the input that passes it, and on the timer', async () => {
    const { intake, seen } = intakeWith();
    intake.resumeAfter(clock);
    clock += 2_900; // 00:00:03.150
    await intake.submit([tel(clock)]);
    clock += 1_000;
    intake.tick();
    await intake.drained();
    const kinds = seen.map((m) => (m.input.type === 'tick' ? `tick ${m.input.at.slice(17, 19)}` : m.input.type));
    assert.deepEqual(kinds, ['tick 01', 'tick 02', 'tick 03', 'telemetry', 'tick 04']);
    assert.ok(seen.filter((m) => m.input.type === 'tick').every((m) => m.seq === null && m.key === null));
    // Times never run backwards, whatever the clock says.
    clock -= 10_000;
    await intake.submit([tel(clock)]);
    const [last] = await tdb.db.query('select at from engine_inputs order by seq desc limit 1');
    assert.ok(new Date(last.at).getTime() >= Date.parse('2025-03-03T00:00:04Z'));
    clock += 10_000;
  });

  it('refuses the senders of a batch that could not be stored, and applies none of it', async () => {
    const diskFull = async (): Promise<never> => {
      throw new Error('disk full');
    };
    const failing = { ...tdb.db, query: diskFull, transaction: diskFull } as Db;
    const { intake, seen } = intakeWith(failing);
    await assert.rejects(intake.submit([tel(clock)]), /disk full/);
    assert.equal(seen.length, 0);
    assert.equal(intake.stats.failedBatches, 1);
  });

  it('keys inputs by vehicle: the plate, or the device before its plate is known', () => {
    const refs = new ReferenceIndex();
    const t = tripFixture(7);
    const report = tel(clock);
    (report.data as any).deviceId = t.obu;
    assert.equal(refs.keyFor(report), t.obu);
    for (const i of tripInputs(t)) refs.observe(i);
    assert.equal(refs.keyFor(report), t.plate);
    assert.equal(refs.keyFor({ at: '', type: 'telemetry', data: { deviceId: t.seals[0], ts: '', state: 'locked' } }), t.plate);
    assert.equal(refs.keyFor({ at: '', type: 'unseal', data: { sealId: t.seals[1], by: 'x', reason: 'y' } }), t.plate);
    assert.equal(refs.keyFor({ at: '', type: 'sealConfirmation', data: { cnNo: t.cnNo, confirmedBy: 'x' } }), t.plate);
    assert.equal(refs.keyFor({ at: '', type: 'tick', data: {} }), null);
    assert.equal(refs.obuOfSeal(t.seals[0]), t.obu);
    assert.deepEqual(refs.audienceOfTrip(t.plate, [t.cnNo]), ['04595252', '12345675']);
  });
});
