// Big-endian readers and writers for JT/T 808 fields (BYTE, WORD, DWORD, BYTE[n], STRING).
import { BodyOverrun } from './errors.ts';

/** Sequential reader over one message body; overruns throw BodyOverrun (caught by decodeBody). */
export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  get position(): number {
    return this.offset;
  }

  /** Moves back to an earlier position, e.g. to hand a malformed tail over as raw bytes. */
  seek(position: number): void {
    if (position < 0 || position > this.bytes.length) throw new BodyOverrun(0, position, this.bytes.length);
    this.offset = position;
  }

  u8(): number {
    return this.take(1)[0];
  }

  u16(): number {
    const b = this.take(2);
    return (b[0] << 8) | b[1];
  }

  /** Signed 16-bit (altitude can be below sea level). */
  i16(): number {
    const v = this.u16();
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  u32(): number {
    const b = this.take(4);
    // Multiplication instead of << keeps bit 31 from turning the value negative.
    return b[0] * 0x1000000 + ((b[1] << 16) | (b[2] << 8) | b[3]);
  }

  bytesOf(n: number): Uint8Array {
    return this.take(n);
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.offset + n > this.bytes.length) {
      throw new BodyOverrun(n, this.offset, this.bytes.length);
    }
    const slice = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return slice;
  }
}

/** Growable writer; encoders build bodies with it and call done(). */
export class ByteWriter {
  private readonly parts: number[] = [];

  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }

  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }

  i16(v: number): this {
    return this.u16(v < 0 ? v + 0x10000 : v);
  }

  u32(v: number): this {
    return this.u8(Math.floor(v / 0x1000000)).u8(v >>> 16).u8(v >>> 8).u8(v);
  }

  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }

  /** BYTE[n] field: the value truncated or right-padded with 0x00 to exactly n bytes. */
  fixed(b: Uint8Array, n: number): this {
    for (let i = 0; i < n; i++) this.parts.push(i < b.length ? b[i] : 0);
    return this;
  }

  get length(): number {
    return this.parts.length;
  }

  done(): Buffer {
    return Buffer.from(this.parts);
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}
