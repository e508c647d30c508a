// The JT/T 808 gateway over real TCP sockets: a test terminal registers, authenticates and
// reports; replies are compared byte for byte with what the codec encodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Telemetry } from '../../../src/core/types.ts';
import { startJt808Server, type Jt808Server, type Jt808ServerOptions } from '../../../src/gateways/jt808/server.ts';
import {
  encodeBody,
  encodeMessage,
  wrapFrame,
  type HeaderFields,
  type Jt808BodyInput,
  type LocationInput,
} from '../../../src/protocols/jt808/index.ts';
import { Terminal, type Received } from './terminal.ts';

const T2013 = { phone: '13800138000' };
const T2019 = { phone: '866496077582164', version: 2019 as const, protocolVersion: 1 };
/** Safety net only: every wait below is for a socket event, never for time to pass. */
const LIMIT = { timeout: 10_000 };

const fix: LocationInput = {
  statusFlags: 0b11,
  lat: 25.033964,
  lon: 121.564468,
  speedKmh: 42.5,
  heading: 90,
  time: '2026-03-01T02:30:00.000Z',
  items: [{ id: 0x31, data: Buffer.of(11) }],
};

interface Harness {
  server: Jt808Server;
  received: Telemetry[][];
  logs: { msg: string; extra?: object }[];
  /** Resolves at the next log line whose message includes `text`. */
  logged(text: string): Promise<void>;
}

async function start(overrides: Partial<Jt808ServerOptions> = {}): Promise<Harness> {
  const received: Telemetry[][] = [];
  const logs: { msg: string; extra?: object }[] = [];
  const watchers: { text: string; resolve: () => void }[] = [];
  const server = await startJt808Server({
    port: 0,
    host: '127.0.0.1',
    // The fixtures carry fixed dates: any report time is accepted here (report-time.test.ts checks the window).
    reportTimeWindow: { maxAgeMs: Infinity, maxAheadMs: Infinity },
    onTelemetry: async (t) => {
      received.push(t);
    },
    log: (msg, extra) => {
      logs.push({ msg, extra });
      for (const w of watchers.filter((w) => msg.includes(w.text))) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve();
      }
    },
    ...overrides,
  });
  return {
    server,
    received,
    logs,
    logged: (text) => new Promise((resolve) => watchers.push({ text, resolve })),
  };
}

/** The exact frame the platform must send: its own serial `serial`, addressed like `terminal`. */
function expectedFrame(terminal: Omit<HeaderFields, 'msgId' | 'serial'>, serial: number, body: Jt808BodyInput): string {
  return encodeMessage({ ...terminal, serial }, body).toString('hex');
}

function platformReply(replySerial: number, replyMsgId: number, result: number): Jt808BodyInput {
  return { kind: 'platformReply', reply: { replySerial, replyMsgId, result } };
}

async function login(terminal: Terminal, authCode: string): Promise<void> {
  terminal.send({ kind: 'auth', auth: { authCode, imei: '866496077582164', softwareVersion: 'V1' } });
  const reply = await terminal.next();
  assert.deepEqual(reply.message.body, { kind: 'platformReply', reply: { ...replyOf(reply), result: 0 } });
}

function replyOf(r: Received): { replySerial: number; replyMsgId: number; result: number } {
  if (r.message.body.kind !== 'platformReply') return assert.fail(`expected 0x8001, got ${r.message.body.kind}`);
  return r.message.body.reply;
}

test('port 0 picks a free port', LIMIT, async () => {
  const h = await start();
  try {
    assert.ok(h.server.port > 0);
    assert.ok(h.logs.some((l) => l.msg.includes('listening')));
  } finally {
    await h.server.close();
  }
});

