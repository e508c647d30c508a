// Joins a message a terminal split into subpackages (header bit 13; JT/T 808 section 4.4.3),
// e.g. a 0x0704 batch too long for one 1023-byte body. One reassembler serves one connection.
import { decodeBody, type Jt808Message } from './message.ts';
import type { Jt808Header } from './header.ts';
import type { Result } from './errors.ts';

export interface ReassemblyLimits {
  /** Most packets one message may be split into. */
  maxPackets: number;
  /** Most bytes held for unfinished messages of one connection. */
  maxBytes: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = { maxPackets: 64, maxBytes: 64 * 1024 };

interface Pending {
  total: number;
  parts: Map<number, Uint8Array>;
}

export type ReassemblyStep =
  /** Stored; more packets are needed. */
  | { done: false }
  /** The last missing packet arrived: the whole message, decoded. */
  | { done: true; message: Result<Jt808Message> }
  /** The packet was refused (limits, impossible index); nothing was stored. */
  | { done: false; refused: string };

export class Jt808Reassembler {
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;

  constructor(private readonly limits: ReassemblyLimits = DEFAULT_REASSEMBLY_LIMITS) {}

  /** Adds one packet (its header has a subpackage field). */
  add(header: Jt808Header, body: Uint8Array): ReassemblyStep {
    const sub = header.subpackage;
    if (!sub) return { done: false, refused: 'not a subpackage' };
    if (sub.total < 1 || sub.total > this.limits.maxPackets || sub.index < 1 || sub.index > sub.total) {
      return { done: false, refused: `packet ${sub.index} of ${sub.total} is outside 1..${this.limits.maxPackets}` };
    }
    const key = `${header.phone}/${header.msgId}`;
    let entry = this.pending.get(key);
    if (entry && entry.total !== sub.total) {
      // A new message of the same id began before the old one completed: the old one is lost.
      this.drop(key, entry);
      entry = undefined;
    }
    if (!entry) {
      entry = { total: sub.total, parts: new Map() };
      this.pending.set(key, entry);
    }
    const previous = entry.parts.get(sub.index);
    if (this.bytes - (previous?.length ?? 0) + body.length > this.limits.maxBytes) {
      return { done: false, refused: `more than ${this.limits.maxBytes} bytes of unfinished messages` };
    }
    this.bytes += body.length - (previous?.length ?? 0);
    entry.parts.set(sub.index, body);
    if (entry.parts.size < entry.total) return { done: false };

    this.drop(key, entry);
    const whole = Buffer.concat(Array.from({ length: entry.total }, (_, i) => entry.parts.get(i + 1) as Uint8Array));
    const wholeHeader: Jt808Header = { ...header, subpackage: null, bodyLength: whole.length };
    const decoded = decodeBody(wholeHeader, whole);
    return {
      done: true,
      message: decoded.ok ? { ok: true, value: { header: wholeHeader, body: decoded.value } } : decoded,
    };
  }

  private drop(key: string, entry: Pending): void {
    for (const part of entry.parts.values()) this.bytes -= part.length;
    this.pending.delete(key);
  }
}
