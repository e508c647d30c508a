// Property: random bytes and mutated real JT/T 808 frames (Traccar's test vectors and the codec's
// own encoders, with checksums recomputed so mutations reach the body decoders), cut into random
// TCP chunks, never make the splitter, the decoders or the gateway's connection handler throw,
// and the gateway keeps serving a well-behaved terminal afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { Jt808Connection } from '../../src/gateways/jt808/connection.ts';
import { numberAsCode } from '../../src/gateways/jt808/credentials.ts';
import { handleEvent, type GatewayContext } from '../../src/gateways/jt808/handlers.ts';
import { DEFAULT_REPORT_TIME_WINDOW } from '../../src/monitor/telemetry-check.ts';
import { startJt808Server, type Jt808Server } from '../../src/gateways/jt808/server.ts';
import {
  decodeMessage,
  encodeMessage,
  escape,
  Jt808Reassembler,
  Jt808Splitter,
  toTelemetry,
  xorChecksum,
  type HeaderFields,
  type Jt808BodyInput,
} from '../../src/protocols/jt808/index.ts';
import { Terminal } from '../gateways/jt808/terminal.ts';
import { fuzzRuns } from './arbitraries.ts';

const CODEC_RUNS = fuzzRuns(3000);
const GATEWAY_RUNS = fuzzRuns(600);
const TCP_RUNS = fuzzRuns(40);

/** What the fuzzer saw, for `npm run fuzz` to print. */
const tally = { streams: 0, frames: 0, packets: 0, decoded: 0, gatewayStreams: 0, tcpConnections: 0 };

// Traccar's decoder test frames (a copy of the shared conformance vectors).
const vectors: { protocol: string; hex: string }[] = JSON.parse(readFileSync(new URL('../protocols/jt808/traccar-vectors.json', import.meta.url), 'utf8'));

function traccarPackets(): Buffer[] {
  // Vectors hold un-escaped frames with their delimiters; the packet is what lies between them.
  return vectors.filter((v) => v.protocol === 'jt808').map((v) => Buffer.from(v.hex, 'hex').subarray(1, -1));
}

const T2013: Omit<HeaderFields, 'msgId' | 'serial'> = { phone: '13800138000' };
const T2019: Omit<HeaderFields, 'msgId' | 'serial'> = { phone: '866496077582164', version: 2019, protocolVersion: 1 };
const fix = { statusFlags: 0b11, lat: 25.033964, lon: 121.564468, speedKmh: 42.5, heading: 90, time: '2026-03-01T02:30:00.000Z', items: [{ id: 0x31, data: Buffer.of(11) }] };
const BODIES: Jt808BodyInput[] = [
  { kind: 'register', register: { provinceId: 71, cityId: 0, manufacturerId: 'SW', model: 'OBU', terminalId: 'T1', plateColor: 1, plate: 'KEA-1234' } },
  { kind: 'auth', auth: { authCode: '13800138000', imei: '866496077582164', softwareVersion: 'V1' } },
  { kind: 'heartbeat' },
  { kind: 'logout' },
  { kind: 'location', location: fix },
  { kind: 'locationBatch', batch: { batchType: 1, locations: [fix, { ...fix, lat: 25.04 }] } },
  { kind: 'terminalReply', reply: { replySerial: 1, replyMsgId: 0x8900, result: 0 } },
];

/** Packets (un-escaped, with check code) the codec encodes itself, in both header versions. */
function encodedPackets(): Buffer[] {
  return BODIES.flatMap((body) =>
    [T2013, T2019].map((t) => {
      const frame = encodeMessage({ ...t, serial: 7 }, body);
      const events = new Jt808Splitter().push(frame);
      assert.equal(events[0]?.kind, 'packet');
      return (events[0] as { packet: Buffer }).packet;
    }),
  );
}

const SEEDS = [...traccarPackets(), ...encodedPackets()];

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'msgId'; id: number }
  | { op: 'length'; value: number };

const MSG_IDS = [0x0001, 0x0002, 0x0003, 0x0100, 0x0102, 0x0200, 0x0704, 0x0900, 0x8001, 0x8100, 0x8900, 0x0f01, 0x0210, 0xffff];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0xff, 0x7e, 0x7d, 0x80, 0x01) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('msgId' as const), id: fc.constantFrom(...MSG_IDS) }),
  // Body properties: length bits, the subpackage, encryption and 2019 flags.
  fc.record({ op: fc.constant('length' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
);

function mutate(packet: Buffer, mutations: Mutation[], fixChecksum: boolean): Buffer {
  let b = Buffer.from(packet.subarray(0, -1)); // without the check code
  for (const m of mutations) {
    const at = b.length ? m.op === 'insert' ? (m as { at: number }).at % (b.length + 1) : ('at' in m ? m.at % b.length : 0) : 0;
    switch (m.op) {
      case 'flip':
        if (b.length) b[at] ^= 1 << m.bit;
        break;
      case 'set':
        if (b.length) b[at] = m.value;
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)]);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'msgId':
        if (b.length >= 2) b.writeUInt16BE(m.id, 0);
        break;
      case 'length':
        if (b.length >= 4) b.writeUInt16BE(m.value, 2);
        break;
    }
  }
  const check = fixChecksum ? xorChecksum(b) : (xorChecksum(b) + 1) & 0xff;
  return Buffer.concat([b, Buffer.of(check)]);
}

