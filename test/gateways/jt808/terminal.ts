// Test helper: a JT/T 808 terminal over a real TCP socket.
import { connect, type Socket } from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  escape,
  Jt808Splitter,
  type HeaderFields,
  type Jt808BodyInput,
  type Jt808Message,
} from '../../../src/protocols/jt808/index.ts';

export interface Received {
  frame: Buffer;
  message: Jt808Message;
}

export class Terminal {
  private readonly splitter = new Jt808Splitter();
  private readonly inbox: Received[] = [];
  private readonly waiting: ((r: Received) => void)[] = [];
  private serial = 100;

  private constructor(
    private readonly socket: Socket,
    readonly header: Omit<HeaderFields, 'msgId' | 'serial'>,
  ) {
    socket.on('data', (chunk) => {
      for (const event of this.splitter.push(chunk)) {
        if (event.kind !== 'packet') throw new Error(`terminal got ${JSON.stringify(event)}`);
        const decoded = decodeMessage(event.packet);
        if (!decoded.ok) throw new Error(`terminal cannot decode: ${decoded.error.message}`);
        const frame = Buffer.concat([Buffer.of(0x7e), escape(event.packet), Buffer.of(0x7e)]);
        this.deliver({ frame, message: decoded.value });
      }
    });
  }

  static connect(port: number, header: Omit<HeaderFields, 'msgId' | 'serial'>): Promise<Terminal> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new Terminal(socket, header)));
      socket.once('error', reject);
    });
  }

  /** Sends a message; returns the serial number it carried. */
  send(body: Jt808BodyInput, extra: Pick<HeaderFields, 'msgId' | 'subpackage'> | Record<string, never> = {}): number {
    const serial = this.serial++;
    this.socket.write(encodeMessage({ ...this.header, serial, ...extra }, body));
    return serial;
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next message from the platform, in arrival order. */
  next(): Promise<Received> {
    const ready = this.inbox.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  get pending(): number {
    return this.inbox.length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  private deliver(r: Received): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(r);
    else this.inbox.push(r);
  }
}
