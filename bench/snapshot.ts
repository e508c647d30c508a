// Restart time with a snapshot against a full replay: `npm run bench:snapshot [-- --inputs N
// --suffix K --vehicles V]` (default 1,000,000 inputs, the snapshot 10,000 before the end, 3,000
// vehicles). Embedded PGlite in a temporary directory, or the database at DATABASE_URL (a scratch
// database: it is migrated and filled).
//
//   1. the log is filled up to N - K inputs (a simulated fleet, then generated positions);
//   2. a first start replays it all, and a snapshot is taken at its end;
//   3. K more inputs are stored (as if they had arrived live after the snapshot);
//   4. measured: a start from the snapshot (restore + replay of the K) against a start that
//      replays all N (the baseline, measured in the same run).
//
// Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Monitor } from '../src/monitor/monitor.ts';
import { Fleet } from '../src/sim/fleet.ts';
import { loadWorld } from '../src/sim/world.ts';
import type { SnapshotConfig } from '../src/snapshots/config.ts';
import { openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { appendGenerated, fillBigLog } from './lib/big-log.ts';

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

async function main(argv: string[]) {
  const inputs = option(argv, 'inputs', 1_000_000);
  const suffix = option(argv, 'suffix', 10_000);
  const vehicles = option(argv, 'vehicles', 3000);
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'sealwatch-snapshot-bench-'));
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
  try {
    await migrate(db);
    const fleet = new Fleet({
      world: loadWorld('data/sample'), seed: 'bench-snapshot', trucks: 6, tripsPerTruck: 2, startMs: Date.parse('2026-03-02T00:00:00+08:00'),
      tickS: 0, includeReference: true, includeRegistration: true, incidentsPerHour: 40, passiveShare: 0.3, mixedShare: 0.3,
    });
    const prefix = [...fleet.stream()].filter((i) => i.input.type !== 'tick').map((i) => i.input);
    const fillStarted = performance.now();
    const log = await fillBigLog(db, inputs - suffix, prefix, vehicles);
    const fillS = (performance.now() - fillStarted) / 1000;
    await db.query('update monitor_progress set outputs_seq = $1', [log.lastSeq]);
    const now = () => log.lastAtMs;
    const settings: SnapshotConfig = { everyInputs: 0, everyMs: 0, keep: 2, retention: 'keep', archiveDir: '' };

    const first = new Monitor(db, { tickIntervalMs: 0, now, snapshots: settings });
    await first.start();
    first.snapshots!.take();
    await first.settled();
    const encodeMs = first.snapshots!.stats.lastEncodeMs;
    const snapshotBytes = first.snapshots!.stats.lastBytes;
    await first.close();

    await appendGenerated(db, log, suffix);
    await db.query('update monitor_progress set outputs_seq = $1', [log.lastSeq]);

    let started = performance.now();
    const restarted = new Monitor(db, { tickIntervalMs: 0, now, snapshots: settings });
    const r = await restarted.start();
    const snapshotRestartMs = Math.round(performance.now() - started);
    const restoreMs = restarted.restored?.ms ?? null;
    await restarted.close();
    if (!restarted.restored || r.inputs !== suffix) throw new Error(`the restart did not use the snapshot (${r.inputs} inputs replayed)`);

    started = performance.now();
    const full = new Monitor(db, { tickIntervalMs: 0, now });
    const f = await full.start();
    const fullReplayMs = Math.round(performance.now() - started);
    await full.close();

    console.log(JSON.stringify({
      benchmark: 'snapshot-restart',
      database: db.kind,
      storedInputs: f.inputs,
      vehicles,
      replayedAfterSnapshot: r.inputs,
      snapshotBytes,
      snapshotEncodeMs: encodeMs,
      snapshotRestoreMs: restoreMs,
      snapshotRestartMs,
      fullReplayMs,
      fullReplayTicks: f.ticks,
      restartRatio: Number((snapshotRestartMs / fullReplayMs).toFixed(4)),
      restartUnder10s: snapshotRestartMs < 10_000,
      fillSeconds: Math.round(fillS),
      node: process.version,
    }, null, 2));
  } finally {
    await db.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
