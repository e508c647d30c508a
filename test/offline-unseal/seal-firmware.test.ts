// The simulated e-seal's offline unseal, with no network: it unlocks for a token the platform
// signed for this seal and its task, within the token's validity, once; and refuses forged,
// expired, replayed, wrong-seal and wrong-trip tokens with a reason. Also the token format itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK } from 'jose';
import { toPublicJwk, loadKek, UnsealKeys, type SigningKey } from '../../src/offline-unseal/keys.ts';
import { issueToken } from '../../src/offline-unseal/token.ts';
import { SimulatedSeal } from '../../src/seal-firmware/seal.ts';
import { sniffImage } from '../../src/photos/sniff.ts';
import { testDb } from '../helpers/db.ts';

async function keyPair(): Promise<SigningKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK);
  return { kid, privateKey, publicJwk: toPublicJwk(publicKey, kid) };
}

const T0 = Date.parse('2025-03-03T08:00:00Z');
const TTL = 15 * 60;

function sealFor(key: SigningKey, id = 'SEAL-1', task = 'TR-CN1') {
  const seal = new SimulatedSeal({ id, publicJwk: key.publicJwk });
  seal.bindTask(task, T0);
  assert.equal(seal.insert(T0), 'locked', 'a seal with a task locks when inserted');
  return seal;
}

