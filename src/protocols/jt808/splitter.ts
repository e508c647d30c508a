// Cuts a TCP byte stream into JT/T 808 packets. TCP delivers arbitrary pieces: a frame may span
// several chunks, one chunk may hold several frames, and line noise may sit between frames.
import { jt808Error, type Jt808Error } from './errors.ts';
import { DELIMITER, unescape, xorChecksum } from './framing.ts';

export type SplitEvent =
  /** Un-escaped packet between two delimiters (header, body, check code), not yet verified. */
  | { kind: 'packet'; packet: Buffer }
  /** ASCII "(...)" sentence some e-locks send on the same port (command results). */
  | { kind: 'text'; text: string }
  /** A frame that could not be cut or un-escaped; the stream continues after it. */
  | { kind: 'error'; error: Jt808Error };

/**
 * Largest escaped frame content the standard allows: 2019 header (17) + subpackage fields (4) +
 * 1023-byte body + check code, every byte possibly doubled by escaping.
 */
export const MAX_FRAME_BYTES = 2 * (17 + 4 + 1023 + 1);
/** Longest "(...)" sentence accepted before the '(' is treated as noise. */
export const MAX_TEXT_BYTES = 512;

const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const EMPTY = Buffer.alloc(0);

export class Jt808Splitter {
  private pending: Buffer = EMPTY;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  /** Bytes held while waiting for the rest of a frame. */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): SplitEvent[] {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const events: SplitEvent[] = [];
    while (this.step(events));
    return events;
  }

  /** Handles what starts the pending bytes; false when more input is needed. */
  private step(events: SplitEvent[]): boolean {
    const start = findOpener(this.pending);
    if (start < 0) {
      this.pending = EMPTY; // only noise: nothing in it can start a frame
      return false;
    }
    this.pending = this.pending.subarray(start);
    return this.pending[0] === DELIMITER ? this.stepFrame(events) : this.stepText(events);
  }

  private stepFrame(events: SplitEvent[]): boolean {
    const buf = this.pending;
    const end = buf.indexOf(DELIMITER, 1);
    if (end < 0) {
      if (buf.length - 1 <= this.maxFrameBytes) return false;
      events.push(tooLarge(buf.length - 1, this.maxFrameBytes));
      this.pending = EMPTY; // resynchronise on the next delimiter
      return false;
    }
    if (end === 1) {
      // 0x7E 0x7E: the first closed something already handled (or noise); the second opens.
      this.pending = buf.subarray(1);
      return true;
    }
    const content = buf.subarray(1, end);
    if (content.length > this.maxFrameBytes) {
      events.push(tooLarge(content.length, this.maxFrameBytes));
      this.pending = buf.subarray(end);
      return true;
    }
    const packet = unescape(content);
    if (!packet.ok) {
      events.push({ kind: 'error', error: packet.error });
      // What looked like a closing delimiter may be the opening one of the next frame.
      this.pending = buf.subarray(end);
      return true;
    }
    events.push({ kind: 'packet', packet: Buffer.from(packet.value) });
    // A packet whose check code fails was probably cut short (its closing delimiter lost), so
    // the delimiter that ended it is kept as the possible start of the next frame. A good packet
    // consumes both delimiters.
    this.pending = checksumHolds(packet.value) ? buf.subarray(end + 1) : buf.subarray(end);
    return true;
  }

  private stepText(events: SplitEvent[]): boolean {
    const buf = this.pending;
    const close = buf.indexOf(CLOSE_PAREN, 1);
    const delimiter = buf.indexOf(DELIMITER, 1);
    if (close >= 0 && (delimiter < 0 || close < delimiter) && close < MAX_TEXT_BYTES) {
      const sentence = buf.subarray(0, close + 1);
      if (isPrintableAscii(sentence)) events.push({ kind: 'text', text: sentence.toString('latin1') });
      this.pending = buf.subarray(close + 1);
      return true;
    }
    if (delimiter >= 0 || buf.length >= MAX_TEXT_BYTES) {
      this.pending = buf.subarray(1); // a stray '(' in noise: look past it
      return true;
    }
    return false;
  }
}

function findOpener(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === DELIMITER || buf[i] === OPEN_PAREN) return i;
  }
  return -1;
}

function checksumHolds(packet: Uint8Array): boolean {
  return packet.length > 0 && xorChecksum(packet.subarray(0, packet.length - 1)) === packet[packet.length - 1];
}

function isPrintableAscii(bytes: Uint8Array): boolean {
  return bytes.every((b) => b >= 0x20 && b < 0x7f);
}

function tooLarge(size: number, max: number): SplitEvent {
  return { kind: 'error', error: jt808Error('frame_too_large', `no closing 0x7E within ${max} bytes (${size} buffered)`) };
}
