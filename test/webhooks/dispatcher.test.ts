import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { verifySignature } from '../../src/webhooks/signature.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

/** The test receivers listen on loopback, which a real deployment refuses (destination.ts). */
const LOOPBACK = '127.0.0.0/8,::1/128';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on a free port answering the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe('webhook dispatcher', () => {
  let tdb: TestDb;
  const secret = 'whsec_dispatch_test';
  let clock = new Date();
  const now = () => clock;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  before(async () => {
    tdb = await testDb();
    await tdb.db.query(`insert into companies (ubn, name, roles) values ('04595252', 'Yard', '{yard}')`);
  });
  after(() => tdb.close());

  async function subscribe(url: string): Promise<string> {
    const id = `whs_${Math.random().toString(36).slice(2)}`;
    await tdb.db.query(
      `insert into webhook_subscriptions (id, company_ubn, url, events, secret, created_by) values ($1,'04595252',$2,$3,$4,'test')`,
      [id, url, ['transportNote.incoming'], secret],
    );
    return id;
  }
  async function enqueue(subscription: string, deliveryId: string): Promise<void> {
    await tdb.db.query(`insert into webhook_deliveries (id, subscription, event, payload) values ($1,$2,'transportNote.incoming',$3)`, [
      deliveryId,
      subscription,
      JSON.stringify({ event: 'transportNote.incoming', data: { cnNo: 'CN00000001' } }),
    ]);
  }
  const row = async (id: string) => (await tdb.db.query('select * from webhook_deliveries where id = $1', [id]))[0];

  it('retries a failing receiver with backoff and records one success after the third attempt', async () => {
    const rx = await receiver([500, 503, 200]);
    try {
      await enqueue(await subscribe(rx.url), 'whd_retry');
      clock = new Date(Date.now() + 1000);
      const d = createWebhookDispatcher(tdb.db, { now, random: () => 0.5, allowedNetworks: LOOPBACK });

      assert.equal(await d.runOnce(), 1);
      let r = await row('whd_retry');
      assert.equal(r.attempts, 1);
      assert.equal(r.last_status, 500);
      assert.equal(r.delivered_at, null);
      assert.ok(new Date(r.next_attempt_at) > clock, 'the next attempt waits');
      assert.equal(await d.runOnce(), 0, 'nothing is due before the backoff has passed');

      advance(60 * 60 * 1000);
      assert.equal(await d.runOnce(), 1);
      assert.equal((await row('whd_retry')).attempts, 2);
      advance(60 * 60 * 1000);
      assert.equal(await d.runOnce(), 1);
      r = await row('whd_retry');
      assert.equal(r.attempts, 3);
      assert.ok(r.delivered_at, 'delivered');
      assert.equal(r.last_status, 200);
      assert.equal(r.last_error, null);
      const sentAt = Math.floor(clock.getTime() / 1000);
      advance(60 * 60 * 1000);
      assert.equal(await d.runOnce(), 0, 'a delivered event is not sent again');

      assert.equal(rx.received.length, 3);
      for (const got of rx.received) {
        assert.equal(got.headers['x-sealwatch-delivery'], 'whd_retry', 'the same idempotency key on every attempt');
        assert.equal(got.headers['x-sealwatch-event'], 'transportNote.incoming');
        assert.equal(got.headers['content-type'], 'application/json');
      }
      const last = rx.received[2];
      assert.equal(JSON.parse(last.body).data.cnNo, 'CN00000001');
      const sig = last.headers['x-sealwatch-signature'] as string;
      assert.equal(verifySignature(secret, sig, last.body, 300, sentAt), true);
      assert.equal(verifySignature(secret, sig, last.body + ' ', 300, sentAt), false);
    } finally {
      await rx.close();
    }
  });

  it('gives a delivery up after the last attempt, and records why', async () => {
    const rx = await receiver([500]);
    try {
      await enqueue(await subscribe(rx.url), 'whd_giveup');
      const d = createWebhookDispatcher(tdb.db, { now, backoff: { maxAttempts: 2 }, allowedNetworks: LOOPBACK });
      advance(1000);
      await d.runOnce();
      advance(60 * 60 * 1000);
      await d.runOnce();
      const r = await row('whd_giveup');
      assert.equal(r.attempts, 2);
      assert.ok(r.failed_at);
      assert.equal(r.last_error, 'HTTP 500');
      advance(60 * 60 * 1000);
      assert.equal(await d.runOnce(), 0);
    } finally {
      await rx.close();
    }
  });

  it('counts an unreachable receiver as a failed attempt', async () => {
    const rx = await receiver([200]);
    const url = rx.url;
    await rx.close();
    await enqueue(await subscribe(url), 'whd_down');
    advance(1000);
    await createWebhookDispatcher(tdb.db, { now, timeoutMs: 2000, allowedNetworks: LOOPBACK }).runOnce();
    const r = await row('whd_down');
    assert.equal(r.attempts, 1);
    assert.equal(r.delivered_at, null);
    assert.equal(r.last_status, null);
    assert.ok(r.last_error);
  });

  it('refuses a receiver on a private or loopback address, by IP or by a name resolving to one', async () => {
    const rx = await receiver([200]);
    try {
      const byName = rx.url.replace('127.0.0.1', 'localhost');
      await enqueue(await subscribe(rx.url), 'whd_loopback_ip');
      await enqueue(await subscribe(byName), 'whd_loopback_name');
      advance(1000);
      await createWebhookDispatcher(tdb.db, { now }).runOnce();
      for (const id of ['whd_loopback_ip', 'whd_loopback_name']) {
        const r = await row(id);
        assert.equal(r.delivered_at, null);
        assert.match(r.last_error, /^refused: .*(private, loopback or reserved)/, id);
      }
      assert.match((await row('whd_loopback_name')).last_error, /localhost resolves to/);
      assert.equal(rx.received.length, 0, 'nothing was sent');
    } finally {
      await rx.close();
    }
  });
});
