// One bad record must never stop the platform: a report the store cannot hold (dated year 0, past
// every gateway's check) is quarantined and skipped, everything else is stored, a restart over an
// input log holding it succeeds, and shutdown does not hang while the store is failing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineInput, EngineOutput } from '../../src/core/types.ts';
import { LiveEngine } from '../../src/monitor/engine-port.ts';
import { appendInputs } from '../../src/monitor/input-log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { OutputWriter } from '../../src/monitor/output-writer.ts';
import { quarantine } from '../../src/monitor/quarantine.ts';
import type { OutputRecord } from '../../src/monitor/records.ts';
import type { Db, Queryable } from '../../src/store/db.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp } from '../helpers/app.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { fix, journey, telemetryInputs, tripFixture, tripInputs, worldInputs } from './scenario.ts';

const YEAR_0 = '0000-01-01T00:00:00Z';
/** Safety net only: the waits below are for the monitor to settle, never for time to pass. */
const LIMIT = { timeout: 60_000 };

const position = (seq: number, ts: string): OutputRecord => ({
  kind: 'position',
  inputSeq: seq,
  at: new Date().toISOString(),
  live: true,
  audience: [],
  position: { tripId: null, plate: 'KNA6001', deviceId: 'OBU1', ts, lat: 22.6, lon: 120.3, speedKmh: 40, heading: 90 },
});

async function count(q: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await q.query<{ n: number }>(sql, params);
  return Number(row.n);
}

describe('quarantine: the output writer', LIMIT, () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  it('stores the good records of a batch the store refused, and quarantines the bad one', async () => {
    const quarantined: string[] = [];
    const writer = new OutputWriter(tdb.db, { retryMs: 1, onQuarantined: (key) => quarantined.push(key) });
    const now = Date.now();
    writer.push([
      position(1, new Date(now).toISOString()),
      position(2, YEAR_0),
      position(3, new Date(now + 1000).toISOString()),
      { kind: 'progress', seq: 3 },
    ]);
    await writer.drained();
    assert.deepEqual((await tdb.db.query('select input_seq from positions order by input_seq')).map((r) => Number(r.input_seq)), [1, 3]);
    const rows = await tdb.db.query('select key, kind, input_seq, record, reason from quarantine');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].key, 'position:2');
    assert.equal(Number(rows[0].input_seq), 2);
    assert.match(rows[0].reason, /^22008: /);
    assert.equal(JSON.parse(rows[0].record).position.ts, YEAR_0);
    assert.deepEqual(quarantined, ['position:2']);
    assert.equal(writer.stats.quarantined, 1);
    assert.equal(await count(tdb.db, 'select outputs_seq as n from monitor_progress where id = 1'), 3);
    await writer.close();
  });

  it('does not quarantine anything while the store itself fails, and close does not wait for it', async () => {
    const down = Object.assign(new Error('the database system is shutting down'), { code: '57P01' });
    const failing: Db = {
      kind: tdb.db.kind,
      query: async () => {
        throw down;
      },
      transaction: async () => {
        throw down;
      },
      exec: async () => {
        throw down;
      },
      close: async () => {},
    };
    const writer = new OutputWriter(failing, { retryMs: 1 });
    writer.push([position(10, new Date().toISOString()), { kind: 'progress', seq: 10 }]);
    await writer.close();
    assert.equal(writer.stats.quarantined, 0);
    assert.equal(writer.stats.abandoned, 2);
    assert.ok(writer.stats.failedBatches >= 1);
  });
});

