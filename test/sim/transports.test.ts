// The live transports against real local listeners: the JT/T 808 gateway (register, auth, 0x0200,
// 0x0704) and an MQTT broker checking per-device credentials.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { Aedes } from 'aedes';
import type { Telemetry } from '../../src/core/types.ts';
import { startJt808Server } from '../../src/gateways/jt808/server.ts';
import { obuIdFor } from '../../src/sim/ids.ts';
import { Jt808Terminal } from '../../src/sim/transports/jt808-terminal.ts';
import { MqttDevices, telemetryTopic } from '../../src/sim/transports/mqtt-devices.ts';
import { TimeMap, paced, type Clock } from '../../src/sim/transports/pacing.ts';

// Reports from the last minute: the gateway refuses times far from the time it receives them.
const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
const report = (i: number, deviceId: string): Telemetry => ({
  deviceId,
  ts: new Date(base + i * 10_000).toISOString(),
  lat: 22.6 + i * 0.0001,
  lon: 120.3 + i * 0.0001,
  speedKmh: 42.5,
  heading: 90,
  battery: 88,
});

test('JT/T 808: a terminal registers, authenticates, reports singly and in a batch', async () => {
  const received: Telemetry[] = [];
  const server = await startJt808Server({ port: 0, host: '127.0.0.1', onTelemetry: async (t) => void received.push(...t) });
  const phone = obuIdFor(41);
  const terminal = new Jt808Terminal('127.0.0.1', server.port, phone, 'KNA6042');
  try {
    await terminal.send([report(0, phone)]);
    await terminal.send([1, 2, 3].map((i) => report(i, phone)));
    assert.equal(received.length, 4);
    for (const [i, t] of received.entries()) {
      assert.equal(t.deviceId, phone, 'the device id is the phone number');
      assert.equal(t.ts, report(i, phone).ts);
      assert.ok(Math.abs(t.lat! - report(i, phone).lat!) < 1e-6);
      assert.ok(Math.abs(t.lon! - report(i, phone).lon!) < 1e-6);
      assert.equal(t.speedKmh, 42.5);
      assert.equal(t.battery, 88);
    }
  } finally {
    terminal.close();
    await server.close();
  }
});

test('MQTT: each device connects with its own credentials and publishes with QoS 1', async () => {
  const secrets = new Map([['190000000001', 'secret-1'], ['TS00000011', 'secret-2']]);
  const broker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => done(null, !!username && secrets.get(username) === password?.toString()),
  });
  const got: { topic: string; body: unknown }[] = [];
  broker.on('publish', (packet, client) => {
    if (client) got.push({ topic: packet.topic, body: JSON.parse(packet.payload.toString()) });
  });
  const server = createServer(broker.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const devices = new MqttDevices(`mqtt://127.0.0.1:${port}`);
  try {
    await devices.send('190000000001', 'secret-1', [report(0, '190000000001')]);
    await devices.send('190000000001', 'secret-1', [report(1, '190000000001'), report(2, '190000000001')]);
    await devices.send('TS00000011', 'secret-2', [{ deviceId: 'TS00000011', ts: report(0, 'x').ts, state: 'locked' }]);
    await assert.rejects(devices.send('TS00000012', 'wrong', [{ deviceId: 'TS00000012', ts: report(0, 'x').ts, state: 'locked' }]));
    assert.equal(devices.connections, 2);
    assert.deepEqual(got.map((g) => g.topic), [telemetryTopic('190000000001'), telemetryTopic('190000000001'), telemetryTopic('TS00000011')]);
    assert.ok(Array.isArray(got[1].body) && got[1].body.length === 2, 'a batch is one array');
  } finally {
    await devices.close();
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('pacing releases items at their mapped wall time, and restamps device times', async () => {
  let now = 1_000_000;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  const sim0 = Date.parse('2025-03-03T00:00:00Z');
  const map = new TimeMap(sim0, now, 10);
  const items = [0, 10_000, 10_000, 60_000].map((d) => sim0 + d);
  const out: number[] = [];
  for await (const _ of paced(items, (x) => x, map, clock)) out.push(now);
  assert.deepEqual(out, [1_000_000, 1_001_000, 1_001_000, 1_006_000]);
  assert.deepEqual(slept, [1000, 5000]);
  assert.equal(map.restamp('2025-03-03T00:01:00.000Z'), new Date(1_006_000).toISOString());
});
