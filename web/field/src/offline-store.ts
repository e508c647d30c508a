// What the phone keeps for an offline unseal: the tokens downloaded while online (until they
// expire) and the unseal records waiting to be uploaded (the outbox), in localStorage so that they
// survive the app being closed at the truck.
import { api, ApiError, type OfflineToken } from './api.ts';

export interface UnsealRecord {
  token: string;
  sealId: string;
  unsealedAt: string;
  by: string;
}

const TOKENS = 'sw.field.tokens';
const OUTBOX = 'sw.field.outbox';

function read<T>(key: string): T[] {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}
const write = (key: string, v: unknown[]) => localStorage.setItem(key, JSON.stringify(v));

export function tokens(): OfflineToken[] {
  return read<OfflineToken>(TOKENS).filter((t) => Date.parse(t.expiresAt) > Date.now() - 3600_000);
}
export function saveToken(t: OfflineToken): void {
  write(TOKENS, [...tokens().filter((x) => x.sealId !== t.sealId), t]);
}
export function dropToken(jti: string): void {
  write(TOKENS, tokens().filter((t) => t.jti !== jti));
}

export function outbox(): UnsealRecord[] {
  return read<UnsealRecord>(OUTBOX);
}
export function queueRecord(r: UnsealRecord): void {
  write(OUTBOX, [...outbox(), r]);
}

/** A queued record the platform refused, with its answer (coded, for the reader's language). */
export interface RefusedRecord {
  sealId: string;
  error: ApiError;
}

/**
 * Uploads the queued records; a record the platform already has (409) or refuses (422, 403) leaves
 * the queue, and the refused ones are returned so the person who unsealed is told why.
 */
export async function flushOutbox(): Promise<{ uploaded: number; left: number; refused: RefusedRecord[] }> {
  let uploaded = 0;
  const refused: RefusedRecord[] = [];
  const keep: UnsealRecord[] = [];
  for (const r of outbox()) {
    try {
      await api.post('/offline-unseal/records', r);
      uploaded++;
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 409) uploaded++;
      else if (e.status === 422 || e.status === 403) refused.push({ sealId: r.sealId, error: e });
      else keep.push(r);
    }
  }
  write(OUTBOX, keep);
  return { uploaded, left: keep.length, refused };
}
