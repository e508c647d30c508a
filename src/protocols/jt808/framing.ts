// Wire framing: 0x7E delimiters, 0x7D escaping and the XOR check code (JT/T 808 sections 5.1-5.2).
//
// A "packet" here is what sits between the delimiters once un-escaped: header, body, check code.
import { fail, ok, type Result } from './errors.ts';

export const DELIMITER = 0x7e;
export const ESCAPE = 0x7d;

/** 0x7E → 0x7D 0x02 and 0x7D → 0x7D 0x01, so a delimiter never appears inside a frame. */
export function escape(packet: Uint8Array): Buffer {
  const out: number[] = [];
  for (const b of packet) {
    if (b === DELIMITER) out.push(ESCAPE, 0x02);
    else if (b === ESCAPE) out.push(ESCAPE, 0x01);
    else out.push(b);
  }
  return Buffer.from(out);
}

/** Reverses escape(); any other byte after 0x7D means the frame was corrupted in transit. */
export function unescape(content: Uint8Array): Result<Buffer> {
  const out = Buffer.alloc(content.length);
  let n = 0;
  for (let i = 0; i < content.length; i++) {
    const b = content[i];
    if (b !== ESCAPE) {
      out[n++] = b;
      continue;
    }
    const next = content[i + 1];
    if (next === 0x02) out[n++] = DELIMITER;
    else if (next === 0x01) out[n++] = ESCAPE;
    else {
      const what = next === undefined ? 'at the end of the frame' : `followed by 0x${hexByte(next)}`;
      return fail('bad_escape', `0x7D ${what} at offset ${i}`);
    }
    i++;
  }
  return ok(out.subarray(0, n));
}

/** XOR of every byte: the check code covers header and body, not the delimiters. */
export function xorChecksum(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/** Header + body → complete wire frame: check code appended, escaped, delimited. */
export function wrapFrame(headerAndBody: Uint8Array): Buffer {
  const packet = Buffer.alloc(headerAndBody.length + 1);
  packet.set(headerAndBody);
  packet[headerAndBody.length] = xorChecksum(headerAndBody);
  return Buffer.concat([Buffer.of(DELIMITER), escape(packet), Buffer.of(DELIMITER)]);
}

/** Un-escaped packet → header + body, once its check code is verified. */
export function verifyChecksum(packet: Uint8Array): Result<Uint8Array> {
  if (packet.length === 0) return fail('empty_frame', 'empty frame');
  const content = packet.subarray(0, packet.length - 1);
  const declared = packet[packet.length - 1];
  const computed = xorChecksum(content);
  if (declared !== computed) {
    return fail(
      'checksum_mismatch',
      `check code 0x${hexByte(declared)} but header and body XOR to 0x${hexByte(computed)}`,
    );
  }
  return ok(content);
}

function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}
