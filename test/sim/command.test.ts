// sealwatch simulate --out: a replay file every line of which the replay accepts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { replayLines } from '../../src/replay/replay.ts';
import { runSimulateCommand } from '../../src/sim/command.ts';

test('simulate --out writes a replay file and its ground truth; same seed, same bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-'));
  try {
    const args = ['--trucks', '3', '--hours', '1', '--seed', 'cmd', '--incidents-per-hour', '6'];
    assert.equal(await runSimulateCommand([...args, '--out', join(dir, 'a.jsonl'), '--truth', join(dir, 'truth.jsonl')]), 0);
    assert.equal(await runSimulateCommand([...args, '--out', join(dir, 'b.jsonl')]), 0);
    const a = readFileSync(join(dir, 'a.jsonl'), 'utf8');
    assert.equal(a, readFileSync(join(dir, 'b.jsonl'), 'utf8'));
    const lines = a.trim().split('\n');
    assert.ok(lines.length > 1000);
    let outputs = 0;
    for await (const _ of replayLines(lines)) outputs++;
    assert.ok(outputs > 0, 'the engine made something of it');
    for (const line of readFileSync(join(dir, 'truth.jsonl'), 'utf8').trim().split('\n').filter(Boolean)) {
      const t = JSON.parse(line);
      assert.ok(t.alertType && t.simTripId && t.startAt && t.endAt);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('simulate --help, and a usage error without --out or --url', async () => {
  assert.equal(await runSimulateCommand(['--help']), 0);
  assert.equal(await runSimulateCommand(['--trucks', '2']), 2);
  assert.equal(await runSimulateCommand(['--bogus']), 2);
});