describe('quarantine: the monitor', LIMIT, () => {
  let tdb: TestDb;
  let clock = Date.now() - 3_600_000;
  const now = () => clock;
  const t1 = tripFixture(1);
  const t2 = tripFixture(2);
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  it('a report dated year 0 past the gateways is quarantined; later reports of other vehicles are stored', async () => {
    const m = new Monitor(tdb.db, { now, tickIntervalMs: 0, writer: { retryMs: 1 } });
    await m.start();
    await m.submit([...worldInputs(), ...tripInputs(t1), ...tripInputs(t2)]);
    clock += 60_000;
    await m.submit(telemetryInputs([fix(t1, 0, clock, ['locked', 'locked'], { ts: YEAR_0 })]));
    const reports = journey(t2, clock, { steps: 3 });
    for (const tel of reports) {
      clock += 60_000;
      await m.submit(telemetryInputs([tel]));
    }
    await m.settled();
    assert.equal(await count(tdb.db, 'select count(*) as n from positions where device_id = $1', [t2.obu]), reports.length);
    const rows = await tdb.db.query('select key, reason from quarantine');
    assert.equal(rows.length, 1);
    assert.match(rows[0].key, /^position:\d+$/);
    assert.match(rows[0].reason, /date\/time field value out of range/);
    const [last] = await tdb.db.query('select max(seq) as s from engine_inputs');
    assert.equal(await count(tdb.db, 'select outputs_seq as n from monitor_progress where id = 1'), Number(last.s));
    await m.close();
  });

  it('starts over an input log holding a year-0 report whose outputs were never stored', async () => {
    // As after a kill -9 while the store kept refusing it: the report and a later one of another
    // vehicle are in the input log, their outputs are not stored.
    const [{ s }] = await tdb.db.query('select max(seq) as s from engine_inputs');
    const at = new Date(clock + 60_000).toISOString();
    const later = fix(t2, 5, clock + 60_000);
    const [badSeq, goodSeq] = await appendInputs(tdb.db, [
      { key: null, input: { at, type: 'telemetry', data: fix(t1, 0, clock, ['locked', 'locked'], { ts: YEAR_0 }) } },
      { key: null, input: { at, type: 'telemetry', data: later } },
    ]);
    assert.ok(badSeq > Number(s));
    clock += 120_000;
    const m = new Monitor(tdb.db, { now, tickIntervalMs: 0, writer: { retryMs: 1 } });
    const r = await m.start();
    assert.equal(r.lastSeq, goodSeq);
    assert.equal(await count(tdb.db, 'select count(*) as n from positions where input_seq = $1', [goodSeq]), 1);
    assert.equal(await count(tdb.db, 'select count(*) as n from quarantine where key = $1', [`position:${badSeq}`]), 1);
    assert.equal(await count(tdb.db, 'select outputs_seq as n from monitor_progress where id = 1'), goodSeq);
    await m.close();

    // And again: nothing is left to refuse, nothing is quarantined twice.
    const again = new Monitor(tdb.db, { now, tickIntervalMs: 0 });
    await again.start();
    await again.settled();
    assert.equal(await count(tdb.db, 'select count(*) as n from quarantine'), 2);
    await again.close();
  });

  it('a stored input the engine throws on during the rebuild is quarantined and skipped', async () => {
    const [seq] = await appendInputs(tdb.db, [
      { key: null, input: { at: new Date(clock).toISOString(), type: 'telemetry', data: { deviceId: 'BOOM', ts: new Date(clock).toISOString() } } },
    ]);
    class Fragile extends LiveEngine {
      override apply(input: EngineInput, nowMs: number): EngineOutput[] {
        if (input.type === 'telemetry' && input.data.deviceId === 'BOOM') throw new Error('engine failure on this input');
        return super.apply(input, nowMs);
      }
    }
    const m = new Monitor(tdb.db, { now, tickIntervalMs: 0, engine: new Fragile() });
    const r = await m.start();
    await m.settled();
    assert.equal(r.lastSeq, seq);
    const [row] = await tdb.db.query('select kind, input_seq, reason from quarantine where key = $1', [`input:${seq}`]);
    assert.equal(row?.kind, 'input:telemetry');
    assert.equal(row.reason, 'engine failure on this input');
    await m.close();
  });

  it('shutdown does not hang while the store refuses every output', async () => {
    let refusing = false;
    const down = Object.assign(new Error('connection terminated'), { code: '08006' });
    const flaky: Db = {
      kind: tdb.db.kind,
      query: (sql, params) => (refusing && sql.includes('positions') ? Promise.reject(down) : tdb.db.query(sql, params)),
      transaction: (fn, opts) => (refusing ? Promise.reject(down) : tdb.db.transaction(fn, opts)),
      exec: (sql) => tdb.db.exec(sql),
      close: async () => {},
    };
    const m = new Monitor(flaky, { now, tickIntervalMs: 0, writer: { retryMs: 1 } });
    await m.start();
    refusing = true;
    clock += 60_000;
    await m.submit(telemetryInputs([fix(t2, 6, clock)]));
    await m.close();
    assert.equal(m.writer.stats.quarantined, 0, 'a failing store quarantines nothing');
    assert.ok(m.writer.stats.failedBatches >= 1);
  });
});

describe('quarantine: GET /quarantine', () => {
  it('lists quarantined records with their reason, for a customs admin only', async () => {
    const t = await testApp();
    try {
      await quarantine(t.tdb.db, { key: 'position:7', kind: 'position', inputSeq: 7, record: { ts: YEAR_0 }, reason: '22008: out of range' });
      const admin = await t.keyFor(CUSTOMS_UBN, ['customs_admin']);
      const officer = await t.keyFor(CUSTOMS_UBN, ['customs_officer']);
      const r = await t.request('GET', '/api/v1/quarantine', admin);
      assert.equal(r.statusCode, 200);
      const [entry] = r.json();
      assert.equal(entry.key, 'position:7');
      assert.equal(entry.inputSeq, 7);
      assert.deepEqual(entry.record, { ts: YEAR_0 });
      assert.equal(entry.reason, '22008: out of range');
      assert.ok(!Number.isNaN(Date.parse(entry.at)));
      assert.equal((await t.request('GET', '/api/v1/quarantine', officer)).statusCode, 403);
    } finally {
      await t.close();
    }
  });
});
