// Settings of the field operations (offline unseal, photos), from the environment (read by
// loadConfig in src/config.ts, which hands them to the platform as config.field):
//   OFFLINE_UNSEAL_TOKEN_TTL_S  lifetime of an offline-unseal token (default 900 s = 15 min)
//   SEALWATCH_KEY_SECRET        secret the unseal signing key is encrypted under; unset: a random
//                               key-encryption key kept in DATA_DIR/secrets/unseal-kek (mode 600)
//   PHOTO_STORE                 fs (default: files under DATA_DIR/photos) or s3
//   PHOTO_MAX_BYTES             largest photo accepted (default 8 MiB)
//   S3_BUCKET, S3_REGION, S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX,
//   S3_FORCE_PATH_STYLE         an S3-compatible store when PHOTO_STORE=s3
//   MONITORING_CENTRE_PHONE     the number a driver calls when a seal reports trouble (the app's
//                               call button; unset: the app tells the driver to call their dispatcher)
export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  prefix: string;
  forcePathStyle: boolean;
}

export interface FieldConfig {
  tokenTtlSeconds: number;
  keySecret?: string;
  photoStore: 'fs' | 's3' | 'memory';
  photoMaxBytes: number;
  s3?: S3Settings;
  monitoringPhone?: string;
}

export const DEFAULT_TOKEN_TTL_S = 15 * 60;
export const DEFAULT_PHOTO_MAX_BYTES = 8 * 1024 * 1024;

function positiveInt(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${v}"`);
  return n;
}

export function fieldConfigFromEnv(env: NodeJS.ProcessEnv): FieldConfig {
  const store = (env.PHOTO_STORE || 'fs').toLowerCase();
  if (store !== 'fs' && store !== 's3' && store !== 'memory') throw new Error(`PHOTO_STORE must be fs or s3, got "${env.PHOTO_STORE}"`);
  let s3: S3Settings | undefined;
  if (store === 's3') {
    if (!env.S3_BUCKET) throw new Error('PHOTO_STORE=s3 needs S3_BUCKET');
    s3 = {
      bucket: env.S3_BUCKET,
      region: env.S3_REGION || 'us-east-1',
      endpoint: env.S3_ENDPOINT || undefined,
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
      prefix: env.S3_PREFIX ?? 'photos/',
      // S3-compatible stores (MinIO, Ceph, ...) usually want path-style addressing.
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE !== 'false' : !!env.S3_ENDPOINT,
    };
  }
  return {
    tokenTtlSeconds: positiveInt(env.OFFLINE_UNSEAL_TOKEN_TTL_S, DEFAULT_TOKEN_TTL_S, 'OFFLINE_UNSEAL_TOKEN_TTL_S'),
    keySecret: env.SEALWATCH_KEY_SECRET || undefined,
    photoStore: store,
    photoMaxBytes: positiveInt(env.PHOTO_MAX_BYTES, DEFAULT_PHOTO_MAX_BYTES, 'PHOTO_MAX_BYTES'),
    s3,
    monitoringPhone: phoneNumber(env.MONITORING_CENTRE_PHONE),
  };
}

function phoneNumber(v: string | undefined): string | undefined {
  const s = v?.trim();
  if (!s) return undefined;
  if (!/^\+?[0-9(][0-9 ()#-]{2,29}$/.test(s)) throw new Error(`MONITORING_CENTRE_PHONE must be a phone number (digits, spaces, + - ( ) #), got "${v}"`);
  return s;
}
