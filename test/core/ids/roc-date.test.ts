import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTaipei, parseRocDate, toRocDate } from '../../../src/core/ids/roc-date.ts';

describe('toRocDate', () => {
  it('formats in Asia/Taipei', () => {
    assert.equal(toRocDate(new Date('2025-03-05T06:03:00Z')), '114/03/05');
    // 16:30 UTC on the 4th is already the 5th in Taipei.
    assert.equal(toRocDate('2025-03-04T16:30:00Z'), '114/03/05');
    assert.equal(toRocDate('2025-03-04T15:59:59Z'), '114/03/04');
    assert.equal(toRocDate('2025-03-05T00:30:00+08:00'), '114/03/05');
  });

  it('takes a bare calendar date as written', () => {
    assert.equal(toRocDate('2025-03-05'), '114/03/05');
  });

  it('pads the year and honours the separator', () => {
    assert.equal(toRocDate('2010-12-31', ''), '0991231');
    assert.equal(toRocDate('2025-03-05', '-'), '114-03-05');
  });

  it('rejects invalid dates', () => {
    assert.throws(() => toRocDate('not a date'), RangeError);
    assert.throws(() => toRocDate('2025-02-30'), /day 30 is out of range 1–28/);
    assert.throws(() => toRocDate('1911-06-01'), /before ROC year 1/);
  });
});

describe('parseRocDate', () => {
  it('parses separated and compact forms', () => {
    assert.deepEqual(parseRocDate('114/03/05'), { ok: true, value: '2025-03-05' });
    assert.deepEqual(parseRocDate('1140305'), { ok: true, value: '2025-03-05' });
    assert.deepEqual(parseRocDate('114-3-5'), { ok: true, value: '2025-03-05' });
    assert.deepEqual(parseRocDate('99.12.31'), { ok: true, value: '2010-12-31' });
    assert.deepEqual(parseRocDate('113/02/29'), { ok: true, value: '2024-02-29' });
  });

  it('names the failed rule', () => {
    assert.match(msg(parseRocDate('')), /empty/);
    assert.match(msg(parseRocDate('114/13/01')), /month 13 is out of range 1–12/);
    assert.match(msg(parseRocDate('114/02/29')), /day 29 is out of range 1–28 for 2025-02/);
    assert.match(msg(parseRocDate('1140230')), /day 30 is out of range/);
    assert.match(msg(parseRocDate('0/01/01')), /ROC year must be 1 or later/);
    assert.match(msg(parseRocDate('114/03-05')), /must look like/);
    assert.match(msg(parseRocDate('990305')), /must look like/);
    assert.match(msg(parseRocDate('2025-03-05')), /must look like/);
  });

  it('round-trips with toRocDate', () => {
    for (const iso of ['2025-03-05', '2024-02-29', '2011-01-01', '1912-01-01', '2099-12-31']) {
      const roc = toRocDate(iso);
      assert.deepEqual(parseRocDate(roc), { ok: true, value: iso }, roc);
      assert.deepEqual(parseRocDate(toRocDate(iso, '')), { ok: true, value: iso });
    }
  });
});

describe('formatTaipei', () => {
  it('shows Asia/Taipei wall-clock time', () => {
    assert.equal(formatTaipei('2025-03-05T06:03:00Z'), '2025-03-05 14:03:00');
    assert.equal(formatTaipei(new Date('2025-03-04T16:00:00Z')), '2025-03-05 00:00:00');
    assert.equal(formatTaipei('2025-12-31T23:59:59+08:00'), '2025-12-31 23:59:59');
  });

  it('rejects invalid dates', () => {
    assert.throws(() => formatTaipei('yesterday'), RangeError);
  });
});

function msg(r: { ok: boolean; message?: string }): string {
  assert.equal(r.ok, false);
  return r.message ?? '';
}
