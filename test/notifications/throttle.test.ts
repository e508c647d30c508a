// The throttle's decisions on one lane (a person and a channel), without a database.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type LaneItem } from '../../src/notifications/throttle.ts';

const o = { immediatePerWindow: 3, windowMs: 300_000 };
const fresh = (n: number, from = 0): LaneItem[] => Array.from({ length: n }, (_, i) => ({ id: `i${from + i}`, mode: null, decidedAt: null }));

describe('throttle', () => {
  it('sends the first few of a window at once and holds the rest', () => {
    const d = decide(fresh(100), { singles: 0, digests: 0 }, 0, o);
    assert.deepEqual(d.singles, ['i0', 'i1', 'i2']);
    assert.equal(d.hold.length, 97);
    assert.equal(d.digest, null);
  });

  it('counts what the window already sent', () => {
    assert.deepEqual(decide(fresh(3), { singles: 2, digests: 0 }, 0, o).singles, ['i0']);
    assert.deepEqual(decide(fresh(3), { singles: 3, digests: 0 }, 0, o).singles, []);
  });

  it('sends the held items as one digest a window after the first was held', () => {
    const held: LaneItem[] = [{ id: 'h1', mode: 'held', decidedAt: 1_000 }, { id: 'h2', mode: 'held', decidedAt: 50_000 }];
    assert.equal(decide(held, { singles: 3, digests: 0 }, 300_999, o).digest, null);
    const d = decide([...held, ...fresh(1)], { singles: 0, digests: 0 }, 301_000, o);
    assert.deepEqual(d.singles, [], 'nothing jumps the queue while items are held');
    assert.deepEqual(d.digest, ['h1', 'h2', 'i0']);
  });

  it('stays in digest mode while a digest went out within the window', () => {
    const d = decide(fresh(2), { singles: 0, digests: 1 }, 0, o);
    assert.deepEqual(d.singles, []);
    assert.deepEqual(d.hold, ['i0', 'i1']);
  });

  it('digests everything when nothing may go out at once', () => {
    const d = decide(fresh(2), { singles: 0, digests: 0 }, 0, { immediatePerWindow: 0, windowMs: 60_000 });
    assert.deepEqual(d.hold, ['i0', 'i1']);
  });
});
