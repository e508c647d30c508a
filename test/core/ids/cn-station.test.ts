import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateCnNo } from '../../../src/core/ids/cn-number.ts';
import { customsOfficeOf, validateStationCode } from '../../../src/core/ids/station-code.ts';

describe('validateCnNo', () => {
  it('accepts 6 to 20 letters and digits', () => {
    assert.deepEqual(validateCnNo('CN0001'), { ok: true, value: 'CN0001' });
    assert.deepEqual(validateCnNo(' bk0011403050001 '), { ok: true, value: 'BK0011403050001' });
    assert.equal(validateCnNo('A'.repeat(20)).ok, true);
  });

  it('rejects bad numbers', () => {
    assert.match(msg(validateCnNo('')), /empty/);
    assert.match(msg(validateCnNo('CN001')), /6 to 20 characters, got 5/);
    assert.match(msg(validateCnNo('A'.repeat(21))), /6 to 20 characters, got 21/);
    assert.match(msg(validateCnNo('CN-0001')), /only letters and digits/);
    assert.match(msg(validateCnNo('CN 0001')), /only letters and digits/);
  });
});

describe('validateStationCode', () => {
  it('accepts station and facility codes', () => {
    assert.deepEqual(validateStationCode('CD198'), { ok: true, value: 'CD198' });
    assert.deepEqual(validateStationCode('bk001'), { ok: true, value: 'BK001' });
    // Facility codes with other leading letters are station codes too.
    assert.equal(validateStationCode('RS01').ok, true);
    assert.equal(validateStationCode('X1').ok, true);
  });

  it('rejects bad codes', () => {
    assert.match(msg(validateStationCode('')), /empty/);
    assert.match(msg(validateStationCode('C')), /2 to 10 characters, got 1/);
    assert.match(msg(validateStationCode('CD1981234567')), /2 to 10 characters, got 12/);
    assert.match(msg(validateStationCode('1CD98')), /start with a letter, got '1'/);
    assert.match(msg(validateStationCode('CD-198')), /only letters and digits/);
  });

  it('names the customs office', () => {
    assert.equal(customsOfficeOf('AK010'), 'Keelung');
    assert.equal(customsOfficeOf('bk001'), 'Kaohsiung');
    assert.equal(customsOfficeOf('CD198'), 'Taipei');
    assert.equal(customsOfficeOf('DT030'), 'Taichung');
    assert.equal(customsOfficeOf('RS01'), undefined);
  });
});

function msg(r: { ok: boolean; message?: string }): string {
  assert.equal(r.ok, false);
  return r.message ?? '';
}
