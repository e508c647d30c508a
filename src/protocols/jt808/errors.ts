// Typed failures of the JT/T 808 codec. Decoders return a Result instead of throwing, so a
// malformed frame from one terminal can be logged and answered without unwinding the gateway.
import type { Jt808Header } from './header.ts';

export type Jt808ErrorCode =
  /** Nothing between two 0x7E delimiters. */
  | 'empty_frame'
  /** 0x7D followed by something other than 0x01 / 0x02. */
  | 'bad_escape'
  /** No closing delimiter within the maximum frame size. */
  | 'frame_too_large'
  /** XOR of header and body differs from the check code byte. */
  | 'checksum_mismatch'
  /** Fewer bytes than the header needs. */
  | 'truncated_header'
  /** Body length in the header's body properties differs from the bytes present. */
  | 'body_length_mismatch'
  /** Body encrypted (RSA); this platform only accepts plain bodies. */
  | 'unsupported_encryption'
  /** The body does not parse as the message its id names. */
  | 'malformed_body'
  /** An encoder was asked for something the wire format cannot carry. */
  | 'unencodable';

export interface Jt808Error {
  code: Jt808ErrorCode;
  message: string;
  /** Present once the header parsed: lets the gateway answer the terminal's serial number. */
  header?: Jt808Header;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Jt808Error };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function jt808Error(code: Jt808ErrorCode, message: string, header?: Jt808Header): Jt808Error {
  return header ? { code, message, header } : { code, message };
}

export function fail<T = never>(code: Jt808ErrorCode, message: string, header?: Jt808Header): Result<T> {
  return { ok: false, error: jt808Error(code, message, header) };
}

/**
 * Thrown only inside body decoders when a field runs past the end of the body; decodeBody turns
 * it into a 'malformed_body' result, so it never leaves the codec.
 */
export class BodyOverrun extends Error {
  constructor(need: number, offset: number, length: number) {
    super(`needs ${need} byte(s) at offset ${offset}, body has ${length}`);
    this.name = 'BodyOverrun';
  }
}
