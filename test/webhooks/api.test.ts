import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { createWebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { verifySignature } from '../../src/webhooks/signature.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

// The test receivers listen on loopback, which a real deployment refuses (src/webhooks/destination.ts).
const LOOPBACK = '127.0.0.0/8';
import { CONTAINERS, YARD_A, YARD_B, YARD_C, note, seedRegistry } from '../transport-notes/fixtures.ts';

const HOOKS = '/api/v1/webhooks';
const NOTES = '/api/v1/transport-notes';

describe('webhooks: subscriptions and transport-note events', () => {
  let t: TestApp;
  let yardA: string;
  let yardB: string;
  let yardC: string;
  let customs: string;
  before(async () => {
    t = await testApp({ config: { webhooks: { allowedNetworks: LOOPBACK } } });
    await seedRegistry(t.tdb.db);
    yardA = await t.keyFor(YARD_A, ['yard_operator']);
    yardB = await t.keyFor(YARD_B, ['yard_operator']);
    yardC = await t.keyFor(YARD_C, ['yard_operator']);
    customs = await t.keyFor(CUSTOMS_UBN, ['customs_admin']);
  });
  after(() => t.close());

  const events = async (subscription: string) =>
    (await t.tdb.db.query('select event, payload from webhook_deliveries where subscription = $1 order by created_at, id', [subscription])).map(
      (r) => [r.event, r.payload.data.cnNo, r.payload.data.reason ?? null],
    );

  it('shows the secret once, stores it to sign, and keeps subscriptions to their company', async () => {
    const r = await t.request('POST', HOOKS, yardB, { url: 'https://yard-b.example/hooks', description: 'gate system' });
    assert.equal(r.statusCode, 201, r.body);
    assert.match(r.json().secret, /^whsec_/);
    assert.deepEqual(r.json().events, ['transportNote.incoming', 'transportNote.updated', 'transportNote.cancelled']);
    const [stored] = await t.tdb.db.query('select secret from webhook_subscriptions where id = $1', [r.json().id]);
    assert.equal(stored.secret, r.json().secret);
    const list = await t.request('GET', HOOKS, yardB);
    assert.ok(list.json().some((s: any) => s.id === r.json().id));
    assert.ok(list.json().every((s: any) => s.secret === undefined));
    assert.equal((await t.request('GET', `${HOOKS}/${r.json().id}`, yardB)).json().secret, undefined);
    assert.equal((await t.request('GET', `${HOOKS}/${r.json().id}`, yardC)).statusCode, 404);
    assert.deepEqual((await t.request('GET', HOOKS, yardC)).json(), []);

    assert.equal((await t.request('POST', HOOKS, yardB, { url: 'https://x.example', companyUbn: YARD_A })).statusCode, 403);
    const bad = await t.request('POST', HOOKS, yardB, { url: 'ftp://user:pw@x.example', facilities: ['CD198', 'NOPE1'] });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: any) => e.path), ['/body/url', '/body/facilities/0', '/body/facilities/1']);
    // The platform must not become a way into the customs network.
    for (const url of ['http://10.0.0.5/in', 'http://169.254.169.254/latest', 'http://[::ffff:192.168.1.1]/x', 'http://[fd00::1]/x']) {
      const inside = await t.request('POST', HOOKS, yardB, { url });
      assert.equal(inside.statusCode, 422, url);
      assert.equal(inside.json().errors[0].path, '/body/url');
      assert.match(inside.json().errors[0].message, /private, loopback or reserved/);
    }
  });

  it('writes deliveries with each note change: incoming, updated, cancelled, and a destination moved away', async () => {
    const b = (await t.request('POST', HOOKS, yardB, { url: 'https://yard-b.example/2' })).json().id;
    const c = (await t.request('POST', HOOKS, yardC, { url: 'https://yard-c.example/1' })).json().id;
    const bIncomingOnly = (await t.request('POST', HOOKS, yardB, { url: 'https://yard-b.example/3', events: ['transportNote.incoming'] })).json().id;
    const customsAtC = (await t.request('POST', HOOKS, customs, { url: 'https://customs.example/1', facilities: ['AT001'] })).json().id;

    const n = note();
    assert.equal((await t.request('POST', NOTES, yardA, n)).statusCode, 201);
    const [delivery] = await t.tdb.db.query('select payload from webhook_deliveries where subscription = $1', [b]);
    assert.equal(delivery.payload.event, 'transportNote.incoming');
    assert.equal(delivery.payload.data.note.plate, 'KNA6001');
    assert.equal(delivery.payload.data.version, 1);

    assert.equal((await t.request('POST', NOTES, yardA, { ...n, function: '5', plate: 'KLA6002' })).statusCode, 200);
    const moved = { ...n, function: '5', destination: 'AT001', routeCode: 'R-CD-AT-1' };
    assert.equal((await t.request('POST', NOTES, yardA, moved)).statusCode, 200);
    assert.equal((await t.request('POST', NOTES, yardA, { cnNo: n.cnNo, function: '1' })).statusCode, 200);

    assert.deepEqual(await events(b), [
      ['transportNote.incoming', n.cnNo, null],
      ['transportNote.updated', n.cnNo, null],
      ['transportNote.cancelled', n.cnNo, 'destinationChanged'],
    ]);
    assert.deepEqual(await events(bIncomingOnly), [['transportNote.incoming', n.cnNo, null]]);
    assert.deepEqual(await events(c), [
      ['transportNote.incoming', n.cnNo, null],
      ['transportNote.cancelled', n.cnNo, null],
    ]);
    assert.deepEqual(await events(customsAtC), await events(c));

    const listed = await t.request('GET', `${HOOKS}/${b}/deliveries`, yardB);
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.json().length, 3);
    assert.equal(listed.json()[0].attempts, 0);
  });

  it('delivers a note to the destination yard signed with its secret, end to end', async () => {
    const received: { headers: any; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
      const sub = (await t.request('POST', HOOKS, yardB, { url, facilities: ['BK001'] })).json();
      const n = note({ containers: [{ no: CONTAINERS[5], sealType: 'other', sealNos: [] }] });
      assert.equal((await t.request('POST', NOTES, yardA, n)).statusCode, 201);
      // Only this receiver exists: the other tests' subscriptions point nowhere.
      await t.tdb.db.query('update webhook_deliveries set failed_at = now() where subscription <> $1', [sub.id]);
      await createWebhookDispatcher(t.tdb.db, { allowedNetworks: LOOPBACK }).runOnce();
      const mine = received.filter((r) => JSON.parse(r.body).data.cnNo === n.cnNo);
      assert.equal(mine.length, 1);
      assert.equal(verifySignature(sub.secret, mine[0].headers['x-sealwatch-signature'], mine[0].body), true);
      const [row] = await t.tdb.db.query('select * from webhook_deliveries where id = $1', [mine[0].headers['x-sealwatch-delivery']]);
      assert.ok(row.delivered_at);
      assert.equal(row.attempts, 1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('deletes a subscription: no more deliveries, pending ones dropped', async () => {
    const id = (await t.request('POST', HOOKS, yardB, { url: 'https://yard-b.example/del' })).json().id;
    assert.equal((await t.request('POST', NOTES, yardA, note({ containers: [{ no: CONTAINERS[6], sealType: 'other', sealNos: [] }] }))).statusCode, 201);
    assert.equal((await t.request('DELETE', `${HOOKS}/${id}`, yardC)).statusCode, 404);
    assert.equal((await t.request('DELETE', `${HOOKS}/${id}`, yardB)).statusCode, 204);
    const rows = await t.tdb.db.query('select failed_at, last_error from webhook_deliveries where subscription = $1', [id]);
    assert.equal(rows.length, 1);
    assert.ok(rows[0].failed_at);
    assert.equal(rows[0].last_error, 'subscription deleted');
    assert.equal((await t.request('GET', `${HOOKS}/${id}`, yardB)).statusCode, 404);
    assert.equal((await t.request('POST', NOTES, yardA, note({ containers: [{ no: CONTAINERS[7], sealType: 'other', sealNos: [] }] }))).statusCode, 201);
    assert.equal((await t.tdb.db.query('select 1 from webhook_deliveries where subscription = $1', [id])).length, 1);
    const audit = await t.request('GET', `/api/v1/audit?resource=webhook&resourceId=${id}`, t.adminKey);
    assert.deepEqual(audit.json().map((a: any) => a.action), ['delete', 'create']);
  });
});
