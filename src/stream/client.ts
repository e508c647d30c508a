// One /stream subscriber, with backpressure. Messages go straight to the socket while its send
// buffer is small. Once the buffer passes the high-water mark the client is slow: messages wait in
// a bounded pending map instead, where a vehicle's newer position replaces its older one and alerts
// and trip changes are all kept; the map is flushed as the socket drains. A slow client so gets the
// latest state, never an unbounded queue; one that falls further behind than the bound is closed
// (it reconnects and reloads the state by REST).

/** The part of a WebSocket this needs (ws's WebSocket satisfies it). */
export interface SocketLike {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface ClientLimits {
  /** Above this many buffered bytes, messages are coalesced instead of sent. */
  highWaterBytes: number;
  /** Pending messages are flushed once the buffer is below this. */
  lowWaterBytes: number;
  /** Most messages kept pending before the client is given up on. */
  maxPending: number;
  /** How often a slow client's buffer is checked (ms). */
  drainCheckMs: number;
}

export const DEFAULT_LIMITS: ClientLimits = {
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  maxPending: 10_000,
  drainCheckMs: 20,
};

const OPEN = 1;

export interface ClientStats {
  sent: number;
  coalesced: number;
  pendingPeak: number;
}

export class StreamClient {
  private pending = new Map<string, string>();
  private drainTimer: NodeJS.Timeout | null = null;
  private unique = 0;
  readonly stats: ClientStats = { sent: 0, coalesced: 0, pendingPeak: 0 };

  constructor(
    readonly socket: SocketLike,
    private readonly limits: ClientLimits = DEFAULT_LIMITS,
    private readonly onGiveUp: () => void = () => {},
  ) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Offers a message. `replaceKey` names what a newer message supersedes (a vehicle's position);
   * null for messages that must all arrive (alerts, trip changes).
   */
  offer(payload: string, replaceKey: string | null): void {
    if (this.socket.readyState !== OPEN) return;
    if (this.pending.size === 0 && this.socket.bufferedAmount < this.limits.highWaterBytes) {
      this.write(payload);
      return;
    }
    const key = replaceKey ?? `#${this.unique++}`;
    if (this.pending.delete(key)) this.stats.coalesced++;
    this.pending.set(key, payload);
    if (this.pending.size > this.stats.pendingPeak) this.stats.pendingPeak = this.pending.size;
    if (this.pending.size > this.limits.maxPending) {
      this.pending.clear();
      this.stop();
      this.socket.close(1013, 'too slow: reconnect and reload');
      this.onGiveUp();
      return;
    }
    this.watchDrain();
  }

  private write(payload: string): void {
    this.socket.send(payload);
    this.stats.sent++;
  }

  private watchDrain(): void {
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => this.flush(), this.limits.drainCheckMs);
    this.drainTimer.unref?.();
  }

  private flush(): void {
    if (this.socket.readyState !== OPEN) {
      this.stop();
      return;
    }
    for (const [key, payload] of this.pending) {
      if (this.socket.bufferedAmount >= this.limits.lowWaterBytes) return;
      this.pending.delete(key);
      this.write(payload);
    }
    if (this.pending.size === 0) this.stop();
  }

  stop(): void {
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
  }
}
