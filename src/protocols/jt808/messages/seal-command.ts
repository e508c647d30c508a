// Seal commands sent to the terminal (OBU), which relays them to the seals it is paired with.
//
// JT/T 808 has no message for container seals: 0x8105 terminal control only knows fixed command
// words (reset, shutdown, ...) and 0x8500 vehicle control only locks or unlocks the cab doors,
// with no way to say which seal. The standard's channel for application data is 0x8900 data
// downlink pass-through (section 8.62): a type byte, then content. Types 0xF0-0xFF are left to
// users; 0xF0 is already taken by some camera terminals for text commands, so SealWatch uses 0xF1
// with a UTF-8 JSON object: {"command":"unlock","sealId":"...","tripId":"..."}. The terminal
// acknowledges with a 0x0001 general reply naming 0x8900.
import { ByteWriter, type ByteReader } from '../bytes.ts';

export const SEAL_COMMAND_TYPE = 0xf1;

export interface SealCommand {
  command: 'unlock';
  sealId?: string;
  tripId?: string;
}

/** 0x8900 body whose type is not SealWatch's, kept as sent. */
export interface Jt808PassThrough {
  type: number;
  data: Uint8Array;
}

export function encodeSealCommand(command: SealCommand): Buffer {
  const payload: Record<string, string> = { command: command.command };
  if (command.sealId !== undefined) payload.sealId = command.sealId;
  if (command.tripId !== undefined) payload.tripId = command.tripId;
  return new ByteWriter().u8(SEAL_COMMAND_TYPE).bytes(Buffer.from(JSON.stringify(payload), 'utf8')).done();
}

/** A SealCommand when the body is one, else the raw pass-through data. */
export function decodePassThrough(r: ByteReader): SealCommand | Jt808PassThrough {
  const type = r.u8();
  const data = r.rest();
  if (type !== SEAL_COMMAND_TYPE) return { type, data };
  const command = parseSealCommand(data);
  return command ?? { type, data };
}

export function isSealCommand(body: SealCommand | Jt808PassThrough): body is SealCommand {
  return 'command' in body;
}

function parseSealCommand(data: Uint8Array): SealCommand | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { command, sealId, tripId } = value as Record<string, unknown>;
  if (command !== 'unlock') return null;
  if (sealId !== undefined && typeof sealId !== 'string') return null;
  if (tripId !== undefined && typeof tripId !== 'string') return null;
  const out: SealCommand = { command };
  if (sealId !== undefined) out.sealId = sealId;
  if (tripId !== undefined) out.tripId = tripId;
  return out;
}