test('2013 terminal: register, auth, heartbeat, location, batch, with exact replies', LIMIT, async () => {
  const h = await start();
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    const registerSerial = terminal.send({
      kind: 'register',
      register: { provinceId: 71, cityId: 0, manufacturerId: 'SW', model: 'OBU', terminalId: 'T1', plateColor: 1, plate: 'KEA-1234' },
    });
    const registered = await terminal.next();
    // Default auth code: the device id (phone number without padding zeros).
    assert.equal(
      registered.frame.toString('hex'),
      expectedFrame(T2013, 0, { kind: 'registerReply', reply: { replySerial: registerSerial, result: 0, authCode: '13800138000' } }),
    );

    const authSerial = terminal.send({ kind: 'auth', auth: { authCode: '13800138000' } });
    assert.equal((await terminal.next()).frame.toString('hex'), expectedFrame(T2013, 1, platformReply(authSerial, 0x0102, 0)));

    const heartbeatSerial = terminal.send({ kind: 'heartbeat' });
    assert.equal((await terminal.next()).frame.toString('hex'), expectedFrame(T2013, 2, platformReply(heartbeatSerial, 0x0002, 0)));

    const locationSerial = terminal.send({ kind: 'location', location: fix });
    assert.equal((await terminal.next()).frame.toString('hex'), expectedFrame(T2013, 3, platformReply(locationSerial, 0x0200, 0)));
    assert.deepEqual(h.received, [
      [{ deviceId: '13800138000', ts: '2026-03-01T02:30:00.000Z', lat: 25.033964, lon: 121.564468, speedKmh: 42.5, heading: 90 }],
    ]);

    const batchSerial = terminal.send({
      kind: 'locationBatch',
      batch: { batchType: 1, locations: [fix, { ...fix, lat: 25.04, time: '2026-03-01T02:30:30.000Z' }] },
    });
    assert.equal((await terminal.next()).frame.toString('hex'), expectedFrame(T2013, 4, platformReply(batchSerial, 0x0704, 0)));
    assert.equal(h.received.length, 2);
    assert.deepEqual(h.received[1].map((t) => [t.deviceId, t.lat, t.ts]), [
      ['13800138000', 25.033964, '2026-03-01T02:30:00.000Z'],
      ['13800138000', 25.04, '2026-03-01T02:30:30.000Z'],
    ]);
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('2019 terminal: replies use its 2019 header and protocol version', LIMIT, async () => {
  const h = await start({
    credentials: {
      register: async (number) => ({ ok: true, authCode: `code-${number}` }),
      authenticate: async (number, code) => (code === `code-${number}` ? { ok: true, deviceId: number } : { ok: false, reason: 'wrong' }),
    },
  });
  const terminal = await Terminal.connect(h.server.port, T2019);
  try {
    const registerSerial = terminal.send({
      kind: 'register',
      register: { provinceId: 0, cityId: 0, manufacturerId: 'SW', model: 'MD300', terminalId: 'X', plateColor: 0, plate: 'VIN1' },
    });
    const registered = await terminal.next();
    assert.equal(
      registered.frame.toString('hex'),
      expectedFrame(T2019, 0, {
        kind: 'registerReply',
        reply: { replySerial: registerSerial, result: 0, authCode: 'code-866496077582164' },
      }),
    );
    assert.equal(registered.message.header.version, 2019);
    assert.equal(registered.message.header.phone, '00000866496077582164');

    await login(terminal, 'code-866496077582164');
    const serial = terminal.send({ kind: 'location', location: fix });
    assert.equal((await terminal.next()).frame.toString('hex'), expectedFrame(T2019, 2, platformReply(serial, 0x0200, 0)));
    assert.equal(h.received[0][0].deviceId, '866496077582164');
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('a report is acknowledged only after onTelemetry resolves, and in order', LIMIT, async () => {
  let accept!: () => void;
  let called!: () => void;
  const calledOnce = new Promise<void>((resolve) => (called = resolve));
  const h = await start({
    onTelemetry: () => {
      called();
      return new Promise<void>((resolve) => (accept = resolve));
    },
  });
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    await login(terminal, '13800138000');
    const locationSerial = terminal.send({ kind: 'location', location: fix });
    const heartbeatSerial = terminal.send({ kind: 'heartbeat' });
    await calledOnce;
    // The reply can only be written after accept(); nothing has arrived since the auth reply.
    assert.equal(terminal.pending, 0);
    accept();
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: locationSerial, replyMsgId: 0x0200, result: 0 });
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: heartbeatSerial, replyMsgId: 0x0002, result: 0 });
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('a report the bus refuses is answered with failure (result 1)', LIMIT, async () => {
  const h = await start({ onTelemetry: () => Promise.reject(new Error('store down')) });
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    await login(terminal, '13800138000');
    const serial = terminal.send({ kind: 'location', location: fix });
    assert.equal((await terminal.next()).frame.toString('hex'), expectedFrame(T2013, 1, platformReply(serial, 0x0200, 1)));
    assert.ok(h.logs.some((l) => l.msg.includes('not accepted')));
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('wrong auth code fails; reports before authentication are refused and not forwarded', LIMIT, async () => {
  const h = await start();
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    const authSerial = terminal.send({ kind: 'auth', auth: { authCode: 'guess' } });
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: authSerial, replyMsgId: 0x0102, result: 1 });
    const locationSerial = terminal.send({ kind: 'location', location: fix });
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: locationSerial, replyMsgId: 0x0200, result: 1 });
    assert.deepEqual(h.received, []);
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('an unknown terminal is refused at registration (result 4) and authentication', LIMIT, async () => {
  const h = await start({
    credentials: {
      register: async () => ({ ok: false, result: 4, reason: 'unknown' }),
      authenticate: async () => ({ ok: false, reason: 'unknown' }),
    },
  });
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    const serial = terminal.send({
      kind: 'register',
      register: { provinceId: 0, cityId: 0, manufacturerId: '', model: '', terminalId: '', plateColor: 0, plate: '' },
    });
    assert.deepEqual((await terminal.next()).message.body, { kind: 'registerReply', reply: { replySerial: serial, result: 4 } });
    const authSerial = terminal.send({ kind: 'auth', auth: { authCode: '13800138000' } });
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: authSerial, replyMsgId: 0x0102, result: 1 });
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('corrupted frames are logged and answered or dropped; the connection carries on', LIMIT, async () => {
  const h = await start();
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    await login(terminal, '13800138000');
    // 1. Line noise. 2. A heartbeat with a wrong check code: dropped (its header is not trusted).
    terminal.write(Buffer.from('garbage\r\n'));
    const bad = Buffer.from(encodeMessage({ ...T2013, serial: 500 }, { kind: 'heartbeat' }));
    bad[bad.length - 2] ^= 0x01;
    terminal.write(bad);
    // 3. Declared body length 28 but 3 bytes present, check code right: answered "message error".
    const header = Buffer.from('0200001c013800138000' + '01f5', 'hex');
    terminal.write(wrapFrame(Buffer.concat([header, Buffer.from('010203', 'hex')])));
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: 0x01f5, replyMsgId: 0x0200, result: 2 });
    // 4. A location whose body is too short for its fixed part: also "message error".
    const shortBody = Buffer.from('0200000a013800138000' + '01f6', 'hex');
    terminal.write(wrapFrame(Buffer.concat([shortBody, Buffer.alloc(10)])));
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: 0x01f6, replyMsgId: 0x0200, result: 2 });

    const serial = terminal.send({ kind: 'location', location: fix });
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: serial, replyMsgId: 0x0200, result: 0 });
    assert.equal(h.received.length, 1);
    const codes = h.logs.map((l) => (l.extra as { code?: string } | undefined)?.code).filter(Boolean);
    assert.deepEqual(codes, ['checksum_mismatch', 'body_length_mismatch', 'malformed_body']);
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('an unsupported message gets result 3; a terminal reply gets no answer', LIMIT, async () => {
  const h = await start();
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    await login(terminal, '13800138000');
    terminal.send({ kind: 'terminalReply', reply: { replySerial: 7, replyMsgId: 0x8900, result: 0 } });
    const serial = terminal.send({ kind: 'unknown', data: Buffer.from('hello') }, { msgId: 0x0900 });
    // The first answer is to 0x0900: the 0x0001 before it was not answered.
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: serial, replyMsgId: 0x0900, result: 3 });
    assert.ok(h.logs.some((l) => l.msg.includes('terminal reply')));
  } finally {
    await terminal.close();
    await h.server.close();
  }
});