describe('offline-unseal token and the simulated seal', () => {
  it('issues a compact JWS (EdDSA) with sub, trip, iat, exp 15 min later and jti', async () => {
    const key = await keyPair();
    const { token, claims } = await issueToken(key, 'SEAL-1', 'TR-CN1', T0, TTL);
    assert.equal(token.split('.').length, 3);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    assert.deepEqual(payload, { trip: 'TR-CN1', sub: 'SEAL-1', iat: T0 / 1000, exp: T0 / 1000 + 900, jti: claims.jti });
    assert.match(claims.jti, /^[A-Za-z0-9_-]{22}$/);
  });

  it('unlocks offline for a valid token, once', async () => {
    const key = await keyPair();
    const seal = sealFor(key);
    const { token, claims } = await issueToken(key, 'SEAL-1', 'TR-CN1', T0, TTL);
    const r = await seal.offlineUnseal(token, T0 + 10 * 60_000);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(seal.state, 'unlocked');
    assert.equal(seal.report(T0 + 10 * 60_000).state, 'unlocked');
    // Locked again for another leg, the same token does not open it twice.
    seal.insert(T0 + 11 * 60_000);
    assert.equal(seal.state, 'locked');
    const again = await seal.offlineUnseal(token, T0 + 12 * 60_000);
    assert.deepEqual(again.ok ? null : again.reason, 'replayed');
    assert.equal(seal.state, 'locked');
    assert.ok(seal.log.some((e) => e.event === 'unlocked' && e.detail?.jti === claims.jti));
  });

  it('refuses forged, expired, not yet valid, wrong-seal, wrong-trip and malformed tokens, with a reason', async () => {
    const key = await keyPair();
    const other = await keyPair();
    const seal = sealFor(key);
    const reason = async (token: string, at = T0 + 60_000) => {
      const r = await seal.offlineUnseal(token, at);
      return r.ok ? 'unlocked' : r.reason;
    };
    // Signed by another key (someone's own key pair), or altered after signing.
    assert.equal(await reason((await issueToken(other, 'SEAL-1', 'TR-CN1', T0, TTL)).token), 'bad_signature');
    const good = (await issueToken(key, 'SEAL-1', 'TR-CN1', T0, TTL)).token;
    const [h, , s] = good.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ trip: 'TR-CN1', sub: 'SEAL-1', iat: T0 / 1000, exp: T0 / 1000 + 86_400, jti: 'x' })).toString('base64url');
    assert.equal(await reason(`${h}.${forgedBody}.${s}`), 'bad_signature');
    // "alg": "none" is never accepted.
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${forgedBody}.`;
    assert.notEqual(await reason(none), 'unlocked');
    // A different algorithm name over a valid Ed25519 signature is refused too.
    const hs = Buffer.from(JSON.stringify({ alg: 'HS256', kid: key.kid })).toString('base64url');
    const sig = sign(null, Buffer.from(`${hs}.${forgedBody}`), key.privateKey).toString('base64url');
    assert.equal(await reason(`${hs}.${forgedBody}.${sig}`), 'bad_signature');
    assert.equal(await reason('not-a-token'), 'malformed');
    assert.equal(await reason(good, T0 + TTL * 1000), 'expired');
    assert.equal(await reason(good, T0 + 16 * 60_000), 'expired');
    assert.equal(await reason(good, T0 - 60_000), 'not_yet_valid');
    assert.equal(await reason((await issueToken(key, 'SEAL-2', 'TR-CN1', T0, TTL)).token), 'wrong_seal');
    assert.equal(await reason((await issueToken(key, 'SEAL-1', 'TR-CN9', T0, TTL)).token), 'wrong_trip');
    assert.equal(seal.state, 'locked', 'nothing opened it');
    // With no key provisioned, or no task, nothing unlocks.
    const blank = new SimulatedSeal({ id: 'SEAL-1' });
    assert.deepEqual(await blank.offlineUnseal(good, T0 + 60_000).then((r) => (r.ok ? 'unlocked' : r.reason)), 'no_key');
    const idle = new SimulatedSeal({ id: 'SEAL-1', publicJwk: key.publicJwk });
    assert.deepEqual(await idle.offlineUnseal(good, T0 + 60_000).then((r) => (r.ok ? 'unlocked' : r.reason)), 'no_task');
  });

  it('models the seal: free → inserted without a task; locks with one; unlock command for its trip only; tamper', () => {
    const seal = new SimulatedSeal({ id: 'S9' });
    assert.equal(seal.insert(), 'inserted');
    assert.equal(seal.remove(), 'free');
    seal.insert();
    seal.bindTask('TR-1');
    assert.equal(seal.state, 'locked', 'binding a task locks an inserted seal');
    assert.equal(seal.command({ command: 'unlock', tripId: 'TR-2' }), false);
    assert.equal(seal.command({ command: 'unlock', tripId: 'TR-1' }), true);
    assert.equal(seal.state, 'unlocked');
    seal.tamper();
    assert.equal(seal.report().state, 'tampered');
  });

  it('keeps the platform key encrypted at rest and reuses it after a restart', async () => {
    const tdb = await testDb();
    try {
      const { kek } = loadKek({ secret: 'correct horse battery staple' });
      const a = await new UnsealKeys(tdb.db, kek).signingKey();
      const [row] = await tdb.db.query('select private_key_enc from unseal_keys where kid = $1', [a.kid]);
      assert.match(row.private_key_enc, /^v1\./);
      const pkcs8 = a.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
      assert.ok(!row.private_key_enc.includes(pkcs8.slice(-30)), 'the private key is not stored in clear');
      const b = await new UnsealKeys(tdb.db, loadKek({ secret: 'correct horse battery staple' }).kek).signingKey();
      assert.equal(b.kid, a.kid, 'the same key after a restart');
      await assert.rejects(new UnsealKeys(tdb.db, loadKek({ secret: 'another secret' }).kek).signingKey(), /cannot be decrypted/);
    } finally {
      await tdb.close();
    }
  });

  it('tells photos by their bytes', () => {
    assert.equal(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
    assert.equal(sniffImage(Buffer.from('89504e470d0a1a0a0000', 'hex')), 'image/png');
    assert.equal(sniffImage(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')])), 'image/webp');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic')]);
    assert.equal(sniffImage(heic), 'image/heic');
    const iphone = Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypmif1'), Buffer.alloc(4), Buffer.from('mif1MiHEheic')]);
    assert.equal(sniffImage(iphone), 'image/heic');
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(4), Buffer.from('isomavc1')]);
    assert.equal(sniffImage(mp4), null);
    assert.equal(sniffImage(Buffer.from('GIF89a')), null);
    assert.equal(sniffImage(Buffer.from('%PDF-1.7')), null);
  });
});
