// One terminal's TCP connection: cuts the byte stream into frames, handles them strictly in
// arrival order (so a device's reports reach the bus in the order it sent them, and a reply is
// only written once the report behind it is handled), and writes the platform's messages.
import type { Socket } from 'node:net';
import {
  encodeMessage,
  Jt808Reassembler,
  Jt808Splitter,
  type Jt808BodyInput,
  type Jt808Header,
  type SplitEvent,
} from '../../protocols/jt808/index.ts';

/** How a terminal frames its headers; replies and commands must use the same layout. */
export interface TerminalAddress {
  phone: string;
  version: Jt808Header['version'];
  protocolVersion: number | null;
}

/** A terminal that passed 0x0102 authentication: where it is and the device it reports as. */
export interface AuthenticatedTerminal extends TerminalAddress {
  deviceId: string;
}

export type Log = (msg: string, extra?: object) => void;

/** Frames waiting to be handled before the socket is paused (a slow store must not let memory grow). */
const MAX_QUEUED_EVENTS = 256;

export class Jt808Connection {
  readonly peer: string;
  /** Terminals that passed 0x0102 authentication on this connection, by device id. */
  readonly authenticated = new Map<string, AuthenticatedTerminal>();
  /** Messages the terminal split into subpackages, until their last packet arrives. */
  readonly reassembler = new Jt808Reassembler();
  private readonly splitter = new Jt808Splitter();
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private paused = false;
  /** Platform serial numbers (flow ids) count per connection, wrapping at 16 bits. */
  private serial = 0;

  constructor(
    readonly socket: Socket,
    private readonly handleEvent: (event: SplitEvent, connection: Jt808Connection) => Promise<void>,
    private readonly log: Log,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.on('data', (chunk) => this.receive(chunk));
  }

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /** Encodes and writes one platform message to the terminal; false if it could not be sent. */
  send(to: TerminalAddress, body: Jt808BodyInput): boolean {
    if (!this.open) return false;
    let frame: Buffer;
    try {
      frame = encodeMessage(
        { phone: to.phone, version: to.version, protocolVersion: to.protocolVersion ?? undefined, serial: this.nextSerial() },
        body,
      );
    } catch (err) {
      this.log('jt808: cannot encode message', { peer: this.peer, kind: body.kind, err });
      return false;
    }
    this.socket.write(frame);
    return true;
  }

  /** Resolves once every frame received so far has been handled (used by close and tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  private receive(chunk: Buffer): void {
    for (const event of this.splitter.push(chunk)) this.enqueue(event);
  }

  private enqueue(event: SplitEvent): void {
    this.queued++;
    if (this.queued >= MAX_QUEUED_EVENTS && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.chain = this.chain
      .then(() => this.handleEvent(event, this))
      .catch((err: unknown) => {
        // A handler bug must cost one frame, not the connection.
        this.log('jt808: frame handling failed', { peer: this.peer, err });
      })
      .finally(() => {
        this.queued--;
        if (this.paused && this.queued < MAX_QUEUED_EVENTS / 2) {
          this.paused = false;
          this.socket.resume();
        }
      });
  }

  private nextSerial(): number {
    const serial = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return serial;
  }
}
