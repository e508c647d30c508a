import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerCheckDigit, validateContainerNo } from '../../../src/core/ids/container-number.ts';

describe('validateContainerNo', () => {
  it('accepts valid ISO 6346 numbers', () => {
    for (const no of ['CSQU3054383', 'ZEPU0037255', 'MSKU9070323']) {
      assert.deepEqual(validateContainerNo(no), { ok: true, value: no });
    }
  });

  it('normalises case and spaces', () => {
    assert.deepEqual(validateContainerNo(' csqu 305438 3 '), { ok: true, value: 'CSQU3054383' });
  });

  it('names a wrong check digit', () => {
    assert.deepEqual(validateContainerNo('CSQU3054384'), { ok: false, message: 'check digit is 4, expected 3', code: 'container.check_digit', params: { actual: 4, expected: 3 } });
    assert.deepEqual(validateContainerNo('ZEPU0037250'), { ok: false, message: 'check digit is 0, expected 5', code: 'container.check_digit', params: { actual: 0, expected: 5 } });
  });

  it('rejects wrong lengths', () => {
    assert.match(msg(validateContainerNo('CSQU305438')), /11 characters, got 10/);
    assert.match(msg(validateContainerNo('CSQU30543833')), /11 characters, got 12/);
    assert.match(msg(validateContainerNo('')), /empty/);
  });

  it('rejects letters and digits in the wrong places', () => {
    assert.match(msg(validateContainerNo('C5QU3054383')), /owner code must be 3 letters, got 'C5Q'/);
    assert.match(msg(validateContainerNo('CSQX3054383')), /category identifier must be U, J or Z, got 'X'/);
    assert.match(msg(validateContainerNo('CSQU30543A3')), /serial number must be 6 digits/);
    assert.match(msg(validateContainerNo('CSQU305438X')), /check digit must be a digit, got 'X'/);
    assert.match(msg(validateContainerNo('CSQU-305438')), /owner code|serial/);
  });
});

describe('containerCheckDigit', () => {
  it('computes the check digit of the first 10 characters', () => {
    assert.equal(containerCheckDigit('CSQU305438'), 3);
    assert.equal(containerCheckDigit('zepu003725'), 5);
  });

  it('throws on bad input', () => {
    assert.throws(() => containerCheckDigit('CSQU30543'), RangeError);
    assert.throws(() => containerCheckDigit('CSQU30543!'), RangeError);
  });
});

function msg(r: { ok: boolean; message?: string }): string {
  assert.equal(r.ok, false);
  return r.message ?? '';
}
