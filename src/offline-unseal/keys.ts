// The platform's unseal signing key: an Ed25519 key pair generated on first start and stored in
// unseal_keys. Seals are provisioned with its public key (GET /keys/unseal, a JWK) and check
// offline-unseal tokens against it with no network.
//
// The private key is encrypted at rest with AES-256-GCM under a key-encryption key (KEK) that is
// never in the database: derived from SEALWATCH_KEY_SECRET, else a random key kept in
// DATA_DIR/secrets/unseal-kek (mode 600). A database copy alone cannot sign tokens.
import {
  createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, randomBytes,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Queryable, Row } from '../store/db.ts';

export const TOKEN_ALG = 'EdDSA';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export interface PublicJwk extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** Where the key-encryption key comes from: a configured secret, a file in DATA_DIR, or (tests) memory. */
export function loadKek(opts: { secret?: string; dataDir?: string }): { kek: Buffer; source: string } {
  if (opts.secret) {
    const kek = Buffer.from(hkdfSync('sha256', opts.secret, 'sealwatch', 'unseal-key-encryption', 32));
    return { kek, source: 'SEALWATCH_KEY_SECRET' };
  }
  if (opts.dataDir) {
    const dir = join(opts.dataDir, 'secrets');
    const file = join(dir, 'unseal-kek');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    try {
      chmodSync(file, 0o600);
    } catch {
      // not ours to change (read-only mount): reading is enough
    }
    const kek = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (kek.length !== 32) throw new Error(`${file} must hold 32 bytes in base64`);
    return { kek, source: file };
  }
  return { kek: randomBytes(32), source: 'memory' };
}

function encrypt(kek: Buffer, plain: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek, iv);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

function decrypt(kek: Buffer, sealed: string, aad: string): Buffer {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || !ct) throw new Error('unknown private key format');
  const d = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]);
}

export function toPublicJwk(publicKey: KeyObject, kid: string): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: TOKEN_ALG, use: 'sig' };
}

export class KeyUnavailableError extends Error {}

export class UnsealKeys {
  private active: SigningKey | null = null;
  private publicByKid = new Map<string, KeyObject>();

  constructor(
    private readonly db: Queryable,
    private readonly kek: Buffer,
  ) {}

  /** The active signing key; generated and stored on first use (first start). */
  async signingKey(): Promise<SigningKey> {
    if (this.active) return this.active;
    let [row] = await this.db.query(`select * from unseal_keys where active`);
    if (!row) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const kid = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK);
      const publicJwk = toPublicJwk(publicKey, kid);
      const der = privateKey.export({ format: 'der', type: 'pkcs8' });
      // Two starters racing: one insert wins, both read the winner.
      await this.db.query(
        `insert into unseal_keys (kid, public_jwk, private_key_enc, active) values ($1, $2, $3, true) on conflict do nothing`,
        [kid, JSON.stringify(publicJwk), encrypt(this.kek, der, kid)],
      );
      [row] = await this.db.query(`select * from unseal_keys where active`);
    }
    this.active = this.load(row);
    return this.active;
  }

  private load(row: Row): SigningKey {
    let der: Buffer;
    try {
      der = decrypt(this.kek, row.private_key_enc, row.kid);
    } catch {
      throw new KeyUnavailableError(
        `the unseal signing key ${row.kid} cannot be decrypted: SEALWATCH_KEY_SECRET or DATA_DIR/secrets/unseal-kek is not the one it was stored with`,
      );
    }
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return { kid: row.kid, privateKey, publicJwk: row.public_jwk as PublicJwk };
  }

  /** The public key of the active key, as a JWK (what seals are provisioned with). */
  async publicJwk(): Promise<PublicJwk> {
    const [row] = await this.db.query(`select public_jwk from unseal_keys where active`);
    if (row) return row.public_jwk as PublicJwk;
    return (await this.signingKey()).publicJwk;
  }

  /** Every key that may still verify a token: the active one and the retired ones. */
  async allPublicJwks(): Promise<PublicJwk[]> {
    await this.publicJwk();
    const rows = await this.db.query(`select public_jwk from unseal_keys order by active desc, created_at desc`);
    return rows.map((r) => r.public_jwk as PublicJwk);
  }

  /** The verifying key for a kid (retired keys included), or undefined. */
  async verifyingKey(kid: string): Promise<KeyObject | undefined> {
    const cached = this.publicByKid.get(kid);
    if (cached) return cached;
    const [row] = await this.db.query(`select public_jwk from unseal_keys where kid = $1`, [kid]);
    if (!row) return undefined;
    const key = createPublicKey({ key: row.public_jwk as JWK as any, format: 'jwk' });
    this.publicByKid.set(kid, key);
    return key;
  }
}
