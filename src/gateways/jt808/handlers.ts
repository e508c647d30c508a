// What the platform does with each terminal message (JT/T 808 sections 8.1-8.51): registration
// hands out an auth code, authentication admits the terminal on this connection (as the device
// the credentials name), reports go to the bus and are acknowledged only once the bus has them.
import type { Telemetry } from '../../core/types.ts';
import { checkTelemetry, type FieldIssue, type ReportTimeWindow } from '../../monitor/telemetry-check.ts';
import {
  decodeMessage,
  deviceIdFromPhone,
  msgIdHex,
  REGISTER_RESULT,
  REPLY_RESULT,
  toTelemetry,
  type Jt808Error,
  type Jt808Header,
  type Jt808Location,
  type Jt808Message,
  type SplitEvent,
} from '../../protocols/jt808/index.ts';
import type { Jt808Connection, Log, TerminalAddress } from './connection.ts';
import type { Jt808Credentials } from './credentials.ts';

export interface GatewayContext {
  onTelemetry: (telemetry: Telemetry[]) => Promise<void>;
  credentials: Jt808Credentials;
  log: Log;
  /** How far a report's time may lie from the time it is received. */
  reportTimeWindow: ReportTimeWindow;
  /** Records that `deviceId` is reachable on `connection` (for commands). */
  bind: (deviceId: string, connection: Jt808Connection) => void;
  unbind: (deviceId: string, connection: Jt808Connection) => void;
}

export async function handleEvent(event: SplitEvent, conn: Jt808Connection, ctx: GatewayContext): Promise<void> {
  switch (event.kind) {
    case 'text':
      ctx.log('jt808: text sentence', { peer: conn.peer, text: event.text });
      return;
    case 'error':
      ctx.log('jt808: bad frame dropped', { peer: conn.peer, code: event.error.code, reason: event.error.message });
      return;
    case 'packet':
      return handlePacket(event.packet, conn, ctx);
  }
}

async function handlePacket(packet: Buffer, conn: Jt808Connection, ctx: GatewayContext): Promise<void> {
  const decoded = decodeMessage(packet);
  if (!decoded.ok) {
    rejectFrame(decoded.error, conn, ctx);
    return;
  }
  await handleMessage(decoded.value, new Date().toISOString(), conn, ctx);
}

async function handleMessage(message: Jt808Message, receivedAt: string, conn: Jt808Connection, ctx: GatewayContext): Promise<void> {
  const { header, body } = message;
  // The terminal's number without padding zeros: how this gateway keys terminals (its registry
  // device id may spell the number with leading zeros; that one is on the reports).
  const deviceId = deviceIdFromPhone(header.phone);
  switch (body.kind) {
    case 'register': {
      const registration = await ctx.credentials.register(deviceId);
      // Each registration replaces the terminal's auth code: worth a line when one stops working.
      if (registration.ok) ctx.log('jt808: terminal registered', { peer: conn.peer, deviceId });
      else ctx.log('jt808: registration refused', { peer: conn.peer, deviceId, result: registration.result, reason: registration.reason });
      conn.send(
        addressOf(header),
        registration.ok
          ? { kind: 'registerReply', reply: { replySerial: header.serial, result: REGISTER_RESULT.success, authCode: registration.authCode } }
          : { kind: 'registerReply', reply: { replySerial: header.serial, result: registration.result } },
      );
      return;
    }
    case 'auth': {
      const auth = await ctx.credentials.authenticate(deviceId, body.auth.authCode);
      if (!auth.ok) {
        ctx.log('jt808: authentication failed', { peer: conn.peer, deviceId, reason: auth.reason });
        answer(conn, header, REPLY_RESULT.failure);
        return;
      }
      conn.authenticated.set(deviceId, { ...addressOf(header), deviceId: auth.deviceId });
      ctx.bind(deviceId, conn);
      answer(conn, header, REPLY_RESULT.success);
      return;
    }
    case 'terminalReply':
      // Acknowledgements of platform messages (e.g. a seal command); nothing is answered to them.
      ctx.log('jt808: terminal reply', { peer: conn.peer, deviceId, ...body.reply, replyMsgId: msgIdHex(body.reply.replyMsgId) });
      return;
    default:
      break;
  }
  if (!conn.authenticated.has(deviceId)) {
    ctx.log('jt808: message before authentication refused', { peer: conn.peer, deviceId, msgId: msgIdHex(header.msgId) });
    answer(conn, header, REPLY_RESULT.failure);
    return;
  }
  switch (body.kind) {
    case 'heartbeat':
      answer(conn, header, REPLY_RESULT.success);
      return;
    case 'logout':
      conn.authenticated.delete(deviceId);
      ctx.unbind(deviceId, conn);
      answer(conn, header, REPLY_RESULT.success);
      return;
    case 'location':
      await forward(header, [body.location], receivedAt, conn, ctx);
      return;
    case 'locationBatch':
      await forward(header, body.batch.locations, receivedAt, conn, ctx);
      return;
    case 'fragment':
      await handleFragment(header, body.data, receivedAt, conn, ctx);
      return;
    default:
      ctx.log('jt808: message not supported', { peer: conn.peer, deviceId, msgId: msgIdHex(header.msgId), kind: body.kind });
      answer(conn, header, REPLY_RESULT.unsupported);
  }
}

