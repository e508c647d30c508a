// Who may report telemetry over HTTP, and for which devices. A device authenticates with its own
// credentials (`Authorization: Basic base64(deviceId:secret)`, checked against the registry) and
// reports for itself only. A gateway relaying for devices that cannot reach the platform uses an
// API key scoped to those devices (`api_keys.devices`) and reports for exactly those. A device
// posting every few seconds would otherwise cost a query per request, so a successful check is
// remembered briefly (by a hash of the credential, never the secret itself).
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

/** The devices a set of credentials may report for. */
export type ReportScope = { kind: 'device'; deviceId: string } | { kind: 'gateway'; keyId: string; devices: ReadonlySet<string> };

/** The devices an API key is scoped to (empty: an ordinary key, which reports for none). */
export async function gatewayDevices(q: Queryable, keyId: string): Promise<ReadonlySet<string>> {
  const [row] = await q.query<{ devices: string[] }>('select devices from api_keys where id = $1 and revoked_at is null', [keyId]);
  return new Set(row?.devices ?? []);
}

/** Why a report for `deviceId` is refused under `scope`, or null when the scope covers it. */
export function refusal(scope: ReportScope, deviceId: string): string | null {
  if (scope.kind === 'device') {
    return deviceId === scope.deviceId ? null : `device ${scope.deviceId} may only report for itself, not for ${deviceId}`;
  }
  return scope.devices.has(deviceId) ? null : `API key ${scope.keyId} is not scoped to device ${deviceId}`;
}
