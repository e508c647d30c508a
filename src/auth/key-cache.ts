// API keys verified a moment ago. Lanes and gateways present the same key hundreds of times a
// second; looking it up in the database for every request costs a round trip on the one connection
// every write also needs. A key found valid is remembered for a few seconds, by the SHA-256 of the
// token (never the token itself), with what the request checks after it (roles, company, allowed
// addresses, still checked every time). Only keys found valid are remembered: an unknown or revoked
// token is looked up again on every request (and counted as a bad credential).
//
// Revocation: a key revoked through this platform (DELETE /api-keys/{id}) is forgotten at once, in
// this process; a revocation made elsewhere (another server on the same PostgreSQL, SQL by hand,
// SEALWATCH_ADMIN_KEY changed at start) is honoured when the entry expires, at most `ttlMs` later.
import type { Principal } from './roles.ts';

export interface VerifiedKey {
  principal: Principal & { kind: 'key' };
  ipAllow: string[];
}

/** How long a verified key is trusted without asking the database again. */
export const KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class VerifiedKeys {
  private readonly byHash = new Map<string, { key: VerifiedKey; until: number }>();

  constructor(
    private readonly ttlMs = KEY_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key whose token hashes to `hash`, if it was verified less than ttlMs ago. */
  get(hash: string): VerifiedKey | undefined {
    const hit = this.byHash.get(hash);
    if (hit === undefined) return undefined;
    if (hit.until <= this.now()) {
      this.byHash.delete(hash);
      return undefined;
    }
    return hit.key;
  }

  remember(hash: string, key: VerifiedKey): void {
    if (this.ttlMs <= 0) return;
    if (this.byHash.size >= MAX_ENTRIES) this.byHash.clear();
    this.byHash.set(hash, { key, until: this.now() + this.ttlMs });
  }

  /** Forgets a key at once (it was revoked). */
  revoke(keyId: string): void {
    for (const [hash, hit] of this.byHash) if (hit.key.principal.id === keyId) this.byHash.delete(hash);
  }

  /** Forgets every key (keys changed in ways not tied to one id). */
  clear(): void {
    this.byHash.clear();
  }

  get size(): number {
    return this.byHash.size;
  }
}
