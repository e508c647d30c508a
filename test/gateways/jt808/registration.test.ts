// Standard JT/T 808 registration through the platform (CONTRACT section 7): a terminal in the
// registry (its phone number, with or without leading zeros, as the device id) registers, gets a
// fresh auth code in 0x8100, authenticates with it and reports; its reports are stored under the
// registry's device id. With JT808_AUTH=secret it authenticates with its device secret instead.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newSecret, sha256 } from '../../../src/auth/secrets.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import { jt808Extension } from '../../../src/extensions.ts';
import { monitorExtension } from '../../../src/monitor/extension.ts';
import type { HeaderFields, Jt808BodyInput } from '../../../src/protocols/jt808/index.ts';
import { startServer, type RunningServer } from '../../../src/server.ts';
import { Jt808Terminal } from '../../../src/sim/transports/jt808-terminal.ts';
import { testDb, usingPostgres, type TestDb } from '../../helpers/db.ts';
import { Terminal } from './terminal.ts';

type Header = Omit<HeaderFields, 'msgId' | 'serial'>;

const REGISTER: Jt808BodyInput = {
  kind: 'register',
  register: { provinceId: 71, cityId: 0, manufacturerId: 'SW', model: 'OBU', terminalId: 'T1', plateColor: 1, plate: 'KEA-1234' },
};
const AUTH_CODE = /^[0-9a-f]{32}$/;

interface Platform {
  server: RunningServer;
  /** Registers a device through the REST API; returns its secret. */
  device(id: string): Promise<string>;
  connect(header: Header): Promise<Terminal>;
  /** Telemetry inputs stored for `deviceId`. */
  stored(deviceId: string): Promise<number>;
  close(): Promise<void>;
}

