// Web Push delivery: the payload encrypted for the subscription (RFC 8291, aes128gcm) and the
// request signed with the platform's VAPID key (RFC 8292), both by the web-push package; the
// request itself is sent here with fetch, so that the address is checked like a webhook's (a push
// endpoint is an address a user handed us) and the outcome is classified for retries.
import type { BlockList } from 'node:net';
import webpush from 'web-push';
import { destinationProblem } from '../webhooks/destination.ts';
import type { VapidKeys } from './vapid.ts';

export interface PushSubscriptionKeys {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What a push service said: delivered, gone for good (delete the subscription), or worth retrying. */
export type PushOutcome = { ok: true; status: number } | { ok: false; gone: boolean; status: number | null; error: string };

export interface PushOptions {
  vapid: VapidKeys;
  allowed: BlockList;
  /** Seconds the push service keeps a message for an offline device. */
  ttl?: number;
  urgency?: 'very-low' | 'low' | 'normal' | 'high';
  /** Replaces an undelivered message with the same topic at the push service. */
  topic?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function sendPush(sub: PushSubscriptionKeys, payload: string, o: PushOptions): Promise<PushOutcome> {
  const refused = await destinationProblem(sub.endpoint, o.allowed);
  // A private address is refused for good; a name that does not resolve now may resolve later.
  if (refused) return { ok: false, gone: !refused.includes('does not resolve'), status: null, error: `refused: ${refused}` };
  let details;
  try {
    details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
      vapidDetails: { subject: o.vapid.subject, publicKey: o.vapid.publicKey, privateKey: o.vapid.privateKey },
      TTL: o.ttl ?? 86_400,
      urgency: o.urgency ?? 'normal',
      topic: o.topic,
      contentEncoding: 'aes128gcm',
    });
  } catch (err) {
    // Keys the browser would never hand out: the subscription cannot be used.
    return { ok: false, gone: true, status: null, error: (err as Error).message };
  }
  try {
    const res = await (o.fetch ?? fetch)(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    // 404 and 410: the subscription expired or was withdrawn; 400/403/413: it will never be accepted.
    const gone = [400, 403, 404, 410, 413].includes(res.status);
    return { ok: false, gone, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return { ok: false, gone: false, status: null, error: e.cause?.message ?? e.message };
  }
}
