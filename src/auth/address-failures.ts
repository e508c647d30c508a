// Failed credentials per address in a fixed window: after `max` bad API keys or session tokens from
// one address, that address is refused with 429 until the window ends, so tokens cannot be guessed
// at the speed of the general rate limit. Every presented credential is refused while blocked,
// valid or not, since answering differently would keep the guessing going.
export interface AddressFailuresOptions {
  max?: number;
  windowMs?: number;
  /** Addresses remembered at most; the oldest windows are dropped first. */
  maxAddresses?: number;
  now?: () => number;
}

export class AddressFailures {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(opts: AddressFailuresOptions = {}) {
    this.max = opts.max ?? 30;
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxAddresses = opts.maxAddresses ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds this address must wait; 0 when it may present credentials now. */
  waitSeconds(ip: string): number {
    const w = this.windows.get(ip);
    if (!w || w.count < this.max) return 0;
    const wait = w.endsAt - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  failed(ip: string): void {
    const now = this.now();
    let w = this.windows.get(ip);
    if (!w || w.endsAt <= now) {
      this.windows.delete(ip);
      w = { count: 0, endsAt: now + this.windowMs };
      this.windows.set(ip, w);
      while (this.windows.size > this.maxAddresses) this.windows.delete(this.windows.keys().next().value!);
    }
    w.count++;
  }
}
