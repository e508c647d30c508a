import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateNationalId } from '../../../src/core/ids/national-id.ts';

describe('validateNationalId', () => {
  it('accepts citizen IDs', () => {
    assert.deepEqual(validateNationalId('A123456789'), { ok: true, value: 'A123456789' });
    assert.deepEqual(validateNationalId(' a123456789 '), { ok: true, value: 'A123456789' });
    // Letters out of alphabetical order: W = 32 → 3 + 2·9 = 21; 1..8 · 8..1 = 120; check 9: 150.
    assert.equal(validateNationalId('W123456789').ok, true);
    // O = 35 → 3 + 5·9 = 48; + 120 = 168; check 2.
    assert.equal(validateNationalId('O123456782').ok, true);
    assert.match(msg(validateNationalId('O123456789')), /check digit is 9, expected 2/);
  });

  it('accepts new-style resident certificates (8 / 9)', () => {
    // A=10: 1 + 0·9 = 1; 8·8 + 0 + 0·6 ... = 64; check 5 brings 70.
    assert.equal(validateNationalId('A800000005').ok, true);
    // F = 15 → 1 + 5·9 = 46; 9·8 + 1·7 + 2·6 + ... + 7·1 = 156; check 8: 210.
    assert.equal(validateNationalId('F912345678').ok, true);
  });

  it('accepts old-style resident certificates (second letter A–D)', () => {
    // A=10 → 1; C=12 → units 2 ·8 = 16; 0..6 · 7..1 = 56; check 7: total 80.
    assert.equal(validateNationalId('AC01234567').ok, true);
    assert.equal(validateNationalId('FA12345670').ok, true);
    assert.match(msg(validateNationalId('AC01234568')), /check digit is 8, expected 7/);
  });

  it('names a wrong check digit', () => {
    assert.deepEqual(validateNationalId('A123456788'), { ok: false, message: 'check digit is 8, expected 9', code: 'national_id.check_digit', params: { actual: 8, expected: 9 } });
  });

  it('rejects wrong lengths and characters', () => {
    assert.match(msg(validateNationalId('A12345678')), /10 characters, got 9/);
    assert.match(msg(validateNationalId('A1234567890')), /10 characters, got 11/);
    assert.match(msg(validateNationalId('1123456789')), /first character must be a letter/);
    assert.match(msg(validateNationalId('A323456789')), /second character must be 1 or 2 .* got '3'/);
    assert.match(msg(validateNationalId('AE23456789')), /got 'E'/);
    assert.match(msg(validateNationalId('A12345678X')), /characters 3 to 10 must be digits/);
    assert.match(msg(validateNationalId('')), /empty/);
  });
});

function msg(r: { ok: boolean; message?: string }): string {
  assert.equal(r.ok, false);
  return r.message ?? '';
}
