// Where photo bytes are kept: files under DATA_DIR/photos (default), an S3-compatible bucket
// (PHOTO_STORE=s3), or memory (no DATA_DIR: tests). The database keeps the key and the SHA-256.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { S3Settings } from '../field/config.ts';

export interface PhotoStore {
  readonly kind: 'fs' | 's3' | 'memory';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  /** Removes a photo nothing refers to (an upload whose confirmation was refused). */
  delete(key: string): Promise<void>;
}

/** Keys look like 2025/03/ph_xxx.jpg: no "..", no leading "/". */
function safeKey(key: string): string {
  if (!/^[A-Za-z0-9_\-./]+$/.test(key) || key.includes('..') || key.startsWith('/')) throw new Error(`bad photo key ${key}`);
  return key;
}

export class FsPhotoStore implements PhotoStore {
  readonly kind = 'fs' as const;
  constructor(readonly root: string) {}

  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    const file = join(this.root, safeKey(key));
    await mkdir(dirname(file), { recursive: true });
    // Written aside then renamed: a reader never sees half a photo.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o640 });
    await rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(join(this.root, safeKey(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.root, safeKey(key)), { force: true });
  }
}

export class MemoryPhotoStore implements PhotoStore {
  readonly kind = 'memory' as const;
  private readonly files = new Map<string, Buffer>();
  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    this.files.set(safeKey(key), Buffer.from(bytes));
  }
  async get(key: string): Promise<Buffer | null> {
    return this.files.get(key) ?? null;
  }
  async delete(key: string): Promise<void> {
    this.files.delete(key);
  }
}

/** Any S3-compatible store, through the AWS SDK (loaded only when configured). */
export class S3PhotoStore implements PhotoStore {
  readonly kind = 's3' as const;
  private client: Promise<any> | null = null;
  constructor(readonly s3: S3Settings) {}

  private sdk(): Promise<any> {
    this.client ??= import('@aws-sdk/client-s3').then((m) => ({
      m,
      c: new m.S3Client({
        region: this.s3.region,
        endpoint: this.s3.endpoint,
        forcePathStyle: this.s3.forcePathStyle,
        ...(this.s3.accessKeyId && this.s3.secretAccessKey
          ? { credentials: { accessKeyId: this.s3.accessKeyId, secretAccessKey: this.s3.secretAccessKey } }
          : {}),
      }),
    }));
    return this.client;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const { m, c } = await this.sdk();
    await c.send(new m.PutObjectCommand({ Bucket: this.s3.bucket, Key: this.s3.prefix + safeKey(key), Body: bytes, ContentType: contentType }));
  }

  async get(key: string): Promise<Buffer | null> {
    const { m, c } = await this.sdk();
    try {
      const r = await c.send(new m.GetObjectCommand({ Bucket: this.s3.bucket, Key: this.s3.prefix + safeKey(key) }));
      return Buffer.from(await r.Body.transformToByteArray());
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { m, c } = await this.sdk();
    await c.send(new m.DeleteObjectCommand({ Bucket: this.s3.bucket, Key: this.s3.prefix + safeKey(key) }));
  }
}
