import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSealNo } from '../../../src/core/ids/index.ts';

test('seal numbers: trimmed and upper-cased; letters, digits and - _ . / only', () => {
  assert.deepEqual(validateSealNo('  eps-000123 '), { ok: true, value: 'EPS-000123' });
  assert.deepEqual(validateSealNo('TS00000041'), { ok: true, value: 'TS00000041' });
  assert.equal(validateSealNo('').ok, false);
  assert.equal(validateSealNo('EPS 000123').ok, false, 'no inner spaces: two seals must not read as one');
  assert.equal(validateSealNo('-EPS1').ok, false);
  assert.equal(validateSealNo('EPS#1').ok, false);
  assert.equal(validateSealNo('A'.repeat(65)).ok, false);
});
