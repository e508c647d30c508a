// 0x8100 registration reply (section 8.9): the auth code the terminal presents in 0x0102.
import { ByteWriter, type ByteReader } from '../bytes.ts';
import { decodeText, encodeText } from '../text.ts';

export const REGISTER_RESULT = {
  success: 0,
  vehicleAlreadyRegistered: 1,
  vehicleUnknown: 2,
  terminalAlreadyRegistered: 3,
  terminalUnknown: 4,
} as const;

export interface Jt808RegisterReply {
  /** Serial number of the 0x0100 being answered. */
  replySerial: number;
  result: number;
  /** Only sent with result 0. */
  authCode?: string;
}

export function decodeRegisterReply(r: ByteReader): Jt808RegisterReply {
  const replySerial = r.u16();
  const result = r.u8();
  if (result !== REGISTER_RESULT.success) return { replySerial, result };
  return { replySerial, result, authCode: decodeText(r.rest()) };
}

export function encodeRegisterReply(reply: Jt808RegisterReply): Buffer {
  const w = new ByteWriter().u16(reply.replySerial).u8(reply.result);
  if (reply.result === REGISTER_RESULT.success) w.bytes(encodeText(reply.authCode ?? ''));
  return w.done();
}
