// The output writer under a backlog: an alert goes ahead of the queued positions, and the
// progress mark is never stored before what it covers; a new alert's notification goes with it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutputWriter } from '../../src/monitor/output-writer.ts';
import type { MonitorEvent, OutputRecord } from '../../src/monitor/records.ts';
import type { Db } from '../../src/store/db.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { eventually } from './harness.ts';

const at = new Date().toISOString();
const position = (seq: number): OutputRecord => ({
  kind: 'position',
  inputSeq: seq,
  at,
  live: true,
  audience: [],
  position: { tripId: 'TR-1', plate: 'KNA6001', deviceId: 'OBU1', ts: new Date(Date.parse(at) + seq * 1000).toISOString(), lat: 22.6, lon: 120.3, speedKmh: 40, heading: 90 },
});

const alert = (seq: number, n: number): OutputRecord => ({
  kind: 'alert',
  inputSeq: seq,
  at,
  audience: [],
  alert: { alertId: `TR-1:seal_tamper:${n}`, alertType: 'seal_tamper', severity: 'critical', tripId: 'TR-1', cnNos: ['CN1'], plate: 'KNA6001', lat: 22.6, lon: 120.3, detail: {} },
});

describe('output writer: alerts ahead of a position backlog', () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await testDb();
  });
  after(() => tdb.close());

  it('stores and publishes an alert in the first batch, and the progress only with the positions it covers', async () => {
    const writer = new OutputWriter(tdb.db, { maxBatch: 100 });
    const published: MonitorEvent[][] = [];
    writer.listen((events) => published.push(events));
    const records: OutputRecord[] = [];
    for (let seq = 1; seq <= 1000; seq++) records.push(position(seq));
    records.push(alert(1001, 1));
    records.push({ kind: 'progress', seq: 1001 });
    writer.push(records);
    await writer.drained();

    assert.ok(published.length >= 10, `written in batches of 100 (${published.length})`);
    assert.equal(published[0][0].type, 'alert', 'the alert goes out with the first batch');
    const positions = published.flat().filter((e) => e.type === 'position').length;
    assert.equal(positions, 1000);
    const [stored] = await tdb.db.query('select count(*)::int as n from positions');
    assert.equal(stored.n, 1000);
    const [progress] = await tdb.db.query('select outputs_seq from monitor_progress where id = 1');
    assert.equal(Number(progress.outputs_seq), 1001);
    writer.close();
  });

  it('stores and publishes an alert that arrives during a batch beside that batch, and its progress only after both', async () => {
    // The first write (the batch of positions, one statement) is held until released.
    let writes = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const db: Db = {
      ...tdb.db,
      query: async (sql, params) => {
        if (writes++ === 0) await held;
        return tdb.db.query(sql, params);
      },
      transaction: async (fn, opts) => {
        if (writes++ === 0) await held;
        return tdb.db.transaction(fn, opts);
      },
    };
    const writer = new OutputWriter(db);
    const published: MonitorEvent[][] = [];
    writer.listen((events) => published.push(events));
    writer.push([position(2001), { kind: 'progress', seq: 2001 }]);
    await eventually(() => writes === 1, 5000, 'the batch of positions is in flight');
    writer.push([position(2002), alert(2002, 2), { kind: 'progress', seq: 2002 }]);

    await eventually(() => published.length === 1, 5000, 'the alert is published while the batch is held');
    assert.deepEqual(published[0].map((e) => e.type), ['alert']);
    const [alertRow] = await tdb.db.query(`select count(*)::int as n from alerts where alert_id = 'TR-1:seal_tamper:2'`);
    assert.equal(alertRow.n, 1, 'stored before it was published');
    assert.equal(writer.stats.alertLaneBatches, 1);
    const [early] = await tdb.db.query('select outputs_seq from monitor_progress where id = 1');
    assert.ok(Number(early.outputs_seq) < 2001, 'no progress is stored while the batch is held');

    release();
    await writer.drained();
    assert.deepEqual(published.flat().map((e) => e.type), ['alert', 'position', 'position']);
    const [progress] = await tdb.db.query('select outputs_seq from monitor_progress where id = 1');
    assert.equal(Number(progress.outputs_seq), 2002);
    writer.close();
  });

  it("stores a new alert's notification event with it, once however often a rebuild hands the alert over", async () => {
    for (let round = 0; round < 2; round++) {
      const writer = new OutputWriter(tdb.db);
      const published: MonitorEvent[][] = [];
      writer.listen((events) => published.push(events));
      writer.push([alert(3001, 3), { kind: 'progress', seq: 3001 }]);
      await writer.drained();
      assert.equal(published.flat().filter((e) => e.type === 'alert').length, round === 0 ? 1 : 0, 'announced when new only');
      writer.close();
    }
    const rows = await tdb.db.query<{ key: string; payload: any; occurred_at: Date }>(
      `select key, payload, occurred_at from notification_events where key = 'alert:TR-1:seal_tamper:3'`,
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].payload, {
      kind: 'alert',
      at,
      alert: { alertId: 'TR-1:seal_tamper:3', alertType: 'seal_tamper', severity: 'critical', tripId: 'TR-1', plate: 'KNA6001', cnNos: ['CN1'], lat: 22.6, lon: 120.3 },
      audience: [],
    });
    assert.equal(new Date(rows[0].occurred_at).toISOString(), at);
  });
});