const wire = (packet: Buffer) => Buffer.concat([Buffer.of(0x7e), escape(packet), Buffer.of(0x7e)]);

/** A byte stream: mutated frames, raw noise and text sentences, in any order. */
const stream: fc.Arbitrary<Buffer> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 0, maxLength: 4 }), fc.boolean()).map(([p, ms, ok]) => wire(mutate(p, ms, ok || ms.length === 0 ? true : ok))) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.concat([Buffer.of(0x7e), Buffer.from(b), Buffer.of(0x7e)])) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => Buffer.from(`(${s})`, 'latin1')) },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => Buffer.concat(parts));

/** Cuts a buffer where TCP might. */
const chunked = fc.tuple(stream, fc.array(fc.nat(), { maxLength: 5 })).map(([bytes, cuts]) => {
  const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks.filter((c) => c.length > 0);
});

/** A socket stand-in: the connection reads 'data' events and writes replies into `written`. */
class FakeSocket extends EventEmitter {
  readonly remoteAddress = '192.0.2.1';
  readonly remotePort = 808;
  destroyed = false;
  writable = true;
  written: Buffer[] = [];
  write(b: Buffer) {
    this.written.push(b);
    return true;
  }
  pause() {}
  resume() {}
}

describe('JT/T 808 fuzzing', () => {
  it('the splitter, the reassembler and the decoders never throw', () => {
    fc.assert(
      fc.property(chunked, (chunks) => {
        const splitter = new Jt808Splitter();
        const reassembler = new Jt808Reassembler();
        tally.streams++;
        for (const chunk of chunks) {
          for (const event of splitter.push(chunk)) {
            tally.frames++;
            if (event.kind !== 'packet') continue;
            tally.packets++;
            const decoded = decodeMessage(event.packet);
            if (!decoded.ok) continue;
            tally.decoded++;
            const { header, body } = decoded.value;
            if (body.kind === 'location') toTelemetry(header.phone, body.location);
            if (body.kind === 'locationBatch') for (const l of body.batch.locations) toTelemetry(header.phone, l);
            if (body.kind === 'fragment') reassembler.add(header, body.data);
          }
        }
        assert.ok(splitter.buffered <= 2 * 2200, `the splitter holds ${splitter.buffered} bytes`);
      }),
      { numRuns: CODEC_RUNS },
    );
  });

  it("the gateway's connection handler lets no error escape", async () => {
    const logs: string[] = [];
    const ctx: GatewayContext = {
      onTelemetry: async () => {},
      credentials: numberAsCode,
      reportTimeWindow: DEFAULT_REPORT_TIME_WINDOW,
      log: (msg, extra) => {
        if (msg.includes('handling failed')) logs.push(`${msg} ${JSON.stringify(extra)}`);
      },
      bind: () => {},
      unbind: () => {},
    };
    await fc.assert(
      fc.asyncProperty(chunked, async (chunks) => {
        tally.gatewayStreams++;
        const socket = new FakeSocket();
        const connection = new Jt808Connection(socket as unknown as Socket, (event, conn) => handleEvent(event, conn, ctx), () => {});
        for (const chunk of chunks) socket.emit('data', chunk);
        await connection.idle();
        // Whatever the platform answered is itself a well-formed frame.
        for (const event of new Jt808Splitter().push(Buffer.concat(socket.written))) {
          assert.equal(event.kind, 'packet');
          assert.ok(decodeMessage((event as { packet: Buffer }).packet).ok);
        }
      }),
      { numRuns: GATEWAY_RUNS },
    );
    assert.deepEqual(logs, []);
  });

  describe('over TCP', () => {
    let server: Jt808Server;
    const failures: string[] = [];
    before(async () => {
      server = await startJt808Server({
        port: 0,
        host: '127.0.0.1',
        onTelemetry: async () => {},
        log: (msg, extra) => {
          if (msg.includes('handling failed')) failures.push(`${msg} ${JSON.stringify(extra)}`);
        },
      });
    });
    after(() => server.close());

    it('keeps answering a valid terminal after hostile connections', async () => {
      await fc.assert(
        fc.asyncProperty(chunked, async (chunks) => {
          tally.tcpConnections++;
          const socket = connect(server.port, '127.0.0.1');
          await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
          socket.on('data', () => {});
          for (const chunk of chunks) socket.write(chunk);
          await new Promise<void>((resolve) => socket.end(resolve));
          socket.destroy();
        }),
        { numRuns: TCP_RUNS },
      );
      const terminal = await Terminal.connect(server.port, T2013);
      try {
        terminal.send({ kind: 'auth', auth: { authCode: '13800138000' } });
        const authReply = await terminal.next();
        assert.deepEqual(authReply.message.body.kind === 'platformReply' && authReply.message.body.reply.result, 0);
        // A report of now: the gateway refuses report times far from their arrival.
        terminal.send({ kind: 'location', location: { ...fix, time: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() } });
        const reply = await terminal.next();
        assert.deepEqual(reply.message.body.kind === 'platformReply' && [reply.message.body.reply.replyMsgId, reply.message.body.reply.result], [0x0200, 0]);
      } finally {
        await terminal.close();
      }
      assert.deepEqual(failures, []);
    });
  });

  after(() => {
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify({ jt808: tally }));
  });
});
