// Restarts with snapshots in the store: the newest usable one is restored and only what follows it
// replayed; an unusable one (corrupted, ahead of the stored outputs) is passed over with the reason
// logged, down to a full replay; input log retention drops or archives what the kept snapshots
// cover, and a log missing inputs no snapshot covers stops the start.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { EngineInput } from '../../src/core/types.ts';
import type { Log } from '../../src/ops/log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import type { NewInput } from '../../src/platform.ts';
import { validateInput } from '../../src/replay/validate.ts';
import type { SnapshotConfig } from '../../src/snapshots/config.ts';
import { listSnapshots } from '../../src/snapshots/store.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { journey, telemetryInputs, tripFixture, tripInputs, worldInputs } from '../monitor/scenario.ts';
import { assertSameGraph, derivedGraph } from './helpers.ts';

const T0 = Date.parse('2026-03-02T08:00:00Z');

/** Two trips: registration, then their journeys interleaved, one report a minute each; one tampered. */
function scenario(): { input: NewInput; atMs: number }[] {
  const [a, b] = [tripFixture(1), tripFixture(2)];
  const setup = [...worldInputs(), ...tripInputs(a), ...tripInputs(b)].map((input) => ({ input: input as NewInput, atMs: T0 }));
  const drive = [...telemetryInputs(journey(a, T0 + 60_000, { tamperAtKm: 4 })), ...telemetryInputs(journey(b, T0 + 90_000))]
    .map((input) => ({ input: input as NewInput, atMs: Date.parse((input.data as { ts: string }).ts) }))
    .sort((x, y) => x.atMs - y.atMs);
  return [...setup, ...drive];
}

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const put = (_obj: object, msg?: string) => void lines.push(msg ?? '');
  return { lines, info: put, warn: put, error: put };
}