/**
 * Each packet of a split message is acknowledged as it arrives (the terminal then sends the
 * next); the last one completes the message, which is handled, and answered, as a whole.
 */
async function handleFragment(
  header: Jt808Header,
  data: Uint8Array,
  receivedAt: string,
  conn: Jt808Connection,
  ctx: GatewayContext,
): Promise<void> {
  const step = conn.reassembler.add(header, data);
  if ('refused' in step) {
    ctx.log('jt808: subpackage refused', { peer: conn.peer, msgId: msgIdHex(header.msgId), reason: step.refused });
    answer(conn, header, REPLY_RESULT.failure);
    return;
  }
  if (!step.done) {
    answer(conn, header, REPLY_RESULT.success);
    return;
  }
  if (!step.message.ok) {
    rejectFrame(step.message.error, conn, ctx);
    return;
  }
  await handleMessage(step.message.value, receivedAt, conn, ctx);
}

/**
 * Checks the reports and hands the valid ones to the bus, acknowledging only after it accepted
 * them: a terminal keeps (and re-sends) a report until it sees success, so nothing acknowledged
 * can be lost. A report that is not valid (e.g. its time is outside the window around the time it
 * is received) is refused with "message error", which a terminal does not re-send; the valid
 * reports of the same batch are kept.
 */
async function forward(
  header: Jt808Header,
  locations: Jt808Location[],
  receivedAt: string,
  conn: Jt808Connection,
  ctx: GatewayContext,
): Promise<void> {
  const received = { atMs: Date.parse(receivedAt), window: ctx.reportTimeWindow };
  // Reports go under the id the registry spells (leading zeros and all), not the number as sent.
  const deviceId = conn.authenticated.get(deviceIdFromPhone(header.phone))?.deviceId;
  const valid: Telemetry[] = [];
  const refused: FieldIssue[] = [];
  locations.forEach((location, i) => {
    const t = { ...toTelemetry(header.phone, location, receivedAt), ...(deviceId ? { deviceId } : {}) };
    const r = checkTelemetry(t, locations.length > 1 ? `/${i}` : '', received);
    if (r.ok) valid.push(r.value);
    else refused.push(...r.errors);
  });
  if (refused.length) {
    ctx.log('jt808: reports refused', { peer: conn.peer, deviceId: deviceIdFromPhone(header.phone), serial: header.serial, errors: refused.slice(0, 10) });
  }
  if (valid.length > 0) {
    try {
      await ctx.onTelemetry(valid);
    } catch (err) {
      ctx.log('jt808: telemetry not accepted, terminal will re-send', {
        peer: conn.peer,
        deviceId: valid[0].deviceId,
        serial: header.serial,
        err,
      });
      answer(conn, header, REPLY_RESULT.failure);
      return;
    }
  }
  answer(conn, header, refused.length ? REPLY_RESULT.messageError : REPLY_RESULT.success);
}

/** A frame that failed to decode: answered when its header is readable, dropped otherwise. */
function rejectFrame(error: Jt808Error, conn: Jt808Connection, ctx: GatewayContext): void {
  ctx.log('jt808: bad frame', {
    peer: conn.peer,
    code: error.code,
    reason: error.message,
    ...(error.header ? { msgId: msgIdHex(error.header.msgId), serial: error.header.serial } : {}),
  });
  // Without a trusted header (bad check code, cut header) there is no serial to answer.
  if (!error.header) return;
  answer(conn, error.header, error.code === 'unsupported_encryption' ? REPLY_RESULT.unsupported : REPLY_RESULT.messageError);
}

/** 0x8001 platform general reply to the message `to`. */
function answer(conn: Jt808Connection, to: Jt808Header, result: number): void {
  conn.send(addressOf(to), { kind: 'platformReply', reply: { replySerial: to.serial, replyMsgId: to.msgId, result } });
}

function addressOf(header: Jt808Header): TerminalAddress {
  return { phone: header.phone, version: header.version, protocolVersion: header.protocolVersion };
}
