// The per-source log budget: the first lines of an interval are written, the rest counted and
// written as one summary once the interval is over; sources are bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogBudget, OVERFLOW_SOURCE } from '../../src/ops/log-budget.ts';

function budget(opts: { perInterval?: number; maxSources?: number } = {}) {
  let now = 1_000_000;
  const lines: { msg: string; extra: Record<string, unknown> }[] = [];
  const b = new LogBudget({
    ...opts,
    write: (msg, extra) => lines.push({ msg, extra }),
    summary: 'not logged',
    sourceField: 'deviceId',
    intervalMs: 60_000,
    now: () => now,
    timer: false,
  });
  return { b, lines, advance: (ms: number) => (now += ms) };
}

test('writes the first lines of a source per interval and sums up the rest when it is over', () => {
  const { b, lines, advance } = budget({ perInterval: 3 });
  for (let i = 0; i < 10; i++) b.log('OBU1', 'refused', { n: i });
  b.log('OBU2', 'refused', { n: 0 });
  assert.deepEqual(lines.map((l) => l.extra.n), [0, 1, 2, 0], 'three of OBU1, OBU2 has its own budget');
  assert.equal(b.suppressedTotal, 7);
  b.flush();
  assert.equal(lines.length, 4, 'nothing to sum up before the interval is over');
  advance(60_000);
  b.flush();
  assert.deepEqual(lines.slice(4), [{ msg: 'not logged', extra: { deviceId: 'OBU1', suppressed: 7, intervalMs: 60_000 } }]);
  b.log('OBU1', 'refused', { n: 10 });
  assert.equal(lines.at(-1)!.extra.n, 10, 'a new interval, a new budget');
});

test('a source that goes on into the next interval gets its summary first, and close writes what is pending', () => {
  const { b, lines, advance } = budget({ perInterval: 1 });
  b.log('10.0.0.9', 'bad frame', {});
  b.log('10.0.0.9', 'bad frame', {});
  advance(61_000);
  b.log('10.0.0.9', 'bad frame', {});
  b.log('10.0.0.9', 'bad frame', {});
  b.log('10.0.0.9', 'bad frame', {});
  assert.deepEqual(lines.map((l) => l.msg), ['bad frame', 'not logged', 'bad frame']);
  assert.equal(lines[1].extra.suppressed, 1);
  b.close();
  assert.deepEqual(lines.at(-1), { msg: 'not logged', extra: { deviceId: '10.0.0.9', suppressed: 2, intervalMs: 60_000 } });
});

test('past the source limit, new sources share one budget', () => {
  const { b, lines } = budget({ perInterval: 1, maxSources: 2 });
  for (const s of ['a', 'b', 'c', 'd', 'e']) b.log(s, 'x', { s });
  assert.deepEqual(lines.map((l) => l.extra.s), ['a', 'b', 'c']);
  b.close();
  assert.deepEqual(lines.at(-1)!.extra, { deviceId: OVERFLOW_SOURCE, suppressed: 2, intervalMs: 60_000 });
});
