// The external-broker client acknowledges a report only once it is stored, without waiting for one
// store before reading the next message: a store that fails leaves the message unacknowledged and
// the broker redelivers it. Runs against a bare Aedes broker and, with TEST_MQTT_URL, Mosquitto.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import type { EngineInputSink } from '../../../src/api/context.ts';
import type { EngineInput } from '../../../src/core/types.ts';
import { connectExternalBroker } from '../../../src/gateways/mqtt/external-client.ts';
import { telemetryTopic } from '../../../src/gateways/mqtt/topics.ts';
import { eventually } from '../../monitor/harness.ts';

/** Stores slowly, fails on request, and records what it stored and how many stores overlapped. */
class SlowSink implements EngineInputSink {
  readonly stored = new Set<string>();
  failNext = 0;
  failed = 0;
  pending = 0;
  maxPending = 0;
  async submit(inputs: EngineInput[]): Promise<void> {
    this.pending++;
    this.maxPending = Math.max(this.maxPending, this.pending);
    try {
      await new Promise((r) => setTimeout(r, 15));
      if (this.failNext > 0) {
        this.failNext--;
        this.failed++;
        throw new Error('store unavailable');
      }
      for (const i of inputs) if (i.type === 'telemetry') this.stored.add(i.data.ts);
    } finally {
      this.pending--;
    }
  }
}

// Within the window of report times the gateway accepts (an hour ago, one a second).
const T0 = Date.now() - 3_600_000;
const report = (i: number) => ({ ts: new Date(T0 + i * 1000).toISOString(), lat: 22.6, lon: 120.3, speedKmh: 40 });

async function exercise(url: string, ingestClients: number): Promise<void> {
  const sink = new SlowSink();
  const run = randomBytes(3).toString('hex');
  const gateway = await connectExternalBroker({ url, sink: () => sink, log: () => undefined, clientId: `sw-acks-${run}`, ingestClients });
  const device = mqtt.connect(url, { clientId: `dev-${run}` });
  try {
    await new Promise((r) => device.once('connect', r));
    const n = 200;
    sink.failNext = 3;
    await Promise.all(Array.from({ length: n }, (_, i) => device.publishAsync(telemetryTopic(`DEV${run}`), JSON.stringify(report(i)), { qos: 1 })));
    await eventually(() => sink.stored.size === n, 20_000, `all ${n} reports stored (have ${sink.stored.size})`);
    assert.equal(sink.failed, 3, 'the failed stores were retried through redelivery');
    assert.ok(sink.maxPending > 1, `messages are read while earlier ones are stored (max ${sink.maxPending} at once)`);
  } finally {
    await device.endAsync();
    await gateway.close();
  }
}

describe('external broker: acknowledgement after store, pipelined', () => {
  let broker: Aedes;
  let server: Server;
  let url: string;
  before(async () => {
    broker = await Aedes.createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise((r) => server.close(r));
  });

  it('redelivers what failed to store and loses nothing (Aedes, one connection)', () => exercise(url, 1));

  it('does the same on Mosquitto with shared subscriptions', { skip: !process.env.TEST_MQTT_URL && 'TEST_MQTT_URL is not set' }, () =>
    exercise(process.env.TEST_MQTT_URL!, 4),
  );
});
