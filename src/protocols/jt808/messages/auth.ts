// 0x0102 terminal authentication (section 8.11). 2013: the body is the auth code. 2019: a length
// byte, the auth code, the IMEI and the software version.
import { ByteWriter, type ByteReader } from '../bytes.ts';
import type { Jt808Version } from '../header.ts';
import { decodeText, encodeText } from '../text.ts';

export interface Jt808Auth {
  authCode: string;
  /** 2019 only. */
  imei?: string;
  /** 2019 only. */
  softwareVersion?: string;
}

const IMEI_LENGTH = 15;
const SOFTWARE_VERSION_LENGTH = 20;

export function decodeAuth(r: ByteReader, version: Jt808Version): Jt808Auth {
  if (version === 2013) return { authCode: decodeText(r.rest()) };
  const authCode = decodeText(r.bytesOf(r.u8()));
  const imei = decodeText(r.bytesOf(IMEI_LENGTH));
  const softwareVersion = decodeText(r.bytesOf(SOFTWARE_VERSION_LENGTH));
  return { authCode, imei, softwareVersion };
}

export function encodeAuth(auth: Jt808Auth, version: Jt808Version): Buffer {
  const code = encodeText(auth.authCode);
  if (version === 2013) return code;
  if (code.length > 0xff) throw new RangeError('auth code longer than 255 bytes');
  return new ByteWriter()
    .u8(code.length)
    .bytes(code)
    .fixed(encodeText(auth.imei ?? ''), IMEI_LENGTH)
    .fixed(encodeText(auth.softwareVersion ?? ''), SOFTWARE_VERSION_LENGTH)
    .done();
}
