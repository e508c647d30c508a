import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escape, unescape, verifyChecksum, wrapFrame, xorChecksum } from '../../../src/protocols/jt808/index.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('escape replaces 0x7E and 0x7D and nothing else (spec example 30 7e 08 7d 55)', () => {
  assert.equal(escape(hex('307e087d55')).toString('hex'), '307d02087d0155');
  assert.equal(escape(hex('7d7e7d02')).toString('hex'), '7d017d027d0102');
  assert.equal(escape(hex('0102037c7f')).toString('hex'), '0102037c7f');
});

test('unescape reverses escape', () => {
  const original = hex('7e7d7d7e00ff7d017d02');
  const back = unescape(escape(original));
  assert.ok(back.ok);
  assert.deepEqual(back.value, original);
});

test('unescape rejects 0x7D followed by anything but 01 / 02, or at the end', () => {
  for (const bad of ['307d0308', '307d', '7d7e']) {
    const r = unescape(hex(bad));
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.equal(r.error.code, 'bad_escape');
  }
});

test('xorChecksum is the XOR of every byte', () => {
  assert.equal(xorChecksum(hex('')), 0);
  assert.equal(xorChecksum(hex('01020408')), 0x0f);
  assert.equal(xorChecksum(hex('ffff')), 0);
});

test('wrapFrame appends the check code, escapes it too, and delimits', () => {
  // Header+body XOR to 0x7E: the check code itself must be escaped.
  const content = hex('7f01');
  assert.equal(xorChecksum(content), 0x7e);
  assert.equal(wrapFrame(content).toString('hex'), '7e7f017d027e');
});

test('verifyChecksum accepts a good packet and names both values on a bad one', () => {
  const good = verifyChecksum(hex('01020407'));
  assert.ok(good.ok);
  assert.equal(Buffer.from(good.value).toString('hex'), '010204');
  const bad = verifyChecksum(hex('01020400'));
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.error.code, 'checksum_mismatch');
    assert.match(bad.error.message, /0x00.*0x07/);
  }
  const empty = verifyChecksum(hex(''));
  assert.equal(empty.ok ? '' : empty.error.code, 'empty_frame');
});
