// Whole messages: packet (un-escaped frame content) ⇄ header + typed body.
//
// decodeMessage checks, in order: check code, header, declared vs actual body length,
// encryption, then the body layout of the message id. The first failure is returned as a typed
// error carrying the header when it parsed, so the caller can still answer the serial number.
import { ByteReader } from './bytes.ts';
import { fail, jt808Error, ok, type Result } from './errors.ts';
import { verifyChecksum, wrapFrame } from './framing.ts';
import { decodeHeader, encodeHeader, type HeaderFields, type Jt808Header } from './header.ts';
import { MSG, msgIdHex } from './message-ids.ts';
import { decodeAuth, encodeAuth, type Jt808Auth } from './messages/auth.ts';
import { decodeGeneralReply, encodeGeneralReply, type Jt808GeneralReply } from './messages/general-reply.ts';
import { decodeJointechLocation, type JointechLocation } from './messages/jointech-location.ts';
import {
  decodeLocationBatch,
  encodeLocationBatch,
  type Jt808LocationBatch,
  type LocationBatchInput,
} from './messages/location-batch.ts';
import { decodeLocation, encodeLocation, type Jt808Location, type LocationInput } from './messages/location.ts';
import { decodeRegisterReply, encodeRegisterReply, type Jt808RegisterReply } from './messages/register-reply.ts';
import { decodeRegister, encodeRegister, type Jt808Register } from './messages/register.ts';
import {
  decodePassThrough,
  encodeSealCommand,
  isSealCommand,
  type Jt808PassThrough,
  type SealCommand,
} from './messages/seal-command.ts';

export type Jt808Body =
  | { kind: 'terminalReply'; reply: Jt808GeneralReply }
  | { kind: 'heartbeat' }
  | { kind: 'logout' }
  | { kind: 'register'; register: Jt808Register }
  | { kind: 'auth'; auth: Jt808Auth }
  | { kind: 'location'; location: Jt808Location }
  | { kind: 'locationBatch'; batch: Jt808LocationBatch }
  | { kind: 'platformReply'; reply: Jt808GeneralReply }
  | { kind: 'registerReply'; reply: Jt808RegisterReply }
  | { kind: 'sealCommand'; command: SealCommand }
  | { kind: 'passThroughDown'; passThrough: Jt808PassThrough }
  | { kind: 'jointechLocation'; location: JointechLocation }
  /** One packet of a message split into subpackages; decodeBody once reassembled. */
  | { kind: 'fragment'; data: Uint8Array }
  /** An id SealWatch does not read; the body is kept as sent. */
  | { kind: 'unknown'; data: Uint8Array };

/** Bodies the codec can write; every decoded body of these kinds is accepted as is. */
export type Jt808BodyInput =
  | { kind: 'terminalReply'; reply: Jt808GeneralReply }
  | { kind: 'heartbeat' }
  | { kind: 'logout' }
  | { kind: 'register'; register: Jt808Register }
  | { kind: 'auth'; auth: Jt808Auth }
  | { kind: 'location'; location: LocationInput }
  | { kind: 'locationBatch'; batch: LocationBatchInput }
  | { kind: 'platformReply'; reply: Jt808GeneralReply }
  | { kind: 'registerReply'; reply: Jt808RegisterReply }
  | { kind: 'sealCommand'; command: SealCommand }
  | { kind: 'unknown'; data: Uint8Array };

export interface Jt808Message {
  header: Jt808Header;
  body: Jt808Body;
}

/** Packet (un-escaped content between the delimiters, check code last) → message. */
export function decodeMessage(packet: Uint8Array): Result<Jt808Message> {
  const content = verifyChecksum(packet);
  if (!content.ok) return content;
  const header = decodeHeader(content.value);
  if (!header.ok) return header;
  const h = header.value;
  const body = content.value.subarray(h.headerLength);
  if (body.length !== h.bodyLength) {
    return fail(
      'body_length_mismatch',
      `${msgIdHex(h.msgId)} declares a ${h.bodyLength}-byte body but carries ${body.length}`,
      h,
    );
  }
  if (h.encryption !== 0) {
    return fail('unsupported_encryption', `${msgIdHex(h.msgId)} body is encrypted (mode ${h.encryption})`, h);
  }
  if (h.subpackage) return ok({ header: h, body: { kind: 'fragment', data: body } });
  const decoded = decodeBody(h, body);
  return decoded.ok ? ok({ header: h, body: decoded.value }) : decoded;
}

