// Message header (JT/T 808 section 4.4): 2013 layout with BCD[6] phone, 2019 layout with the
// version flag, a protocol version byte and BCD[10] phone; optional subpackage fields.
import { bcdToDigits, digitsToBcd } from './bcd.ts';
import { ByteWriter } from './bytes.ts';
import { fail, ok, type Result } from './errors.ts';

export type Jt808Version = 2013 | 2019;

export interface Jt808Subpackage {
  /** Total number of packets of the message. */
  total: number;
  /** 1-based index of this packet. */
  index: number;
}

export interface Jt808Header {
  msgId: number;
  /** Body length declared in body properties bits 0-9. */
  bodyLength: number;
  /** Bits 10-12: 0 plain, 1 RSA (0 for the Jointech messages, which use these bits otherwise). */
  encryption: number;
  /** Bit 15: reserved by the standard; Jointech e-locks set it to ask for a 0x4401 reply. */
  replyRequested: boolean;
  version: Jt808Version;
  /** 2019 protocol version byte; null for 2013. */
  protocolVersion: number | null;
  /** Terminal phone number, BCD digits exactly as sent (12 for 2013, 20 for 2019). */
  phone: string;
  /** Message serial number (flow id) of the sender. */
  serial: number;
  subpackage: Jt808Subpackage | null;
  headerLength: number;
}

/** What an encoder needs; the rest of the header follows from the body. */
export interface HeaderFields {
  msgId: number;
  phone: string;
  serial: number;
  /** 2013 unless given; replies copy the terminal's version so it can read them. */
  version?: Jt808Version;
  /** 2019 only; defaults to 1, the first 2019 revision. */
  protocolVersion?: number;
  subpackage?: Jt808Subpackage;
  replyRequested?: boolean;
}

/**
 * Jointech e-locks (JT709A family) send 0x5501/0x5502 and expect 0x4401 with a one-byte serial
 * number; the rest of their header follows 2013.
 */
const SHORT_SERIAL_IDS = new Set([0x5501, 0x5502, 0x4401]);

const FLAG_2019 = 1 << 14;
const FLAG_SUBPACKAGE = 1 << 13;
const FLAG_RESERVED_15 = 1 << 15;
const MAX_BODY_LENGTH = 0x3ff;

export function hasShortSerial(msgId: number): boolean {
  return SHORT_SERIAL_IDS.has(msgId);
}

/** Parses the header at the start of header + body (check code already removed). */
export function decodeHeader(bytes: Uint8Array): Result<Jt808Header> {
  if (bytes.length < 4) return fail('truncated_header', `${bytes.length} byte(s) cannot hold a header`);
  const msgId = (bytes[0] << 8) | bytes[1];
  const props = (bytes[2] << 8) | bytes[3];
  const shortSerial = hasShortSerial(msgId);
  // Jointech messages use bits 10-14 for their own purposes; only length and bit 15 apply.
  const is2019 = !shortSerial && (props & FLAG_2019) !== 0;
  const hasSubpackage = !shortSerial && (props & FLAG_SUBPACKAGE) !== 0;
  const phoneLength = is2019 ? 10 : 6;
  let offset = 4;
  const need = offset + (is2019 ? 1 : 0) + phoneLength + (shortSerial ? 1 : 2) + (hasSubpackage ? 4 : 0);
  if (bytes.length < need) {
    return fail('truncated_header', `header needs ${need} bytes, frame has ${bytes.length}`);
  }
  const protocolVersion = is2019 ? bytes[offset++] : null;
  const phone = bcdToDigits(bytes.subarray(offset, offset + phoneLength));
  offset += phoneLength;
  const serial = shortSerial ? bytes[offset++] : (bytes[offset++] << 8) | bytes[offset++];
  let subpackage: Jt808Subpackage | null = null;
  if (hasSubpackage) {
    const total = (bytes[offset] << 8) | bytes[offset + 1];
    const index = (bytes[offset + 2] << 8) | bytes[offset + 3];
    subpackage = { total, index };
    offset += 4;
  }
  return ok({
    msgId,
    bodyLength: props & MAX_BODY_LENGTH,
    encryption: shortSerial ? 0 : (props >> 10) & 0x7,
    replyRequested: (props & FLAG_RESERVED_15) !== 0,
    version: is2019 ? 2019 : 2013,
    protocolVersion,
    phone,
    serial,
    subpackage,
    headerLength: offset,
  });
}

/** Header bytes for a body of `bodyLength`; throws RangeError on what the format cannot carry. */
export function encodeHeader(fields: HeaderFields, bodyLength: number): Buffer {
  if (bodyLength > MAX_BODY_LENGTH) {
    throw new RangeError(`body of ${bodyLength} bytes exceeds ${MAX_BODY_LENGTH}; send it in subpackages`);
  }
  const version = fields.version ?? 2013;
  const shortSerial = hasShortSerial(fields.msgId);
  let props = bodyLength;
  if (version === 2019) props |= FLAG_2019;
  if (fields.subpackage) props |= FLAG_SUBPACKAGE;
  if (fields.replyRequested) props |= FLAG_RESERVED_15;
  const w = new ByteWriter().u16(fields.msgId).u16(props);
  if (version === 2019) w.u8(fields.protocolVersion ?? 1);
  w.bytes(digitsToBcd(fields.phone, version === 2019 ? 10 : 6));
  if (shortSerial) w.u8(fields.serial);
  else w.u16(fields.serial);
  if (fields.subpackage) w.u16(fields.subpackage.total).u16(fields.subpackage.index);
  return w.done();
}
