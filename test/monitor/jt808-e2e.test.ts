// JT/T 808 through the whole server: a terminal (the OBU) reports its positions over TCP, the seals
// report over HTTP; the trip leaves, arrives, and the unlock for each seal goes down to the OBU the
// seals are paired with (0x8900 seal command), since the seals themselves are not connected.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Terminal, type Received } from '../gateways/jt808/terminal.ts';
import { basic, eventually, registerTrip, registerWorld, startHarness, type Harness } from './harness.ts';
import { tripFixture, type TripFixture } from './scenario.ts';

const PHONE = '13800138000';

const resultOf = (body: { kind: string; reply?: { result?: number } }) => (body.kind === 'platformReply' || body.kind === 'registerReply' ? body.reply?.result : undefined);

describe('JT/T 808 end to end', () => {
  let h: Harness;
  let t: TripFixture;
  let secrets: Record<string, string>;
  before(async () => {
    h = await startHarness();
    await registerWorld(h);
    t = { ...tripFixture(1, 'J'), obu: PHONE };
    secrets = await registerTrip(h, t);
  });
  after(() => h.close());
  const register = () => ({
    kind: 'register' as const,
    register: { provinceId: 0, cityId: 0, manufacturerId: 'SW', model: 'T1', terminalId: '0000001', plateColor: 2, plate: t.plate },
  });

  it('stores terminal reports before replying, and sends the unlock through the OBU', async () => {
    const terminal = await Terminal.connect(h.server.ports.jt808, { phone: PHONE });
    // As a standard terminal does: register, then authenticate with the code the platform handed out.
    terminal.send(register());
    const registered = (await terminal.next()).message.body;
    assert.equal(resultOf(registered), 0);
    terminal.send({ kind: 'auth', auth: { authCode: registered.kind === 'registerReply' ? registered.reply.authCode! : '' } });
    assert.deepEqual(resultOf((await terminal.next()).message.body), 0);
    for (const seal of t.seals) {
      const r = await h.request('POST', '/telemetry', { ts: new Date().toISOString(), state: 'locked' }, basic(seal, secrets[seal]));
      assert.equal(r.status, 202);
    }
    const start = Date.now() - 15 * 60_000;
    const commands: Received[] = [];
    for (let i = 0; i <= 10; i++) {
      terminal.send({
        kind: 'location',
        location: { statusFlags: 0b11, lat: 22.6, lon: 120.3 + i * 0.01, speedKmh: 40, heading: 90, time: new Date(start + i * 60_000).toISOString() },
      });
      // The reply comes once the report is stored; a seal command may come before it.
      for (;;) {
        const m = await terminal.next();
        if (m.message.body.kind === 'platformReply') break;
        commands.push(m);
      }
      const [n] = await h.server.db.query(`select count(*)::int as n from engine_inputs where type = 'telemetry' and data->>'deviceId' = $1`, [PHONE]);
      assert.equal(n.n, i + 1, 'a replied report is stored');
    }
    await eventually(async () => (await h.request('GET', '/trips')).body[0]?.state === 'arrived', 5000, 'arrived');
    while (commands.length < 2) commands.push(await terminal.next());
    const sent = commands.map((c) => (c.message.body.kind === 'sealCommand' ? c.message.body.command : null));
    assert.deepEqual(sent.map((c) => c?.sealId).sort(), [...t.seals].sort());
    assert.ok(sent.every((c) => c?.command === 'unlock' && c.tripId));
    // The result is recorded just after the command went out.
    await eventually(async () => {
      const rows = await h.server.db.query('select status, channel from commands');
      return rows.length === 2 && rows.every((r) => r.status === 'sent' && r.channel === `jt808:${PHONE}`);
    }, 5000, 'commands recorded as sent through the OBU');
    // The trip view shows where each seal's unlock went.
    const tripId = (await h.request('GET', '/trips')).body[0].tripId;
    const detail = (await h.request('GET', `/trips/${tripId}`)).body;
    assert.deepEqual(
      detail.commands.map((c: any) => [c.deviceId, c.command, c.status, c.channel, c.attempts]).sort(),
      t.seals.map((s) => [s, 'unlock', 'sent', `jt808:${PHONE}`, 1]).sort(),
    );
    await terminal.close();
  });

  it('takes only registered terminals, and only with the code their registration handed out', async () => {
    const stranger = await Terminal.connect(h.server.ports.jt808, { phone: '13900139000' });
    const known = await Terminal.connect(h.server.ports.jt808, { phone: PHONE });
    try {
      stranger.send(register());
      assert.equal(resultOf((await stranger.next()).message.body), 4, 'an unknown terminal is refused at registration');
      known.send(register());
      const reply = (await known.next()).message.body;
      assert.equal(resultOf(reply), 0);
      assert.match(reply.kind === 'registerReply' ? reply.reply.authCode ?? '' : '', /^[0-9a-f]{32}$/, 'the registration reply hands out a fresh code');
      known.send({ kind: 'auth', auth: { authCode: PHONE } });
      assert.equal(resultOf((await known.next()).message.body), 1, 'the number itself is not a credential');
      known.send({ kind: 'auth', auth: { authCode: secrets[PHONE] } });
      assert.equal(resultOf((await known.next()).message.body), 1, 'nor, by default, the device secret');
      known.send({ kind: 'location', location: { statusFlags: 0b11, lat: 22.6, lon: 120.5, speedKmh: 40, heading: 90, time: new Date().toISOString() } });
      assert.equal(resultOf((await known.next()).message.body), 1, 'a report before authentication is refused');
    } finally {
      await stranger.close();
      await known.close();
    }
  });
});
