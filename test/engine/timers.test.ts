import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WakeHeap } from '../../src/engine/timers.ts';
import { Prng } from '../../bench/lib/prng.ts';

test('wake-ups come out by deadline, equal deadlines in insertion order', () => {
  const heap = new WakeHeap<string>();
  const rng = new Prng(1);
  const pushed: { due: number; seq: number }[] = [];
  for (let i = 0; i < 500; i++) {
    const due = rng.int(50);
    heap.push(due, 1, `w${i}`);
    pushed.push({ due, seq: i });
  }
  pushed.sort((a, b) => a.due - b.due || a.seq - b.seq);
  const got: string[] = [];
  while (heap.size) got.push((heap.pop() as { target: string }).target);
  assert.deepEqual(got, pushed.map((p) => `w${p.seq}`));
  assert.equal(heap.peekDue(), Infinity);
  assert.equal(heap.pop(), undefined);
});
