// Growing delays per account after failed logins, without locking the rightful user out. Once an
// account has failed `freeFailures` times, each further failure doubles its delay; the delay holds
// only against addresses that have themselves failed on the account, so the correct password from
// an address that is not failing is still accepted. Usernames are counted as typed, known or not,
// so the throttle does not tell which usernames exist. The per-address request limit of the login
// route still caps how fast one address may guess across accounts.
export interface LoginThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failures older than this are forgotten. */
  forgetAfterMs?: number;
  /** Accounts remembered at most; the least recently failed are dropped first. */
  maxAccounts?: number;
  now?: () => number;
}

interface AccountFailures {
  count: number;
  lastAt: number;
  blockedUntil: number;
  /** Address → when it last failed on this account. */
  addresses: Map<string, number>;
}

export class LoginThrottle {
  private readonly accounts = new Map<string, AccountFailures>();
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxAccounts: number;
  private readonly now: () => number;

  constructor(opts: LoginThrottleOptions = {}) {
    this.freeFailures = opts.freeFailures ?? 5;
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 15 * 60_000;
    this.forgetAfterMs = opts.forgetAfterMs ?? 60 * 60_000;
    this.maxAccounts = opts.maxAccounts ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds this address must wait before trying this account again; 0 when it may try now. */
  waitSeconds(username: string, ip: string): number {
    const a = this.current(username);
    if (!a) return 0;
    const failedHere = a.addresses.get(ip);
    if (failedHere === undefined || this.now() - failedHere > this.forgetAfterMs) return 0;
    const wait = a.blockedUntil - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  failed(username: string, ip: string): void {
    const now = this.now();
    const a = this.current(username) ?? { count: 0, lastAt: now, blockedUntil: 0, addresses: new Map<string, number>() };
    a.count++;
    a.lastAt = now;
    a.addresses.set(ip, now);
    if (a.count >= this.freeFailures) {
      a.blockedUntil = now + Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(a.count - this.freeFailures, 30));
    }
    // Re-inserted so that the map's order is the order of last failure, for eviction.
    this.accounts.delete(username);
    this.accounts.set(username, a);
    while (this.accounts.size > this.maxAccounts) this.accounts.delete(this.accounts.keys().next().value!);
  }

  /** The right password from this address: it is no longer failing; the others still are. */
  succeeded(username: string, ip: string): void {
    const a = this.accounts.get(username);
    if (!a) return;
    a.addresses.delete(ip);
    if (a.addresses.size === 0) this.accounts.delete(username);
  }

  private current(username: string): AccountFailures | undefined {
    const a = this.accounts.get(username);
    if (a && this.now() - a.lastAt > this.forgetAfterMs) {
      this.accounts.delete(username);
      return undefined;
    }
    return a;
  }
}
