// A connection sending garbage cannot flood the log: per address, the first bad-frame lines of an
// interval are written and the rest summed up in one line.
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startJt808Server } from '../../../src/gateways/jt808/server.ts';
import { NOISE_SUMMARY, UNSOLICITED } from '../../../src/gateways/jt808/noise.ts';
import { encodeMessage } from '../../../src/protocols/jt808/index.ts';
import { Terminal } from './terminal.ts';

const T2013 = { phone: '13800138000' };

test('garbage from one address is logged a few times, then counted', { timeout: 10_000 }, async () => {
  const logs: { msg: string; extra?: any }[] = [];
  // A clock that stands still: the whole flood falls in one interval however slow the machine.
  const server = await startJt808Server({
    port: 0,
    host: '127.0.0.1',
    onTelemetry: async () => {},
    log: (msg, extra) => logs.push({ msg, extra }),
    noiseLimit: { perInterval: 5, now: () => 0 },
  });
  const first = await Terminal.connect(server.port, T2013);
  const second = await Terminal.connect(server.port, T2013);
  try {
    const bad = Buffer.from(encodeMessage({ ...T2013, serial: 1 }, { kind: 'heartbeat' }));
    bad[bad.length - 2] ^= 0x01;
    for (let i = 0; i < 200; i++) first.write(bad);
    for (let i = 0; i < 100; i++) second.write(bad);
    // Frames are handled in order: once a later registration is answered, the garbage before it was seen.
    for (const t of [first, second]) {
      t.send({ kind: 'register', register: { provinceId: 71, cityId: 0, manufacturerId: 'SW', model: 'OBU', terminalId: 'T1', plateColor: 1, plate: 'KEA-1234' } });
      assert.equal((await t.next()).message.header.msgId, 0x8100);
    }
  } finally {
    await first.close();
    await second.close();
    await server.close();
  }
  const noisy = logs.filter((l) => l.msg === 'jt808: bad frame' || l.msg === 'jt808: text sentence');
  assert.equal(noisy.length, 5, 'both connections come from 127.0.0.1 and share its budget');
  const summaries = logs.filter((l) => l.msg === NOISE_SUMMARY);
  assert.deepEqual(summaries.map((s) => s.extra), [{ address: '127.0.0.1', suppressed: 295, intervalMs: 60_000 }]);
  assert.ok(logs.some((l) => l.msg === 'jt808: terminal connected'), 'other lines pass unchanged');
});

test('every line the limit applies to is one the gateway writes', async () => {
  const dir = new URL('../../../src/gateways/jt808/', import.meta.url);
  const sources = (await Promise.all(['handlers.ts', 'connection.ts', 'server.ts'].map((f) => readFile(new URL(f, dir), 'utf8')))).join('\n');
  for (const msg of UNSOLICITED) assert.ok(sources.includes(`log('${msg}'`), `${msg} is written somewhere`);
});