test('sendCommand reaches the authenticated terminal as a 0x8900 seal command', LIMIT, async () => {
  const h = await start();
  const terminal = await Terminal.connect(h.server.port, T2019);
  try {
    assert.equal(h.server.sendCommand('866496077582164', { command: 'unlock', sealId: 'S1' }), false, 'not authenticated yet');
    await login(terminal, '866496077582164');
    assert.equal(h.server.sendCommand('866496077582164', { command: 'unlock', sealId: 'S1', tripId: 'TRIP-7' }), true);
    const received = await terminal.next();
    assert.equal(
      received.frame.toString('hex'),
      expectedFrame(T2019, 1, { kind: 'sealCommand', command: { command: 'unlock', sealId: 'S1', tripId: 'TRIP-7' } }),
    );
    assert.equal(received.message.header.msgId, 0x8900);
    assert.deepEqual(received.message.body, { kind: 'sealCommand', command: { command: 'unlock', sealId: 'S1', tripId: 'TRIP-7' } });
    assert.equal(h.server.sendCommand('999', { command: 'unlock' }), false, 'unknown device');

    const gone = h.logged('terminal disconnected');
    await terminal.close();
    await gone;
    assert.equal(h.server.sendCommand('866496077582164', { command: 'unlock' }), false, 'disconnected');
  } finally {
    await h.server.close();
  }
});

