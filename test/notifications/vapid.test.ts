// The VAPID key pair: from the environment, else generated once and kept in DATA_DIR/secrets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vapidKeys } from '../../src/notifications/vapid.ts';

const config = { vapidSubject: 'mailto:jmc@customs.example', immediatePerWindow: 3, digestWindowMs: 300_000 };

describe('VAPID keys', () => {
  it('generates the pair once into DATA_DIR/secrets/vapid.json (mode 600) and keeps using it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-vapid-'));
    try {
      const k = vapidKeys(config, dir);
      const file = join(dir, 'secrets', 'vapid.json');
      assert.equal(k.source, file);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { publicKey: k.publicKey, privateKey: k.privateKey });
      assert.equal(Buffer.from(k.publicKey, 'base64url').length, 65);
      assert.equal(vapidKeys(config, dir).publicKey, k.publicKey);
      assert.equal(k.subject, 'mailto:jmc@customs.example');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the pair from the environment when given', () => {
    const vapid = { publicKey: 'BPub', privateKey: 'priv' };
    assert.deepEqual(vapidKeys({ ...config, vapid }, '/nonexistent'), { ...vapid, subject: config.vapidSubject, source: 'VAPID_PUBLIC_KEY' });
  });
});