async function platform(jt808Auth?: Config['jt808Auth']): Promise<Platform> {
  const tdb: TestDb | null = usingPostgres ? await testDb() : null;
  const adminKey = newSecret('swk');
  const env = jt808Auth ? { JT808_AUTH: jt808Auth } : {};
  const config: Config = { ...loadConfig(env), checkResponses: true, dataDir: '', databaseUrl: tdb?.databaseUrl, httpPort: 0, httpHost: '127.0.0.1', jt808Port: 0, adminKey };
  const server = await startServer(config, { inMemory: true, logger: false, extensions: [monitorExtension(), jt808Extension()] });
  const terminals: Terminal[] = [];
  return {
    server,
    async device(id) {
      const r = await server.app.inject({
        method: 'POST',
        url: '/api/v1/devices',
        headers: { authorization: `Bearer ${adminKey}` },
        payload: { id, kind: 'obu' },
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().secret;
    },
    async connect(header) {
      const terminal = await Terminal.connect(server.ports.jt808, header);
      terminals.push(terminal);
      return terminal;
    },
    async stored(deviceId) {
      const [row] = await server.db.query(
        `select count(*)::int as n from engine_inputs where type = 'telemetry' and data->>'deviceId' = $1`,
        [deviceId],
      );
      return row.n;
    },
    async close() {
      for (const t of terminals) await t.close();
      await server.close();
      await tdb?.close();
    },
  };
}

/** Sends `body` and returns the result of the platform's answer to it (0x8100 or 0x8001). */
async function ask(terminal: Terminal, body: Jt808BodyInput): Promise<{ result: number; authCode?: string }> {
  const serial = terminal.send(body);
  const { message } = await terminal.next();
  if (message.body.kind === 'registerReply' || message.body.kind === 'platformReply') {
    assert.equal(message.body.reply.replySerial, serial, 'the answer is to the message just sent');
    return message.body.reply;
  }
  return assert.fail(`expected a reply, got ${message.body.kind}`);
}

const auth = (authCode: string): Jt808BodyInput => ({ kind: 'auth', auth: { authCode, imei: '866496077582164', softwareVersion: 'V1' } });
const location = (lon: number): Jt808BodyInput => ({
  kind: 'location',
  location: { statusFlags: 0b11, lat: 22.6, lon, speedKmh: 40, heading: 90, time: new Date().toISOString() },
});

describe('JT/T 808 registration (default: JT808_AUTH=registration)', () => {
  let p: Platform;
  before(async () => {
    p = await platform();
  });
  after(() => p.close());

  const cases: { name: string; deviceId: string; header: Header }[] = [
    { name: '2013 header, registry id with the leading zero', deviceId: '013912345678', header: { phone: '13912345678' } },
    { name: '2013 header, registry id without leading zeros', deviceId: '13800138000', header: { phone: '013800138000' } },
    {
      name: '2019 header (10-byte number), registry id without leading zeros',
      deviceId: '866496077582164',
      header: { phone: '866496077582164', version: 2019, protocolVersion: 1 },
    },
    {
      name: '2019 header (10-byte number), registry id with a leading zero',
      deviceId: '013700137000',
      header: { phone: '13700137000', version: 2019, protocolVersion: 1 },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: register, authenticate with the code, report; stored under the registry id`, async () => {
      await p.device(c.deviceId);
      const terminal = await p.connect(c.header);
      const registered = await ask(terminal, REGISTER);
      assert.equal(registered.result, 0);
      assert.match(registered.authCode!, AUTH_CODE);
      assert.equal((await ask(terminal, auth(registered.authCode!))).result, 0);
      assert.equal((await ask(terminal, location(120.3))).result, 0);
      assert.equal(await p.stored(c.deviceId), 1, 'the acknowledged report is stored under the registry id');
    });
  }

  it('keeps only a hash of the code', async () => {
    await p.device('0912000001');
    const terminal = await p.connect({ phone: '912000001' });
    const { authCode } = await ask(terminal, REGISTER);
    const rows = await p.server.db.query('select code_hash from jt808_auth_codes where device_id = $1', ['0912000001']);
    assert.deepEqual(rows, [{ code_hash: sha256(authCode!) }]);
  });

  it('refuses a wrong code: no session, reports refused and not stored', async () => {
    await p.device('13600136000');
    const terminal = await p.connect({ phone: '13600136000' });
    const { authCode } = await ask(terminal, REGISTER);
    assert.equal((await ask(terminal, auth(authCode!.replace(/.$/, (x) => (x === '0' ? '1' : '0'))))).result, 1);
    assert.equal((await ask(terminal, auth('13600136000'))).result, 1, 'the number itself is not the code');
    assert.equal((await ask(terminal, location(120.4))).result, 1, 'no session after a failed authentication');
    assert.equal(await p.stored('13600136000'), 0);
  });

  it('refuses authentication before any registration', async () => {
    await p.device('13500135000');
    const terminal = await p.connect({ phone: '13500135000', version: 2019, protocolVersion: 1 });
    assert.equal((await ask(terminal, auth(''))).result, 1);
    assert.equal((await ask(terminal, auth('00000000000000000000000000000000'))).result, 1);
  });

  it('answers an unknown terminal 0x8100 result 4 (no such terminal), in both header versions', async () => {
    for (const header of [{ phone: '13100131000' }, { phone: '13100131000', version: 2019 as const, protocolVersion: 1 }]) {
      const terminal = await p.connect(header);
      const refused = await ask(terminal, REGISTER);
      assert.equal(refused.result, 4);
      assert.equal(refused.authCode, undefined);
      assert.equal((await ask(terminal, auth(''))).result, 1);
    }
  });

  it('issues a new code at each registration; the old one stops working', async () => {
    await p.device('013300133000');
    const first = await p.connect({ phone: '13300133000' });
    const old = (await ask(first, REGISTER)).authCode!;
    assert.equal((await ask(first, auth(old))).result, 0);
    const again = await p.connect({ phone: '013300133000', version: 2019, protocolVersion: 1 });
    const renewed = (await ask(again, REGISTER)).authCode!;
    assert.match(renewed, AUTH_CODE);
    assert.notEqual(renewed, old);
    assert.equal((await ask(again, auth(old))).result, 1, 'the previous code is no longer valid');
    assert.equal((await ask(again, auth(renewed))).result, 0);
    assert.equal((await ask(again, location(120.5))).result, 0);
    assert.equal(await p.stored('013300133000'), 1);
  });

  it('never lets two devices share a terminal number', async () => {
    await p.device('13200132000');
    const twin = await p.server.app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: { authorization: `Bearer ${p.server.ctx.config.adminKey}` },
      payload: { id: '0013200132000', kind: 'obu' },
    });
    assert.equal(twin.statusCode, 409);
    assert.match(twin.json().detail, /13200132000 has the same JT\/T 808 terminal number as 0013200132000/);
    // Two such devices from before the rule: the number is refused rather than guessed.
    await p.server.db.query(`insert into devices (id, kind, body) values ('013200132000', 'obu', '{"id":"013200132000","kind":"obu"}')`);
    const terminal = await p.connect({ phone: '13200132000' });
    assert.equal((await ask(terminal, REGISTER)).result, 4);
  });

  it('the simulator terminal registers and authenticates with the code it is given', async () => {
    const secret = await p.device('190000000042');
    const sim = new Jt808Terminal('127.0.0.1', p.server.ports.jt808, '190000000042', 'KEA-0042', () => secret);
    try {
      await sim.send([{ deviceId: '190000000042', ts: new Date().toISOString(), lat: 22.6, lon: 120.3 }]);
    } finally {
      sim.close();
    }
    assert.equal(await p.stored('190000000042'), 1);
  });
});

describe('JT/T 808 with JT808_AUTH=secret', () => {
  let p: Platform;
  before(async () => {
    p = await platform('secret');
  });
  after(() => p.close());

  it('hands out no code and admits the terminal with its device secret, 2013 and 2019', async () => {
    for (const [deviceId, header] of [
      ['013912345678', { phone: '13912345678' }],
      ['866496077582164', { phone: '866496077582164', version: 2019 as const, protocolVersion: 1 }],
    ] as const) {
      const secret = await p.device(deviceId);
      const terminal = await p.connect(header);
      const registered = await ask(terminal, REGISTER);
      assert.equal(registered.result, 0);
      assert.equal(registered.authCode, '', 'a registration proves nothing, so it hands out nothing');
      assert.equal((await ask(terminal, auth(''))).result, 1);
      assert.equal((await ask(terminal, auth(deviceId))).result, 1, 'the number is not a credential');
      assert.equal((await ask(terminal, auth(secret))).result, 0);
      assert.equal((await ask(terminal, location(120.3))).result, 0);
      assert.equal(await p.stored(deviceId), 1);
    }
    const unknown = await p.connect({ phone: '13100131000' });
    assert.equal((await ask(unknown, REGISTER)).result, 4);
  });

  it('the simulator terminal falls back to its provisioned secret', async () => {
    const secret = await p.device('190000000043');
    const sim = new Jt808Terminal('127.0.0.1', p.server.ports.jt808, '190000000043', 'KEA-0043', () => secret);
    try {
      await sim.send([{ deviceId: '190000000043', ts: new Date().toISOString(), lat: 22.6, lon: 120.3 }]);
    } finally {
      sim.close();
    }
    assert.equal(await p.stored('190000000043'), 1);
  });
});
