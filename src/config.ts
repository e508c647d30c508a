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
  adminKey?: string;
  /** Largest request body accepted, in bytes (uploads and photos have their own limits). */
  bodyLimit: number;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number 0..65535, got "${value}"`);
  return n;
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
    adminKey: env.SEALWATCH_ADMIN_KEY || undefined,
    bodyLimit: 1024 * 1024,
  };
}
