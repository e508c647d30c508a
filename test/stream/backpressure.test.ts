// /stream backpressure: a subscriber that does not read must cost a bounded amount of memory and,
// once it reads again, get every alert and the latest position of each vehicle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { MonitorEvent } from '../../src/monitor/records.ts';
import { StreamHub } from '../../src/stream/hub.ts';
import type { StreamClient } from '../../src/stream/client.ts';
import { eventually } from '../monitor/harness.ts';

const PAD = 'x'.repeat(10_000);
const VEHICLES = 5;

function position(i: number): MonitorEvent {
  const plate = `KNA${6000 + (i % VEHICLES)}`;
  return {
    type: 'position',
    at: new Date().toISOString(),
    data: { tripId: null, plate, deviceId: `OBU${i % VEHICLES}`, ts: `#${i}`, lat: 22.6, lon: 120.3, pad: PAD } as any,
    audience: [],
  };
}

function alert(i: number, detail: Record<string, unknown> = {}): MonitorEvent {
  return {
    type: 'alert',
    at: new Date().toISOString(),
    data: { alertId: `A${i}`, alertType: 'seal_tamper', severity: 'critical', tripId: null, cnNos: [], plate: 'KNA6000', lat: null, lon: null, detail, openedAt: '', status: 'open' },
    audience: [],
  };
}

describe('stream backpressure', () => {
  let wss: WebSocketServer;
  let url: string;
  const attached: StreamClient[] = [];
  let hub: StreamHub;

  before(async () => {
    hub = new StreamHub({ highWaterBytes: 256 * 1024, lowWaterBytes: 64 * 1024, maxPending: 200, drainCheckMs: 5 });
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    wss.on('connection', (socket) => attached.push(hub.attach(socket, { all: true, companyUbn: '' })));
  });
  after(() => new Promise<void>((r) => wss.close(() => r())));

  async function pausedClient() {
    const ws = new WebSocket(url);
    const received: any[] = [];
    ws.on('message', (m) => received.push(JSON.parse(m.toString())));
    await new Promise<void>((r) => ws.once('open', () => r()));
    await eventually(() => attached.length > 0 && hub.size > 0, 2000, 'attached');
    // Stop reading: the kernel buffers fill, then the server's send buffer.
    (ws as any)._socket.pause();
    const server = attached.at(-1)!;
    return { ws, received, server };
  }

  it('coalesces positions per vehicle for a client that does not read, and keeps every alert', async () => {
    const { ws, received, server } = await pausedClient();
    let maxBuffered = 0;
    const total = 4000;
    for (let i = 0; i < total; i++) {
      hub.publish(i % 200 === 0 ? [position(i), alert(i / 200)] : [position(i)]);
      maxBuffered = Math.max(maxBuffered, server.socket.bufferedAmount);
      // Let the socket flush what the kernel takes, as a live server would between batches.
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    const sentBeforeResume = server.stats.sent;
    assert.ok(sentBeforeResume < total, `sent ${sentBeforeResume} of ${total}: the client was slow`);
    assert.ok(server.stats.coalesced > 0, 'positions were coalesced');
    assert.ok(server.pendingCount <= VEHICLES + total / 200, `pending ${server.pendingCount} is bounded`);
    // The send buffer stays near the high-water mark (plus what was in flight when it was crossed).
    assert.ok(maxBuffered < 256 * 1024 + 2 * PAD.length + 4096, `buffered at most ${maxBuffered} bytes`);
    (ws as any)._socket.resume();
    await eventually(() => server.pendingCount === 0 && received.filter((m) => m.type === 'alert').length === total / 200, 10_000, 'drained');
    await eventually(() => {
      const last = new Map<string, string>();
      for (const m of received) if (m.type === 'position') last.set(m.data.plate, m.data.ts);
      return [...last.values()].sort().join() === Array.from({ length: VEHICLES }, (_, v) => `#${total - VEHICLES + v}`).sort().join();
    }, 5000, 'the latest position of each vehicle');
    const alerts = received.filter((m) => m.type === 'alert').map((m) => m.data.alertId);
    assert.deepEqual(alerts, Array.from({ length: total / 200 }, (_, i) => `A${i}`), 'every alert, in order');
    assert.ok(received.length < total, `received ${received.length} < ${total} messages`);
    ws.close();
  });

  it('gives up on a client that falls further behind than the pending bound', async () => {
    const { ws, server } = await pausedClient();
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    for (let i = 0; i < 2000; i++) {
      hub.publish([alert(i, { pad: PAD })]);
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    assert.equal(server.pendingCount, 0);
    (ws as any)._socket.resume();
    assert.equal(await closed, 1013);
    assert.ok(hub.stats.givenUp >= 1);
  });
});
