// Webhook signatures: `X-SealWatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
// The timestamp is signed with the body so that a captured request cannot be replayed later;
// receivers check it against their clock with `verifySignature`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-SealWatch-Signature';
export const DELIVERY_HEADER = 'X-SealWatch-Delivery';
export const EVENT_HEADER = 'X-SealWatch-Event';

function hmac(secret: string, t: number, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest();
}

export function signatureHeader(secret: string, body: string | Uint8Array, t: number): string {
  return `t=${t},v1=${hmac(secret, t, body).toString('hex')}`;
}

/**
 * True when `header` carries a v1 signature of `body` with `secret`, made at most `toleranceSec`
 * from now. Pass the body exactly as received (bytes or string), before any JSON parsing.
 * Several v1 values may be present (while a secret is rotated); one match is enough.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string | Uint8Array,
  toleranceSec = 300,
  nowSec = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && /^\d+$/.test(v ?? '')) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/i.test(v ?? '')) candidates.push(v.toLowerCase());
  }
  if (t === undefined || candidates.length === 0) return false;
  if (Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = hmac(secret, t, body);
  return candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected));
}
