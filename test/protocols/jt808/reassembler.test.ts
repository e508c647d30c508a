import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMessage,
  encodeBody,
  encodeMessage,
  Jt808Reassembler,
  type Jt808Header,
  type LocationInput,
} from '../../../src/protocols/jt808/index.ts';
import { packetOf } from './frames.ts';

const fix: LocationInput = { lat: 25.03, lon: 121.56, time: '2026-03-01T02:30:00.000Z' };
const body = encodeBody({ kind: 'locationBatch', batch: { batchType: 0, locations: [fix, { ...fix, lat: 25.04 }] } });

/** Splits `body` into `total` packets, decoded as the gateway sees them. */
function packets(total: number, phone = '13800138000'): { header: Jt808Header; data: Uint8Array }[] {
  const size = Math.ceil(body.length / total);
  return Array.from({ length: total }, (_, i) => {
    const frame = encodeMessage(
      { msgId: 0x0704, phone, serial: 10 + i, subpackage: { total, index: i + 1 } },
      { kind: 'unknown', data: body.subarray(i * size, (i + 1) * size) },
    );
    const decoded = decodeMessage(packetOf(frame));
    assert.ok(decoded.ok && decoded.value.body.kind === 'fragment');
    return { header: decoded.value.header, data: decoded.value.body.kind === 'fragment' ? decoded.value.body.data : new Uint8Array() };
  });
}

function lats(step: ReturnType<Jt808Reassembler['add']>): number[] {
  if (!step.done || !step.message.ok || step.message.value.body.kind !== 'locationBatch') return assert.fail(JSON.stringify(step));
  return step.message.value.body.batch.locations.map((l) => l.lat);
}

test('packets arriving in order complete the message on the last one', () => {
  const r = new Jt808Reassembler();
  const [a, b, c] = packets(3);
  assert.deepEqual(r.add(a.header, a.data), { done: false });
  assert.deepEqual(r.add(b.header, b.data), { done: false });
  const step = r.add(c.header, c.data);
  assert.deepEqual(lats(step), [25.03, 25.04]);
  if (step.done && step.message.ok) {
    assert.equal(step.message.value.header.subpackage, null);
    assert.equal(step.message.value.header.serial, 12);
  }
});

test('out of order and repeated packets still give one message', () => {
  const r = new Jt808Reassembler();
  const [a, b, c] = packets(3);
  r.add(c.header, c.data);
  r.add(a.header, a.data);
  assert.deepEqual(r.add(a.header, a.data), { done: false });
  assert.deepEqual(lats(r.add(b.header, b.data)), [25.03, 25.04]);
});

test('different terminals do not mix', () => {
  const r = new Jt808Reassembler();
  const [a1, a2] = packets(2, '13800138000');
  const [b1, b2] = packets(2, '13900139000');
  r.add(a1.header, a1.data);
  r.add(b1.header, b1.data);
  assert.deepEqual(lats(r.add(a2.header, a2.data)), [25.03, 25.04]);
  assert.deepEqual(lats(r.add(b2.header, b2.data)), [25.03, 25.04]);
});

test('limits: too many packets or too many bytes are refused', () => {
  const [a] = packets(2);
  const tooMany = { ...a.header, subpackage: { total: 65, index: 1 } };
  assert.ok('refused' in new Jt808Reassembler().add(tooMany, a.data));
  const badIndex = { ...a.header, subpackage: { total: 2, index: 3 } };
  assert.ok('refused' in new Jt808Reassembler().add(badIndex, a.data));
  assert.ok('refused' in new Jt808Reassembler({ maxPackets: 64, maxBytes: 10 }).add(a.header, a.data));
});

test('a new split of the same message id replaces an unfinished one', () => {
  const r = new Jt808Reassembler();
  const [a] = packets(3);
  r.add(a.header, a.data);
  const [b1, b2] = packets(2);
  r.add(b1.header, b1.data);
  assert.deepEqual(lats(r.add(b2.header, b2.data)), [25.03, 25.04]);
});
