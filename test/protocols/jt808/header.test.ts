import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHeader, decodeMessage, encodeHeader, encodeMessage } from '../../../src/protocols/jt808/index.ts';
import { packetOf } from './frames.ts';

test('2013 header: id, body properties, BCD[6] phone, serial', () => {
  const bytes = encodeHeader({ msgId: 0x0200, phone: '13511221122', serial: 0x1234 }, 28);
  assert.equal(bytes.toString('hex'), '0200001c0135112211221234');
  const h = decodeHeader(bytes);
  assert.ok(h.ok);
  assert.deepEqual(h.value, {
    msgId: 0x0200,
    bodyLength: 28,
    encryption: 0,
    replyRequested: false,
    version: 2013,
    protocolVersion: null,
    phone: '013511221122',
    serial: 0x1234,
    subpackage: null,
    headerLength: 12,
  });
});

test('2019 header: version flag (bit 14), protocol version byte, BCD[10] phone', () => {
  const bytes = encodeHeader({ msgId: 0x0102, phone: '866496077582164', serial: 7, version: 2019, protocolVersion: 1 }, 5);
  assert.equal(bytes.toString('hex'), '0102400501' + '00000866496077582164' + '0007');
  const h = decodeHeader(bytes);
  assert.ok(h.ok);
  assert.equal(h.value.version, 2019);
  assert.equal(h.value.protocolVersion, 1);
  assert.equal(h.value.phone, '00000866496077582164');
  assert.equal(h.value.bodyLength, 5);
  assert.equal(h.value.headerLength, 17);
});

test('subpackage flag (bit 13) adds total and index after the serial, in both versions', () => {
  for (const version of [2013, 2019] as const) {
    const bytes = encodeHeader({ msgId: 0x0704, phone: '1', serial: 9, version, subpackage: { total: 3, index: 2 } }, 10);
    const h = decodeHeader(bytes);
    assert.ok(h.ok);
    assert.deepEqual(h.value.subpackage, { total: 3, index: 2 });
    assert.equal(h.value.headerLength, version === 2019 ? 21 : 16);
    assert.equal((bytes[2] & 0x20) !== 0, true);
  }
});

test('encryption bits 10-12 are read; an encrypted body is refused with the header kept', () => {
  const packet = packetOf(encodeMessage({ phone: '1', serial: 3 }, { kind: 'heartbeat' }));
  // 00 02 | body properties: set bit 10 (RSA) | ...; recompute the check code after the change.
  packet[2] |= 0x04;
  let x = 0;
  for (const b of packet.subarray(0, -1)) x ^= b;
  packet[packet.length - 1] = x;
  const r = decodeMessage(packet);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'unsupported_encryption');
    assert.equal(r.error.header?.encryption, 1);
    assert.equal(r.error.header?.serial, 3);
  }
});

test('Jointech 0x5501 / 0x4401 use a one-byte serial and ignore bits 10-14', () => {
  const h = decodeHeader(Buffer.from('55018c41856009001017' + '47', 'hex'));
  assert.ok(h.ok);
  assert.equal(h.value.serial, 0x47);
  assert.equal(h.value.headerLength, 11);
  assert.equal(h.value.encryption, 0);
  assert.equal(h.value.replyRequested, true);
  assert.equal(encodeHeader({ msgId: 0x4401, phone: '856009001017', serial: 1 }, 3).toString('hex'), '44010003856009001017' + '01');
});

test('truncated headers are typed errors', () => {
  for (const hex of ['', '0200', '0200001c013511', '0200401c01']) {
    const h = decodeHeader(Buffer.from(hex, 'hex'));
    assert.equal(h.ok ? '' : h.error.code, 'truncated_header', hex);
  }
});

test('encodeHeader refuses what the format cannot carry', () => {
  assert.throws(() => encodeHeader({ msgId: 1, phone: '1', serial: 1 }, 1024), RangeError);
  assert.throws(() => encodeHeader({ msgId: 1, phone: '1234567890123', serial: 1 }, 0), RangeError);
  assert.throws(() => encodeHeader({ msgId: 1, phone: '12x', serial: 1 }, 0), RangeError);
});
