// Test helper: a complete wire frame → the un-escaped packet the codec decodes.
import assert from 'node:assert/strict';
import { Jt808Splitter } from '../../../src/protocols/jt808/index.ts';

export function packetOf(frame: Uint8Array): Buffer {
  const events = new Jt808Splitter().push(frame);
  assert.equal(events.length, 1, `expected one frame, got ${JSON.stringify(events)}`);
  const [event] = events;
  if (event.kind !== 'packet') return assert.fail(`expected a packet, got ${event.kind}`);
  return event.packet;
}
