// An OBU speaking JT/T 808 (2013) over TCP: register (0x0100 → 0x8100 with an auth code),
// authenticate (0x0102), then location reports (0x0200, or 0x0704 for a buffered batch), each
// answered by the platform's general reply (0x8001) once stored. A heartbeat (0x0002) keeps an
// idle connection open. Written with the codec's own encoders.
import { connect, type Socket } from 'node:net';
import type { Telemetry } from '../../core/types.ts';
import {
  BATCH_TYPE,
  decodeMessage,
  encodeMessage,
  Jt808Splitter,
  MSG,
  REGISTER_RESULT,
  REPLY_RESULT,
  type Jt808Message,
  type LocationInput,
} from '../../protocols/jt808/index.ts';

const ACC_ON = 1 << 0;
const POSITIONED = 1 << 1;
/** Vendor item 0xFE: terminal battery percent. */
const ITEM_BATTERY = 0xfe;
/** Keep each 0x0704 body well under the 1023-byte limit (a report is about 36 bytes). */
const MAX_BATCH = 20;
const REPLY_TIMEOUT_MS = 15_000;
const HEARTBEAT_MS = 60_000;

export function toLocationInput(t: Telemetry): LocationInput {
  const positioned = t.lat !== undefined && t.lon !== undefined;
  return {
    statusFlags: ACC_ON | (positioned ? POSITIONED : 0),
    lat: t.lat ?? 0,
    lon: t.lon ?? 0,
    speedKmh: t.speedKmh ?? 0,
    heading: Math.round(t.heading ?? 0) % 360,
    time: t.ts,
    items: t.battery === undefined ? [] : [{ id: ITEM_BATTERY, data: Uint8Array.of(Math.max(0, Math.min(100, Math.round(t.battery)))) }],
  };
}

interface Waiter {
  match: (m: Jt808Message) => boolean;
  resolve: (m: Jt808Message) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class Jt808Terminal {
  private socket: Socket | null = null;
  private serial = 0;
  private readonly splitter = new Jt808Splitter();
  private waiters: Waiter[] = [];
  private heartbeat: NodeJS.Timeout | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    readonly host: string,
    readonly port: number,
    /** Terminal phone number: 12 digits (2013 header). */
    readonly phone: string,
    readonly plate: string,
    /**
     * The device secret, provisioned as the auth code for a platform that hands out none at
     * registration (JT808_AUTH=secret); otherwise the code the registration reply carries is used,
     * as a standard terminal does.
     */
    private readonly secret: () => string | undefined = () => undefined,
  ) {}

  private nextSerial(): number {
    this.serial = (this.serial + 1) & 0xffff;
    return this.serial;
  }

  /** Connects, registers and authenticates once; later calls wait for the same handshake. */
  open(): Promise<void> {
    if (!this.ready) {
      this.ready = this.handshake().catch((err) => {
        this.ready = null;
        this.close();
        throw err;
      });
    }
    return this.ready;
  }

  private async handshake(): Promise<void> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.host, port: this.port }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = socket;
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.failAll(new Error('jt808: connection error')));
    socket.on('close', () => {
      this.failAll(new Error('jt808: connection closed'));
      this.socket = null;
      this.ready = null;
    });
    const regSerial = this.nextSerial();
    const reg = await this.request(
      {
        kind: 'register',
        register: { provinceId: 0, cityId: 0, manufacturerId: 'SWSIM', model: 'SW-OBU-4G', terminalId: this.phone.slice(-7), plateColor: 2, plate: this.plate },
      },
      regSerial,
      (m) => m.body.kind === 'registerReply' && m.body.reply.replySerial === regSerial,
    );
    if (reg.body.kind !== 'registerReply' || reg.body.reply.result !== REGISTER_RESULT.success) {
      throw new Error(`jt808: registration of ${this.phone} refused`);
    }
    const authCode = reg.body.reply.authCode || this.secret() || '';
    await this.expectOk({ kind: 'auth', auth: { authCode } }, MSG.auth);
    this.heartbeat = setInterval(() => {
      void this.expectOk({ kind: 'heartbeat' }, MSG.heartbeat).catch(() => undefined);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private onData(chunk: Buffer): void {
    for (const ev of this.splitter.push(chunk)) {
      if (ev.kind !== 'packet') continue;
      const m = decodeMessage(ev.packet);
      if (!m.ok) continue;
      const i = this.waiters.findIndex((w) => w.match(m.value));
      if (i < 0) continue;
      const [w] = this.waiters.splice(i, 1);
      clearTimeout(w.timer);
      w.resolve(m.value);
    }
  }

  private failAll(err: Error): void {
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) {
      clearTimeout(w.timer);
      w.reject(err);
    }
  }

  private request(body: Parameters<typeof encodeMessage>[1], serial: number, match: (m: Jt808Message) => boolean): Promise<Jt808Message> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('jt808: not connected'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`jt808: no reply from the platform within ${REPLY_TIMEOUT_MS / 1000} s`));
      }, REPLY_TIMEOUT_MS);
      this.waiters.push({ match, resolve, reject, timer });
      socket.write(encodeMessage({ phone: this.phone, serial }, body));
    });
  }

  /** Sends a message and waits for the platform's 0x8001 success reply to it. */
  private async expectOk(body: Parameters<typeof encodeMessage>[1], msgId: number): Promise<void> {
    const serial = this.nextSerial();
    const reply = await this.request(
      body,
      serial,
      (m) => m.body.kind === 'platformReply' && m.body.reply.replySerial === serial && m.body.reply.replyMsgId === msgId,
    );
    if (reply.body.kind === 'platformReply' && reply.body.reply.result !== REPLY_RESULT.success) {
      throw new Error(`jt808: platform answered ${reply.body.reply.result} to 0x${msgId.toString(16).padStart(4, '0')}`);
    }
  }

  /** One report as 0x0200; several (a buffered batch) as 0x0704 blind-area uploads. */
  async send(reports: Telemetry[]): Promise<void> {
    await this.open();
    if (reports.length === 1) {
      await this.expectOk({ kind: 'location', location: toLocationInput(reports[0]) }, MSG.location);
      return;
    }
    for (let i = 0; i < reports.length; i += MAX_BATCH) {
      const locations = reports.slice(i, i + MAX_BATCH).map(toLocationInput);
      await this.expectOk({ kind: 'locationBatch', batch: { batchType: BATCH_TYPE.blindArea, locations } }, MSG.locationBatch);
    }
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.socket?.destroy();
    this.socket = null;
    this.ready = null;
  }
}
