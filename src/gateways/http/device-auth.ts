// Device credentials on HTTP: `Authorization: Basic base64(deviceId:secret)`, checked against the
// registry. A device posting every few seconds would otherwise cost a query per request, so a
// successful check is remembered briefly (by a hash of the credential, never the secret itself).
import { sha256 } from '../../auth/secrets.ts';
import { verifyDeviceSecret } from '../../registry/device-credentials.ts';
import type { Queryable } from '../../store/db.ts';

const TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

export interface BasicCredentials {
  deviceId: string;
  secret: string;
}

/** The credentials of a Basic header, or null when the header is not Basic or is malformed. */
export function parseBasic(header: string | undefined): BasicCredentials | null {
  if (!header || !/^Basic\s+/i.test(header)) return null;
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, '').trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { deviceId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export class DeviceAuthenticator {
  private verified = new Map<string, number>();

  constructor(private readonly q: Queryable) {}

  async verify(c: BasicCredentials): Promise<boolean> {
    const key = sha256(`${c.deviceId}\u0000${c.secret}`);
    const until = this.verified.get(key);
    if (until !== undefined && until > Date.now()) return true;
    const ok = await verifyDeviceSecret(this.q, c.deviceId, c.secret);
    if (ok) {
      if (this.verified.size >= MAX_ENTRIES) this.verified.clear();
      this.verified.set(key, Date.now() + TTL_MS);
    } else {
      this.verified.delete(key);
    }
    return ok;
  }
}
