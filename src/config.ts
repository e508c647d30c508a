// Configuration from the environment (CONTRACT section 1). Port 0 means "any free port".
import { resolve } from 'node:path';

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  mqttUrl?: string;
  mqttPort: number;
  httpPort: number;
  httpHost: string;
  jt808Port: number;
  /**
   * How JT/T 808 terminals authenticate: `secret` (default), with the device secret the registry
   * issued (provisioned on the terminal as its auth code, like the MQTT password); `registration`,
   * with the code the registration reply hands out (the device id: for terminals that cannot be
   * provisioned, at the cost that anyone knowing a terminal's number can report as it).
   */
  jt808Auth: 'secret' | 'registration';
  adminKey?: string;
  /** Largest request body accepted, in bytes (uploads and photos have their own limits). */
  bodyLimit: number;
  /**
   * Which proxies in front of SealWatch to believe about the client (X-Forwarded-For) and the
   * protocol (X-Forwarded-Proto, which makes the session cookie Secure and sends HSTS): false (none,
   * the default), true (any), a number of hops, or addresses/CIDRs of the proxies.
   */
  trustProxy: boolean | number | string;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number 0..65535, got "${value}"`);
  return n;
}

function jt808Auth(value: string | undefined): Config['jt808Auth'] {
  if (value === undefined || value === '' || value === 'secret') return 'secret';
  if (value === 'registration') return 'registration';
  throw new Error(`JT808_AUTH must be secret or registration, got "${value}"`);
}

function trustProxy(value: string | undefined): Config['trustProxy'] {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim());
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/i;
  const bad = entries.find((e) => !address.test(e));
  if (bad !== undefined) throw new Error(`TRUST_PROXY must be true, false, a number of hops or addresses/CIDRs, got "${bad}"`);
  return entries.join(',');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR || './data'),
    mqttUrl: env.MQTT_URL || undefined,
    mqttPort: port(env.MQTT_PORT, 1883, 'MQTT_PORT'),
    httpPort: port(env.PORT, 8080, 'PORT'),
    httpHost: env.HOST || '0.0.0.0',
    jt808Port: port(env.JT808_PORT, 6808, 'JT808_PORT'),
    jt808Auth: jt808Auth(env.JT808_AUTH),
    adminKey: env.SEALWATCH_ADMIN_KEY || undefined,
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxy(env.TRUST_PROXY),
  };
}
