// /stream's fan-out: every stored output the monitor publishes goes to each subscriber allowed to
// see it, by the same company rules as the REST queries (customs sees all; a company sees what
// names it in the output's audience: its vehicles, the CNs it sent, trips to its facilities).
// Each message is serialised once, whatever the number of subscribers.
import type { MonitorEvent } from '../monitor/records.ts';
import { DEFAULT_LIMITS, StreamClient, type ClientLimits, type SocketLike } from './client.ts';

export interface StreamScope {
  /** Customs sees every message. */
  all: boolean;
  companyUbn: string;
}

export type StreamType = 'position' | 'trip' | 'alert' | 'alertCleared' | 'alertUpdated';

interface Subscriber {
  client: StreamClient;
  scope: StreamScope;
  alive: boolean;
}

/** A subscriber's socket: what StreamClient needs, plus liveness checks. */
export interface HubSocket extends SocketLike {
  on(event: 'close' | 'pong', cb: () => void): unknown;
  ping(): void;
  terminate(): void;
}

/** A subscriber that has not answered a ping for this long is dropped (a dead TCP peer). */
const HEARTBEAT_MS = 30_000;

export class StreamHub {
  private subscribers = new Set<Subscriber>();
  private limits: ClientLimits;
  private heartbeat: NodeJS.Timeout;
  readonly stats = { published: 0, givenUp: 0, dropped: 0 };

  constructor(limits: Partial<ClientLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private checkAlive(): void {
    for (const s of this.subscribers) {
      const socket = s.client.socket as HubSocket;
      if (!s.alive) {
        this.stats.dropped++;
        this.subscribers.delete(s);
        s.client.stop();
        socket.terminate();
        continue;
      }
      s.alive = false;
      socket.ping();
    }
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber until its socket closes. */
  attach(socket: HubSocket, scope: StreamScope): StreamClient {
    const sub: Subscriber = {
      scope,
      alive: true,
      client: new StreamClient(socket, this.limits, () => {
        this.stats.givenUp++;
        this.subscribers.delete(sub);
      }),
    };
    this.subscribers.add(sub);
    socket.on('pong', () => {
      sub.alive = true;
    });
    socket.on('close', () => {
      sub.client.stop();
      this.subscribers.delete(sub);
    });
    return sub.client;
  }

  /** Sends stored outputs to the subscribers who may see them (commands are not streamed). */
  publish = (events: MonitorEvent[]): void => {
    if (this.subscribers.size === 0) return;
    // A batch of messages leaves each socket in one write rather than a system call a message.
    const corked: Corkable[] = [];
    for (const s of this.subscribers) {
      const t = transportOf(s.client.socket);
      if (t) {
        t.cork();
        corked.push(t);
      }
    }
    try {
      this.fanOut(events);
    } finally {
      for (const t of corked) t.uncork();
    }
  };

  private fanOut(events: MonitorEvent[]): void {
    for (const e of events) {
      if (e.type === 'command') continue;
      const payload = JSON.stringify({ type: e.type, at: e.at, data: e.data });
      const replaceKey = e.type === 'position' ? `p:${e.data.plate || e.data.deviceId}` : null;
      this.stats.published++;
      for (const s of this.subscribers) {
        if (s.scope.all || e.audience.includes(s.scope.companyUbn)) s.client.offer(payload, replaceKey);
      }
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const s of this.subscribers) {
      s.client.stop();
      s.client.socket.close(1001, 'server shutting down');
    }
    this.subscribers.clear();
  }
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The TCP socket under a ws WebSocket (ws keeps it as `_socket`); null for other sockets. */
function transportOf(socket: SocketLike): Corkable | null {
  const t = (socket as { _socket?: Partial<Corkable> })._socket;
  return t && typeof t.cork === 'function' && typeof t.uncork === 'function' ? (t as Corkable) : null;
}