describe('restart from snapshots', () => {
  let tdb: TestDb;
  let clock = T0;
  const now = () => clock;
  const settings = (over: Partial<SnapshotConfig> = {}): SnapshotConfig => ({
    everyInputs: 8, everyMs: 0, keep: 2, retention: 'keep', archiveDir: '', ...over,
  });

  /** Runs a monitor over the whole scenario, input by input, live; returns its state, then closes it. */
  async function liveRun(config: SnapshotConfig) {
    const m = new Monitor(tdb.db, { tickIntervalMs: 0, now, snapshots: config });
    await m.start();
    for (const { input, atMs } of scenario()) {
      clock = Math.max(clock, atMs);
      await m.submit([input]);
      await m.settled();
    }
    const graph = derivedGraph(m);
    const lastSeq = m.owner.lastAppliedSeq;
    await m.close();
    return { graph, lastSeq, taken: m.snapshots!.stats.taken };
  }

  before(async () => {
    tdb = await testDb();
  });
  beforeEach(async () => {
    await tdb.db.exec('truncate engine_inputs, engine_snapshots restart identity; update monitor_progress set outputs_seq = 0; update engine_input_retention set removed_up_to = 0');
    clock = T0;
  });
  after(async () => tdb.close());

  it('takes snapshots as set, keeps the newest, and a restart replays only the inputs after the newest', async () => {
    const live = await liveRun(settings());
    const stored = await listSnapshots(tdb.db);
    assert.ok(live.taken >= 3, `taken: ${live.taken}`);
    assert.equal(stored.length, 2, 'the newest two kept');
    const log = recordingLog();
    const m = new Monitor(tdb.db, { tickIntervalMs: 0, now, snapshots: settings(), log });
    const r = await m.start();
    assert.equal(m.restored?.id, stored[0].id);
    assert.equal(r.inputs, live.lastSeq - stored[0].coversSeq);
    assertSameGraph(derivedGraph(m), live.graph);
    assert.ok(log.lines.some((l) => l.includes(`restored snapshot ${stored[0].id}`)), log.lines.join('\n'));
    await m.close();
  });

  it('passes over a corrupted snapshot and one ahead of the stored outputs, saying why, down to a full replay', async () => {
    const live = await liveRun(settings());
    const [newest, older] = await listSnapshots(tdb.db);
    await tdb.db.query(`update engine_snapshots set body = overlay(body placing '\\x00ff'::bytea from 40 for 2) where id = $1`, [newest.id]);
    let log = recordingLog();
    let m = new Monitor(tdb.db, { tickIntervalMs: 0, now, snapshots: settings(), log });
    let r = await m.start();
    assert.equal(m.restored?.id, older.id);
    assert.equal(r.inputs, live.lastSeq - older.coversSeq);
    assert.match(m.restored!.skipped[0].reason, /checksum mismatch/);
    assert.ok(log.lines.some((l) => l.includes(`snapshot ${newest.id} not used`)));
    assertSameGraph(derivedGraph(m), live.graph);
    await m.close();

    await tdb.db.query('update monitor_progress set outputs_seq = $1', [older.coversSeq - 1]);
    log = recordingLog();
    m = new Monitor(tdb.db, { tickIntervalMs: 0, now, snapshots: settings({ everyInputs: 0 }), log });
    r = await m.start();
    assert.equal(m.restored, null);
    assert.equal(r.inputs, live.lastSeq, 'the whole log replayed');
    assert.ok(log.lines.some((l) => l.includes('the stored outputs only reach')), log.lines.join('\n'));
    assert.ok(log.lines.some((l) => l.includes('no usable snapshot; replaying the whole input log')));
    assertSameGraph(derivedGraph(m), live.graph);
    await m.close();
  });

  it('drop: inputs every kept snapshot covers leave the log; a restart still reaches the live state', async () => {
    const live = await liveRun(settings({ keep: 1, retention: 'drop' }));
    const [kept] = await listSnapshots(tdb.db);
    const [{ first, n }] = await tdb.db.query<{ first: number; n: number }>('select min(seq)::int as first, count(*)::int as n from engine_inputs');
    const [{ upTo }] = await tdb.db.query<{ upTo: number }>('select removed_up_to::int as "upTo" from engine_input_retention');
    assert.ok(kept.coversSeq > 8);
    assert.ok(upTo > 0 && upTo <= kept.coversSeq, `removed up to ${upTo}, snapshot covers ${kept.coversSeq}`);
    assert.equal(first, upTo + 1);
    assert.equal(n, live.lastSeq - upTo);
    const m = new Monitor(tdb.db, { tickIntervalMs: 0, now, snapshots: settings({ keep: 1, retention: 'drop' }) });
    await m.start();
    assertSameGraph(derivedGraph(m), live.graph);
    await m.close();

    // Without a snapshot covering the removed inputs the log alone is not the state: no start.
    await tdb.db.exec('delete from engine_snapshots');
    const bare = new Monitor(tdb.db, { tickIntervalMs: 0, now, snapshots: settings() });
    await assert.rejects(bare.start(), /archived or dropped up to input \d+/);
  });

  it('archive: the removed inputs are written as gzip JSON Lines in the replay format first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealwatch-archive-'));
    try {
      const live = await liveRun(settings({ keep: 1, retention: 'archive', archiveDir: dir }));
      const [{ upTo }] = await tdb.db.query<{ upTo: number }>('select removed_up_to::int as "upTo" from engine_input_retention');
      const [{ first }] = await tdb.db.query<{ first: number }>('select min(seq)::int as first from engine_inputs');
      assert.ok(upTo > 0);
      assert.equal(first, upTo + 1);
      const files = readdirSync(dir).sort();
      assert.ok(files.length >= 1 && files.every((f) => /^inputs-\d{12}-\d{12}\.jsonl\.gz$/.test(f)), files.join());
      const lines = files.flatMap((f) => gunzipSync(readFileSync(join(dir, f))).toString('utf8').trim().split('\n'));
      assert.equal(lines.length, upTo, 'every removed input archived once');
      const archived = lines.map((l) => JSON.parse(l) as EngineInput);
      for (const i of archived) assert.equal(validateInput(i), null, JSON.stringify(i));
      const expected = scenario().slice(0, upTo).map((s) => s.input.type);
      assert.deepEqual(archived.map((i) => i.type), expected);
      assert.deepEqual(Object.keys(archived[0]).sort(), ['at', 'data', 'type']);
      const m = new Monitor(tdb.db, { tickIntervalMs: 0, now, snapshots: settings({ keep: 1, retention: 'archive', archiveDir: dir }) });
      await m.start();
      assertSameGraph(derivedGraph(m), live.graph);
      await m.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
