// Photo stores: files under DATA_DIR/photos, and any S3-compatible store by configuration (here a
// minimal S3 endpoint on the loopback that keeps objects in memory, reached with the AWS SDK).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldConfigFromEnv } from '../../src/field/config.ts';
import { FsPhotoStore, S3PhotoStore } from '../../src/photos/store.ts';
import { PNG_BYTES } from './harness.ts';

describe('photo stores', () => {
  let server: Server;
  let endpoint: string;
  const objects = new Map<string, { body: Buffer; type: string }>();
  const seen: { method: string; path: string; auth: string }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]);
        seen.push({ method: req.method!, path, auth: String(req.headers.authorization ?? '') });
        if (req.method === 'PUT') {
          objects.set(path, { body: Buffer.concat(chunks), type: String(req.headers['content-type'] ?? '') });
          res.writeHead(200, { etag: '"x"' }).end();
        } else if (req.method === 'GET') {
          const o = objects.get(path);
          if (!o) {
            res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code><Message>none</Message></Error>');
            return;
          }
          res.writeHead(200, { 'content-type': o.type, 'content-length': o.body.length }).end(o.body);
        } else if (req.method === 'DELETE') {
          objects.delete(path);
          res.writeHead(204).end();
        } else res.writeHead(405).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    endpoint = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('is configured from the environment: files by default, S3 with PHOTO_STORE=s3', () => {
    const fs = fieldConfigFromEnv({});
    assert.equal(fs.photoStore, 'fs');
    assert.equal(fs.photoMaxBytes, 8 * 1024 * 1024);
    assert.equal(fs.tokenTtlSeconds, 900);
    const s3 = fieldConfigFromEnv({ PHOTO_STORE: 's3', S3_BUCKET: 'photos', S3_ENDPOINT: 'http://minio:9000', PHOTO_MAX_BYTES: '1000' });
    assert.equal(s3.photoStore, 's3');
    assert.equal(s3.s3?.forcePathStyle, true);
    assert.equal(s3.photoMaxBytes, 1000);
    assert.throws(() => fieldConfigFromEnv({ PHOTO_STORE: 's3' }), /S3_BUCKET/);
    assert.throws(() => fieldConfigFromEnv({ PHOTO_STORE: 'ftp' }), /PHOTO_STORE/);
    assert.throws(() => fieldConfigFromEnv({ OFFLINE_UNSEAL_TOKEN_TTL_S: '-5' }), /OFFLINE_UNSEAL_TOKEN_TTL_S/);
  });

  it('keeps photos as files under the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-photos-'));
    try {
      const store = new FsPhotoStore(join(dir, 'photos'));
      await store.put('2025/03/ph_1.png', PNG_BYTES, 'image/png');
      assert.deepEqual(readFileSync(join(dir, 'photos/2025/03/ph_1.png')), PNG_BYTES);
      assert.deepEqual(await store.get('2025/03/ph_1.png'), PNG_BYTES);
      assert.equal(await store.get('2025/03/none.png'), null);
      await assert.rejects(store.put('../escape.png', PNG_BYTES, 'image/png'), /bad photo key/);
      await store.delete('2025/03/ph_1.png');
      assert.equal(await store.get('2025/03/ph_1.png'), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps photos in an S3-compatible bucket, signed requests, path-style', async () => {
    const store = new S3PhotoStore({
      bucket: 'sealwatch',
      region: 'ap-northeast-1',
      endpoint,
      accessKeyId: 'test-access',
      secretAccessKey: 'test-secret',
      prefix: 'photos/',
      forcePathStyle: true,
    });
    await store.put('2025/03/ph_2.png', PNG_BYTES, 'image/png');
    const stored = objects.get('/sealwatch/photos/2025/03/ph_2.png');
    assert.ok(stored, `object stored at ${[...objects.keys()]}`);
    assert.deepEqual(stored.body, PNG_BYTES);
    assert.equal(stored.type, 'image/png');
    assert.match(seen[0].auth, /^AWS4-HMAC-SHA256 Credential=test-access\//);
    assert.deepEqual(await store.get('2025/03/ph_2.png'), PNG_BYTES);
    assert.equal(await store.get('2025/03/none.png'), null);
    await store.delete('2025/03/ph_2.png');
    assert.equal(objects.size, 0);
  });
});
