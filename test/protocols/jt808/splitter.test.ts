import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeMessage,
  Jt808Splitter,
  MAX_FRAME_BYTES,
  type SplitEvent,
} from '../../../src/protocols/jt808/index.ts';

const heartbeat = (serial: number) => encodeMessage({ phone: '013511221122', serial }, { kind: 'heartbeat' });
const packets = (events: SplitEvent[]) =>
  events.filter((e) => e.kind === 'packet').map((e) => (e.kind === 'packet' ? e.packet.toString('hex') : ''));
const inner = (frame: Buffer) => frame.subarray(1, -1).toString('hex');

test('a frame split across chunks comes out once, whole', () => {
  const frame = heartbeat(1);
  const splitter = new Jt808Splitter();
  const events: SplitEvent[] = [];
  for (const b of frame) events.push(...splitter.push(Buffer.of(b)));
  assert.deepEqual(packets(events), [inner(frame)]);
  assert.equal(splitter.buffered, 0);
});

test('several frames in one chunk come out in order', () => {
  const frames = [heartbeat(1), heartbeat(2), heartbeat(3)];
  const events = new Jt808Splitter().push(Buffer.concat(frames));
  assert.deepEqual(packets(events), frames.map(inner));
});

test('noise before, between and after frames is skipped', () => {
  const a = heartbeat(1);
  const b = heartbeat(2);
  const events = new Jt808Splitter().push(Buffer.concat([Buffer.from('$$ \r\n'), a, Buffer.from('xyz'), b, Buffer.from('!!')]));
  assert.deepEqual(packets(events), [inner(a), inner(b)]);
  assert.equal(events.filter((e) => e.kind === 'error').length, 0);
});

test('a frame cut short by a new frame loses itself only', () => {
  const cut = heartbeat(1).subarray(0, 8); // opening delimiter and part of a header
  const next = heartbeat(2);
  const events = new Jt808Splitter().push(Buffer.concat([cut, next]));
  // The truncated bytes pair with the next frame's opening delimiter and fail their check code;
  // that delimiter is then reused, so the next frame still comes out intact.
  assert.equal(packets(events).at(-1), inner(next));
});

test('a bad escape is reported and the stream goes on', () => {
  const next = heartbeat(2);
  const events = new Jt808Splitter().push(Buffer.concat([Buffer.from('7e01027d0503047e', 'hex'), next]));
  assert.equal(events[0].kind, 'error');
  if (events[0].kind === 'error') assert.equal(events[0].error.code, 'bad_escape');
  assert.deepEqual(packets(events), [inner(next)]);
});

test('a frame without a closing delimiter is dropped at the size limit', () => {
  const splitter = new Jt808Splitter(64);
  const events = splitter.push(Buffer.concat([Buffer.of(0x7e), Buffer.alloc(100, 0x11)]));
  assert.equal(events.length, 1);
  assert.equal(events[0].kind === 'error' ? events[0].error.code : '', 'frame_too_large');
  assert.equal(splitter.buffered, 0);
  // The tail of the oversized frame ends with its delimiter; the next frame still comes through.
  const next = heartbeat(3);
  const after = splitter.push(Buffer.concat([Buffer.alloc(10, 0x11), Buffer.of(0x7e), next]));
  assert.deepEqual(packets(after), [inner(next)]);
});

test('a delimited frame longer than the limit is reported, not returned', () => {
  const events = new Jt808Splitter(16).push(Buffer.concat([Buffer.of(0x7e), Buffer.alloc(20, 0x11), Buffer.of(0x7e)]));
  assert.deepEqual(events.map((e) => (e.kind === 'error' ? e.error.code : e.kind)), ['frame_too_large']);
});

test('the default limit fits the largest frame the standard allows', () => {
  // 2019 header with subpackage fields, 1023-byte body of 0x7E (all escaped), check code.
  const frame = encodeMessage(
    { msgId: 0x0900, phone: '1', serial: 1, version: 2019, subpackage: { total: 2, index: 1 } },
    { kind: 'unknown', data: Buffer.alloc(1023, 0x7e) },
  );
  assert.ok(frame.length - 2 <= MAX_FRAME_BYTES);
  assert.equal(packets(new Jt808Splitter().push(frame)).length, 1);
});

test('"(...)" sentences come out as text, between binary frames too', () => {
  const a = heartbeat(1);
  const events = new Jt808Splitter().push(Buffer.concat([Buffer.from('(7401,1,001,ELOCK,3,52)'), a, Buffer.from('(OK)')]));
  assert.deepEqual(
    events.map((e) => (e.kind === 'text' ? e.text : e.kind)),
    ['(7401,1,001,ELOCK,3,52)', 'packet', '(OK)'],
  );
});

test('a stray "(" in noise does not swallow the next frame', () => {
  const a = heartbeat(1);
  const events = new Jt808Splitter().push(Buffer.concat([Buffer.from('(no close'), a]));
  assert.deepEqual(packets(events), [inner(a)]);
});

test('a sentence split across chunks waits for its ")"', () => {
  const splitter = new Jt808Splitter();
  assert.deepEqual(splitter.push(Buffer.from('(7401,1,')), []);
  assert.deepEqual(splitter.push(Buffer.from('ELOCK)')), [{ kind: 'text', text: '(7401,1,ELOCK)' }]);
});

test('doubled delimiters between frames are harmless', () => {
  const a = heartbeat(1);
  const b = heartbeat(2);
  const events = new Jt808Splitter().push(Buffer.concat([Buffer.of(0x7e, 0x7e), a, Buffer.of(0x7e), b]));
  assert.deepEqual(packets(events), [inner(a), inner(b)]);
});
