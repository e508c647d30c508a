import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePlate, validatePlate } from '../../../src/core/ids/plate.ts';

describe('plates', () => {
  it('normalises case, dashes and spaces', () => {
    assert.equal(normalizePlate('KNA-6001'), 'KNA6001');
    assert.equal(normalizePlate(' hbb 6001 '), 'HBB6001');
  });

  it('accepts commercial plates', () => {
    for (const p of ['KNA-6001', 'KLA6001', 'HBB-6001', '123-AB', 'A1']) {
      assert.equal(validatePlate(p).ok, true, p);
    }
    assert.deepEqual(validatePlate('kna-6001'), { ok: true, value: 'KNA6001' });
  });

  it('rejects bad plates', () => {
    assert.match(msg(validatePlate('')), /empty/);
    assert.match(msg(validatePlate('-')), /empty/);
    assert.match(msg(validatePlate('K')), /2 to 8 characters, got 1/);
    assert.match(msg(validatePlate('KNA600123')), /2 to 8 characters, got 9/);
    assert.match(msg(validatePlate('KNA.6001')), /only letters and digits/);
    assert.match(msg(validatePlate('KNAABC')), /at least one digit/);
  });
});

function msg(r: { ok: boolean; message?: string }): string {
  assert.equal(r.ok, false);
  return r.message ?? '';
}
