// JT/T 808 terminals in the registry (CONTRACT section 7). A terminal names itself only by its
// phone number, zero-padded to 12 (2013) or 20 (2019) digits; it is the device whose id is that
// number with or without leading zeros (013912345678, 13912345678 and 00000013912345678 are one
// terminal). Ids that differ only in leading zeros would therefore name the same terminal: the
// registry refuses the second such device, and a number that still matches several (registered
// before the rule) is refused, never guessed.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../auth/secrets.ts';
import type { Queryable } from '../store/db.ts';

/** The devices a terminal number names; the predicate is the one the devices_jt808_number index covers. */
const SAME_NUMBER = `d.id ~ '^[0-9]+$' and ltrim(d.id, '0') = ltrim($1, '0')`;

/** A terminal number resolved to its device, or why it is not one. */
export type TerminalMatch = { deviceId: string } | { refused: string };

/** Ids of the devices that terminal number `number` names (more than one only for ids registered before the rule). */
export async function devicesWithNumber(q: Queryable, number: string): Promise<string[]> {
  if (!/^[0-9]+$/.test(number)) return [];
  const rows = await q.query<{ id: string }>(`select d.id from devices d where ${SAME_NUMBER} order by d.id`, [number]);
  return rows.map((r) => r.id);
}

export function oneDevice(ids: string[]): TerminalMatch {
  if (ids.length === 1) return { deviceId: ids[0] };
  if (ids.length === 0) return { refused: 'no device has this phone number as its id' };
  return { refused: `the phone number names several devices (${ids.join(', ')}); ids may differ only in leading zeros once` };
}

export async function findTerminal(q: Queryable, number: string): Promise<TerminalMatch> {
  return oneDevice(await devicesWithNumber(q, number));
}

/**
 * A fresh auth code for the device (128 random bits, hex: any terminal can store and send it);
 * only its hash is kept, and it replaces the device's previous code.
 */
export async function issueAuthCode(q: Queryable, deviceId: string): Promise<string> {
  const code = randomBytes(16).toString('hex');
  await q.query(
    `insert into jt808_auth_codes (device_id, code_hash) values ($1, $2)
     on conflict (device_id) do update set code_hash = excluded.code_hash, issued_at = now()`,
    [deviceId, sha256(code)],
  );
  return code;
}

// Compared against when there is no code, so that a missing code costs the same as a wrong one.
const NO_CODE = Buffer.from(sha256('no auth code issued'), 'hex');

/** The device terminal `number` is, when `code` is the one its last registration handed out. */
export async function checkAuthCode(q: Queryable, number: string, code: string): Promise<TerminalMatch> {
  if (!/^[0-9]+$/.test(number)) return oneDevice([]);
  const rows = await q.query<{ id: string; code_hash: string | null }>(
    `select d.id, a.code_hash from devices d left join jt808_auth_codes a on a.device_id = d.id where ${SAME_NUMBER} order by d.id`,
    [number],
  );
  const match = oneDevice(rows.map((r) => r.id));
  if ('refused' in match) return match;
  const stored = rows[0].code_hash ? Buffer.from(rows[0].code_hash, 'hex') : null;
  const given = Buffer.from(sha256(code), 'hex');
  const same = timingSafeEqual(given, stored && stored.length === given.length ? stored : NO_CODE);
  if (!stored) return { refused: 'the terminal has not registered (no auth code issued)' };
  return same ? match : { refused: 'wrong auth code' };
}