test('two terminals on their own connections do not see each other’s replies', LIMIT, async () => {
  const h = await start();
  const a = await Terminal.connect(h.server.port, T2013);
  const b = await Terminal.connect(h.server.port, { phone: '13900139000' });
  try {
    await login(a, '13800138000');
    await login(b, '13900139000');
    a.send({ kind: 'location', location: fix });
    b.send({ kind: 'location', location: { ...fix, lat: 22.6 } });
    assert.equal((await a.next()).message.header.phone, '013800138000');
    assert.equal((await b.next()).message.header.phone, '013900139000');
    assert.deepEqual(h.received.map((t) => t[0].deviceId).sort(), ['13800138000', '13900139000']);
    assert.equal(h.server.sendCommand('13900139000', { command: 'unlock' }), true);
    assert.equal((await b.next()).message.body.kind, 'sealCommand');
    assert.equal(a.pending, 0);
  } finally {
    await a.close();
    await b.close();
    await h.server.close();
  }
});

test('a batch split into subpackages is acknowledged per packet and forwarded whole', LIMIT, async () => {
  const h = await start();
  const terminal = await Terminal.connect(h.server.port, T2013);
  try {
    await login(terminal, '13800138000');
    const locations = [fix, { ...fix, lat: 25.05, time: '2026-03-01T02:31:00.000Z' }, { ...fix, lat: 25.06, time: '2026-03-01T02:32:00.000Z' }];
    const body = encodeBody({ kind: 'locationBatch', batch: { batchType: 1, locations } });
    const cut = Math.floor(body.length / 2);
    const first = terminal.send({ kind: 'unknown', data: body.subarray(0, cut) }, { msgId: 0x0704, subpackage: { total: 2, index: 1 } });
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: first, replyMsgId: 0x0704, result: 0 });
    assert.equal(h.received.length, 0);
    const last = terminal.send({ kind: 'unknown', data: body.subarray(cut) }, { msgId: 0x0704, subpackage: { total: 2, index: 2 } });
    assert.deepEqual(replyOf(await terminal.next()), { replySerial: last, replyMsgId: 0x0704, result: 0 });
    assert.deepEqual(h.received.map((batch) => batch.map((t) => t.lat)), [[25.033964, 25.05, 25.06]]);
  } finally {
    await terminal.close();
    await h.server.close();
  }
});
