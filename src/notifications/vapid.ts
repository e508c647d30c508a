// The platform's Web Push (VAPID) key pair: from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY, else
// generated on first use and kept in DATA_DIR/secrets/vapid.json (mode 600), like the unseal
// key-encryption key. Browsers bind a subscription to the public key: changing it ends every
// subscription, so several servers must share the keys (the variables, or one DATA_DIR).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import type { NotificationsConfig } from './config.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
  /** Where they came from: the environment, a file, or memory (no DATA_DIR: tests). */
  source: string;
}

const cache = new Map<string, VapidKeys>();

function fromFile(dataDir: string): { publicKey: string; privateKey: string; file: string } {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, 'vapid.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()) + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  try {
    chmodSync(file, 0o600);
  } catch {
    // not ours to change (read-only mount): reading is enough
  }
  const keys = JSON.parse(readFileSync(file, 'utf8')) as { publicKey?: string; privateKey?: string };
  if (!keys.publicKey || !keys.privateKey) throw new Error(`${file} must hold {"publicKey","privateKey"}`);
  return { publicKey: keys.publicKey, privateKey: keys.privateKey, file };
}

/** The key pair for this configuration (read or generated once per process and data directory). */
export function vapidKeys(config: NotificationsConfig, dataDir: string): VapidKeys {
  if (config.vapid) return { ...config.vapid, subject: config.vapidSubject, source: 'VAPID_PUBLIC_KEY' };
  const key = dataDir || '(memory)';
  let keys = cache.get(key);
  if (!keys) {
    if (dataDir) {
      const k = fromFile(dataDir);
      keys = { publicKey: k.publicKey, privateKey: k.privateKey, subject: config.vapidSubject, source: k.file };
    } else {
      keys = { ...webpush.generateVAPIDKeys(), subject: config.vapidSubject, source: 'memory' };
    }
    cache.set(key, keys);
  }
  return { ...keys, subject: config.vapidSubject };
}
