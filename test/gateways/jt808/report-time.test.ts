// JT/T 808 reports dated outside the window around the time they are received (the BCD time of a
// location report spans 2000-2099) are refused with a 0x8001 "message error" for that message;
// the good reports of a 0x0704 batch are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Telemetry } from '../../../src/core/types.ts';
import { startJt808Server } from '../../../src/gateways/jt808/server.ts';
import { REPLY_RESULT, type LocationInput } from '../../../src/protocols/jt808/index.ts';
import { Terminal, type Received } from './terminal.ts';

const T2013 = { phone: '13800138000' };
/** Safety net only: every wait below is for a socket event, never for time to pass. */
const LIMIT = { timeout: 10_000 };

const fixAt = (time: string): LocationInput => ({ statusFlags: 0b11, lat: 25.033964, lon: 121.564468, speedKmh: 42.5, heading: 90, time });
/** BCD time has whole seconds. */
const nowSecond = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

function resultOf(r: Received, msgId: number, serial: number): number {
  if (r.message.body.kind !== 'platformReply') return assert.fail(`expected 0x8001, got ${r.message.body.kind}`);
  assert.equal(r.message.body.reply.replyMsgId, msgId);
  assert.equal(r.message.body.reply.replySerial, serial);
  return r.message.body.reply.result;
}

test('a location report dated far ahead or far back is refused with message error; a good one is stored', LIMIT, async () => {
  const received: Telemetry[][] = [];
  const logs: string[] = [];
  const server = await startJt808Server({
    port: 0,
    host: '127.0.0.1',
    onTelemetry: async (t) => void received.push(t),
    log: (msg) => logs.push(msg),
  });
  const terminal = await Terminal.connect(server.port, T2013);
  try {
    terminal.send({ kind: 'auth', auth: { authCode: '13800138000' } });
    await terminal.next();

    const future = terminal.send({ kind: 'location', location: fixAt('2099-12-31T00:00:00.000Z') });
    assert.equal(resultOf(await terminal.next(), 0x0200, future), REPLY_RESULT.messageError);
    const past = terminal.send({ kind: 'location', location: fixAt('2000-01-01T00:00:00.000Z') });
    assert.equal(resultOf(await terminal.next(), 0x0200, past), REPLY_RESULT.messageError);
    assert.equal(received.length, 0, 'nothing refused reaches the platform');
    assert.ok(logs.includes('jt808: reports refused'));

    const now = nowSecond();
    const good = terminal.send({ kind: 'location', location: fixAt(now) });
    assert.equal(resultOf(await terminal.next(), 0x0200, good), REPLY_RESULT.success);
    assert.deepEqual(received.map((b) => b.map((t) => t.ts)), [[now]]);
  } finally {
    await terminal.close();
    await server.close();
  }
});

test('a 0x0704 batch keeps its good reports and answers message error for the bad one', LIMIT, async () => {
  const received: Telemetry[][] = [];
  const server = await startJt808Server({ port: 0, host: '127.0.0.1', onTelemetry: async (t) => void received.push(t) });
  const terminal = await Terminal.connect(server.port, T2013);
  try {
    terminal.send({ kind: 'auth', auth: { authCode: '13800138000' } });
    await terminal.next();
    const now = nowSecond();
    const earlier = new Date(Date.parse(now) - 60_000).toISOString();
    const serial = terminal.send({
      kind: 'locationBatch',
      batch: { batchType: 1, locations: [fixAt(earlier), fixAt('2099-12-31T00:00:00.000Z'), fixAt(now)] },
    });
    assert.equal(resultOf(await terminal.next(), 0x0704, serial), REPLY_RESULT.messageError);
    assert.deepEqual(received.map((b) => b.map((t) => t.ts)), [[earlier, now]]);
  } finally {
    await terminal.close();
    await server.close();
  }
});

test('the window is the configured one', LIMIT, async () => {
  const received: Telemetry[][] = [];
  const server = await startJt808Server({
    port: 0,
    host: '127.0.0.1',
    onTelemetry: async (t) => void received.push(t),
    reportTimeWindow: { maxAgeMs: 60 * 60_000, maxAheadMs: 60_000 },
  });
  const terminal = await Terminal.connect(server.port, T2013);
  try {
    terminal.send({ kind: 'auth', auth: { authCode: '13800138000' } });
    await terminal.next();
    const twoHoursAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3_600_000).toISOString();
    const serial = terminal.send({ kind: 'location', location: fixAt(twoHoursAgo) });
    assert.equal(resultOf(await terminal.next(), 0x0200, serial), REPLY_RESULT.messageError);
    assert.equal(received.length, 0);
  } finally {
    await terminal.close();
    await server.close();
  }
});
