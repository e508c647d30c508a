// General replies: 0x0001 from the terminal (section 8.1) and 0x8001 from the platform (8.2)
// share one layout: the serial and id of the message answered, and a result.
import { ByteWriter, type ByteReader } from '../bytes.ts';

export const REPLY_RESULT = {
  success: 0,
  failure: 1,
  messageError: 2,
  unsupported: 3,
  /** Platform only: alarm acknowledged. */
  alarmAcknowledged: 4,
} as const;

export interface Jt808GeneralReply {
  replySerial: number;
  replyMsgId: number;
  result: number;
}

export function decodeGeneralReply(r: ByteReader): Jt808GeneralReply {
  return { replySerial: r.u16(), replyMsgId: r.u16(), result: r.u8() };
}

export function encodeGeneralReply(reply: Jt808GeneralReply): Buffer {
  return new ByteWriter().u16(reply.replySerial).u16(reply.replyMsgId).u8(reply.result).done();
}
