// Offline-unseal tokens (CONTRACT section 6): a compact JWS (RFC 7515) signed with EdDSA over
// Ed25519 (RFC 8037), claims sub (seal id), trip, iat, exp, jti (single use). The same checks run
// on the platform (a record uploaded after the unseal) and in the seal (src/seal-firmware), which
// has only the public key and its own clock.
import { randomBytes, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, SignJWT } from 'jose';
import { TOKEN_ALG, type SigningKey } from './keys.ts';

export interface UnsealClaims {
  sub: string;
  trip: string;
  iat: number;
  exp: number;
  jti: string;
}

export interface IssuedToken {
  token: string;
  claims: UnsealClaims;
  kid: string;
}

export async function issueToken(key: SigningKey, sealId: string, tripId: string, nowMs: number, ttlSeconds: number): Promise<IssuedToken> {
  const iat = Math.floor(nowMs / 1000);
  const claims: UnsealClaims = { sub: sealId, trip: tripId, iat, exp: iat + ttlSeconds, jti: randomBytes(16).toString('base64url') };
  const token = await new SignJWT({ trip: claims.trip })
    .setProtectedHeader({ alg: TOKEN_ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .setJti(claims.jti)
    .sign(key.privateKey);
  return { token, claims, kid: key.kid };
}

/** Why a token is refused. */
export type TokenRefusal =
  | 'malformed'
  | 'bad_signature'
  | 'unknown_key'
  | 'wrong_seal'
  | 'wrong_trip'
  | 'expired'
  | 'not_yet_valid'
  | 'replayed';

export const REFUSAL_TEXT: Record<TokenRefusal, string> = {
  malformed: 'is not an offline-unseal token (a compact JWS with sub, trip, iat, exp and jti)',
  bad_signature: 'signature is not valid: the token was not issued by this platform or was altered',
  unknown_key: 'is signed with a key this platform does not know',
  wrong_seal: 'was issued for another seal',
  wrong_trip: 'was issued for another trip',
  expired: 'had expired',
  not_yet_valid: 'was not yet valid',
  replayed: 'has already been used',
};

export type VerifyResult = { ok: true; claims: UnsealClaims; kid: string | null } | { ok: false; reason: TokenRefusal };

/** The key id in the token's header, or null when the token cannot be read. */
export function tokenKid(token: string): string | null {
  try {
    const h = decodeProtectedHeader(token);
    return typeof h.kid === 'string' ? h.kid : null;
  } catch {
    return null;
  }
}

function claimsOf(payload: unknown): UnsealClaims | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  if (typeof p.sub !== 'string' || typeof p.trip !== 'string' || typeof p.jti !== 'string' || !int(p.iat) || !int(p.exp)) return null;
  return { sub: p.sub, trip: p.trip, iat: p.iat as number, exp: p.exp as number, jti: p.jti };
}

/**
 * Checks the signature (EdDSA only: no "none", no other algorithm) and returns the claims. Time,
 * seal, trip and reuse are the caller's to check against its own facts (see checkClaims).
 */
export async function verifySignature(token: string, key: KeyObject | CryptoKey | Uint8Array): Promise<VerifyResult> {
  if (typeof token !== 'string' || token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
  let payload: Uint8Array;
  let kid: string | null = null;
  try {
    const r = await compactVerify(token, key as KeyObject, { algorithms: [TOKEN_ALG] });
    payload = r.payload;
    kid = typeof r.protectedHeader.kid === 'string' ? r.protectedHeader.kid : null;
  } catch (err) {
    const code = (err as { code?: string }).code;
    return { ok: false, reason: code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? 'bad_signature' : code === 'ERR_JOSE_ALG_NOT_ALLOWED' ? 'bad_signature' : 'malformed' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims = claimsOf(parsed);
  return claims ? { ok: true, claims, kid } : { ok: false, reason: 'malformed' };
}

export interface ClaimExpectations {
  sealId: string;
  /** The trip the seal is bound to, when the checker knows it. */
  tripId?: string;
  /** When the unseal happens (the seal's clock) or happened (the record), epoch ms. */
  atMs: number;
  /** Allowed clock difference, seconds (default 0). */
  skewSeconds?: number;
}

export function checkClaims(c: UnsealClaims, e: ClaimExpectations): TokenRefusal | null {
  const skew = e.skewSeconds ?? 0;
  const at = e.atMs / 1000;
  if (c.sub !== e.sealId) return 'wrong_seal';
  if (e.tripId !== undefined && c.trip !== e.tripId) return 'wrong_trip';
  if (at >= c.exp + skew) return 'expired';
  if (at < c.iat - skew) return 'not_yet_valid';
  return null;
}
