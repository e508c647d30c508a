import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoMs } from '../../src/engine/clock.ts';

test('parses ISO 8601 with offset exactly like Date.parse', () => {
  const samples = [
    '2025-03-03T08:00:00+08:00',
    '2025-03-03T00:00:00Z',
    '2025-03-03T08:00:00.5+08:00',
    '2025-03-03T08:00:00.123456+08:00',
    '2024-02-29T23:59:59.999-03:30',
    '1999-12-31T23:59:59+0800',
    '2025-03-03T08:00+08:00',
    '2025-03-03t08:00:00z',
    '2100-01-01T00:00:00Z',
  ];
  for (const s of samples) assert.equal(parseIsoMs(s), Date.parse(s.replace(/\+(\d\d)(\d\d)$/, '+$1:$2')), s);
  // The day cache must not leak between dates.
  for (let d = 0; d < 800; d += 37) {
    const ms = Date.UTC(2024, 0, 1) + d * 86_400_000 + 12_345;
    const s = new Date(ms).toISOString();
    assert.equal(parseIsoMs(s), ms, s);
  }
});

test('rejects times without offset and malformed ones', () => {
  for (const s of ['2025-03-03T08:00:00', '2025-03-03', '2025-13-03T08:00:00Z', '2025-02-30T08:00:00Z', '2025-03-03T24:00:00Z', '2025-03-03T08:00:00+08', 'yesterday', '2025-03-03T08:00:00.Z', '2025-03-03T08:00:00Zjunk']) {
    assert.ok(Number.isNaN(parseIsoMs(s)), s);
  }
});