/** Body bytes of the message `header` names → typed body; never throws. */
export function decodeBody(header: Jt808Header, body: Uint8Array): Result<Jt808Body> {
  try {
    return ok(readBody(header, new ByteReader(body)));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, error: jt808Error('malformed_body', `${msgIdHex(header.msgId)}: ${reason}`, header) };
  }
}

function readBody(header: Jt808Header, r: ByteReader): Jt808Body {
  switch (header.msgId) {
    case MSG.terminalReply:
      return { kind: 'terminalReply', reply: decodeGeneralReply(r) };
    case MSG.heartbeat:
      // Some terminals append battery / signal bytes; the standard body is empty, so they are ignored.
      return { kind: 'heartbeat' };
    case MSG.logout:
      return { kind: 'logout' };
    case MSG.register:
      return { kind: 'register', register: decodeRegister(r, header.version) };
    case MSG.auth:
      return { kind: 'auth', auth: decodeAuth(r, header.version) };
    case MSG.location:
      return { kind: 'location', location: decodeLocation(r) };
    case MSG.locationBatch:
      return { kind: 'locationBatch', batch: decodeLocationBatch(r) };
    case MSG.platformReply:
      return { kind: 'platformReply', reply: decodeGeneralReply(r) };
    case MSG.registerReply:
      return { kind: 'registerReply', reply: decodeRegisterReply(r) };
    case MSG.passThroughDown: {
      const passThrough = decodePassThrough(r);
      return isSealCommand(passThrough)
        ? { kind: 'sealCommand', command: passThrough }
        : { kind: 'passThroughDown', passThrough };
    }
    case MSG.jointechLocation:
    case MSG.jointechBlindLocation:
      return { kind: 'jointechLocation', location: decodeJointechLocation(r, header.msgId) };
    default:
      return { kind: 'unknown', data: r.rest() };
  }
}

/** The message id a body is sent under. */
export function msgIdOf(body: Exclude<Jt808BodyInput, { kind: 'unknown' }>): number {
  switch (body.kind) {
    case 'terminalReply':
      return MSG.terminalReply;
    case 'heartbeat':
      return MSG.heartbeat;
    case 'logout':
      return MSG.logout;
    case 'register':
      return MSG.register;
    case 'auth':
      return MSG.auth;
    case 'location':
      return MSG.location;
    case 'locationBatch':
      return MSG.locationBatch;
    case 'platformReply':
      return MSG.platformReply;
    case 'registerReply':
      return MSG.registerReply;
    case 'sealCommand':
      return MSG.passThroughDown;
  }
}

/** Typed body → body bytes; the header version picks the 2013 or 2019 layout. */
export function encodeBody(body: Jt808BodyInput, version: Jt808Header['version'] = 2013): Buffer {
  switch (body.kind) {
    case 'terminalReply':
    case 'platformReply':
      return encodeGeneralReply(body.reply);
    case 'heartbeat':
    case 'logout':
      return Buffer.alloc(0);
    case 'register':
      return encodeRegister(body.register, version);
    case 'auth':
      return encodeAuth(body.auth, version);
    case 'location':
      return encodeLocation(body.location);
    case 'locationBatch':
      return encodeLocationBatch(body.batch);
    case 'registerReply':
      return encodeRegisterReply(body.reply);
    case 'sealCommand':
      return encodeSealCommand(body.command);
    case 'unknown':
      return Buffer.from(body.data);
  }
}

/**
 * Complete wire frame (delimited, escaped, with check code). `header.msgId` may be left out for
 * any body but 'unknown'; it is then the id the body belongs to. Throws RangeError for input
 * the format cannot carry (a body over 1023 bytes, a phone number too long, non-ASCII text).
 */
export function encodeMessage(
  header: Omit<HeaderFields, 'msgId'> & { msgId?: number },
  body: Jt808BodyInput,
): Buffer {
  const msgId = header.msgId ?? (body.kind === 'unknown' ? undefined : msgIdOf(body));
  if (msgId === undefined) throw new RangeError('an unknown body needs an explicit msgId');
  const version = header.version ?? 2013;
  const bodyBytes = encodeBody(body, version);
  const headerBytes = encodeHeader({ ...header, msgId, version }, bodyBytes.length);
  return wrapFrame(Buffer.concat([headerBytes, bodyBytes]));
}
