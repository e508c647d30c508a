// Password and key hashing. Passwords: scrypt with a per-password salt (memory-hard, in node:crypto,
// so no native add-on). API keys and session tokens are 256-bit random values, so one SHA-256 is
// enough to store them safely and lets us look them up by hash.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const N = 16384;
const R = 8;
const P = 1;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}

export { PASSWORD_RULES } from './password-rules.ts';

let dummyHash: Promise<string> | null = null;

/**
 * A hash of nobody's password, made at the same cost as real ones. A login for an unknown username
 * is checked against it, so it takes as long as one for a known username and the time taken does
 * not tell which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(randomBytes(16).toString('base64url')));
}

/** The password functions as one object, the way logins call them, so a test can watch them being run. */
export const passwords = { hash: hashPassword, verify: verifyPassword };

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A new secret with a readable prefix: `swk_` for API keys, `sws_` for sessions. */
export function newSecret(prefix: 'swk' | 'sws'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
