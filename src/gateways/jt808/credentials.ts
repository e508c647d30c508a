// Who the JT/T 808 gateway admits: registration (0x0100) answers with an auth code or a refusal,
// authentication (0x0102) with that code tells which device the terminal is. The gateway itself
// knows no registry; the platform supplies these (registry-credentials.ts).
import { REGISTER_RESULT } from '../../protocols/jt808/index.ts';

/** The 0x8100 answer: an auth code (result 0), or a refusal with its result code and the reason for the log. */
export type Jt808Registration = { ok: true; authCode: string } | { ok: false; result: number; reason: string };

/** The device id the terminal reports as (the registry's spelling of its number), or why it may not. */
export type Jt808Authentication = { ok: true; deviceId: string } | { ok: false; reason: string };

export interface Jt808Credentials {
  /** `number`: the terminal's phone number without its padding zeros (deviceIdFromPhone). */
  register(number: string): Promise<Jt808Registration>;
  authenticate(number: string, code: string): Promise<Jt808Authentication>;
}

/**
 * Without a registry (tests, tools): every terminal registers, and its number is its auth code,
 * as Traccar does. Knowing a number is then enough to report as that terminal.
 */
export const numberAsCode: Jt808Credentials = {
  async register(number) {
    return { ok: true, authCode: number };
  },
  async authenticate(number, code) {
    return code === number ? { ok: true, deviceId: number } : { ok: false, reason: 'wrong auth code' };
  },
};

/** A refusal of a terminal the platform does not know (0x8100 result 4, "no such terminal"). */
export function unknownTerminal(reason: string): Jt808Registration {
  return { ok: false, result: REGISTER_RESULT.terminalUnknown, reason };
}
