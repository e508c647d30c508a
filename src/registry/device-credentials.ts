// Per-device credentials for the telemetry gateways (MQTT password, HTTP telemetry). The secret is
// 256 random bits shown once; only its SHA-256 is stored, which is enough for a value that cannot
// be guessed and lets a gateway check it without a slow hash on every connection.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../auth/secrets.ts';
import type { Queryable } from '../store/db.ts';

export const DEVICE_SECRET_PREFIX = 'swd_';

export function newDeviceSecret(): { secret: string; hash: string } {
  const secret = `${DEVICE_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: sha256(secret) };
}

/** Replaces a device's secret; returns the new one (to show once), or null if there is no such device. */
export async function rotateDeviceSecret(q: Queryable, deviceId: string): Promise<string | null> {
  const { secret, hash } = newDeviceSecret();
  const rows = await q.query('update devices set secret_hash = $2, updated_at = now() where id = $1 returning id', [deviceId, hash]);
  return rows.length ? secret : null;
}

// Compared against when the device is unknown, so that an unknown id costs the same as a wrong secret.
const NO_DEVICE = Buffer.from(sha256('no such device'), 'hex');

/** Whether `secret` is the current credential of `deviceId`. Constant time in the secret. */
export async function verifyDeviceSecret(q: Queryable, deviceId: string, secret: string): Promise<boolean> {
  const [row] = await q.query<{ secret_hash: string | null }>('select secret_hash from devices where id = $1', [deviceId]);
  const given = Buffer.from(sha256(secret), 'hex');
  const stored = row?.secret_hash ? Buffer.from(row.secret_hash, 'hex') : null;
  const same = timingSafeEqual(given, stored && stored.length === given.length ? stored : NO_DEVICE);
  return !!stored && same;
}
