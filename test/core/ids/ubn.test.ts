import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateUbn } from '../../../src/core/ids/ubn.ts';

describe('validateUbn', () => {
  it('accepts valid numbers', () => {
    assert.deepEqual(validateUbn('04595252'), { ok: true, value: '04595252' });
    // Divisible by 5 but not by 10: valid only under the current rule (sum 15).
    assert.equal(validateUbn('00000005').ok, true);
  });

  it('applies the 7th-digit-7 rule', () => {
    // 1 + 0 + 4 + 1 + 8 + 1 + (28 → 10) + 4 = 29; 29 + 1 = 30.
    assert.equal(validateUbn('10458574').ok, true);
    // Same sum rule passes directly: 30.
    assert.equal(validateUbn('10458575').ok, true);
    assert.match(msg(validateUbn('10458573')), /sum is 28 \(or 29 with a 7th digit of 7\), neither divisible by 5/);
  });

  it('names a failed checksum', () => {
    assert.deepEqual(validateUbn('04595253'), { ok: false, message: 'weighted digit sum is 36, not divisible by 5', code: 'ubn.check', params: { sum: 36, divisor: 5 } });
  });

  it('rejects wrong lengths and characters', () => {
    assert.match(msg(validateUbn('0459525')), /8 digits, got 7/);
    assert.match(msg(validateUbn('045952521')), /8 digits, got 9/);
    assert.match(msg(validateUbn('0459525A')), /digits only/);
    assert.match(msg(validateUbn('')), /empty/);
  });
});

function msg(r: { ok: boolean; message?: string }): string {
  assert.equal(r.ok, false);
  return r.message ?? '';
}
