// Each part logs through a child of the platform's logger naming it, and errors are logged as
// `{ err }`, so the line carries the error's stack.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { EngineInput } from '../../src/core/types.ts';
import { jt808Extension } from '../../src/extensions.ts';
import { gatewayLog } from '../../src/gateways/mqtt/extension.ts';
import { TelemetryIngest } from '../../src/gateways/mqtt/ingest.ts';
import { componentLog } from '../../src/ops/log.ts';
import type { AppContext } from '../../src/platform.ts';
import { encodeMessage } from '../../src/protocols/jt808/index.ts';
import { RecordingSink } from '../helpers/app.ts';
import { testDb, type TestDb } from '../helpers/db.ts';
import { Terminal } from '../gateways/jt808/terminal.ts';

interface Line {
  level: number;
  msg: string;
  component?: string;
  err?: { type: string; message: string; stack: string };
  [k: string]: unknown;
}

describe('logs: one child logger per component, errors with their stack', () => {
  let tdb: TestDb;
  let app: FastifyInstance;
  let ctx: AppContext;
  const lines: string[] = [];
  const logged = (msg: string): Line[] => lines.map((l) => JSON.parse(l) as Line).filter((l) => l.msg === msg);
  // Made before the API (and so the platform's logger) exists, as the monitor's is.
  let early: ReturnType<typeof componentLog>;

  before(async () => {
    tdb = await testDb();
    const config = { ...loadConfig({}), dataDir: '', jt808Port: 0, httpHost: '127.0.0.1' };
    ctx = { db: tdb.db, config, inputs: new RecordingSink(), services: {} };
    early = componentLog(ctx, 'monitor');
    app = await buildApp(ctx, { logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await tdb.close();
  });

  it('an MQTT store failure is logged by the mqtt component with the error stack', async () => {
    const failing = () => ({
      async submit(_inputs: EngineInput[]) {
        throw new Error('the input log is not writable');
      },
    });
    const ingest = new TelemetryIngest(failing, gatewayLog(ctx));
    const report = { ts: new Date().toISOString(), lat: 22.6, lon: 120.3, speedKmh: 40 };
    await assert.rejects(ingest.handle('OBU-LOG-1', JSON.stringify(report)), /not writable/);

    const [line] = logged('mqtt: telemetry could not be stored; not acknowledged');
    assert.ok(line, 'the failure is logged');
    assert.equal(line.component, 'mqtt');
    assert.equal(line.level, 50);
    assert.equal(line.deviceId, 'OBU-LOG-1');
    assert.equal(line.err?.message, 'the input log is not writable');
    assert.match(line.err?.stack ?? '', /^Error: the input log is not writable\n\s+at /);
  });

  it('a part made before the logger existed logs under its component once it does', () => {
    early.error({ err: new TypeError('rebuild went wrong') }, 'monitor: test line');
    const [line] = logged('monitor: test line');
    assert.equal(line.component, 'monitor');
    assert.equal(line.err?.type, 'TypeError');
    assert.match(line.err?.stack ?? '', /TypeError: rebuild went wrong\n\s+at /);
  });

  it('refused device credentials at the HTTP gateway are logged by its component', async () => {
    const auth = `Basic ${Buffer.from('OBU-LOG-2:not-the-secret').toString('base64')}`;
    const r = await app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: auth }, payload: [] });
    assert.equal(r.statusCode, 401);
    const [line] = logged('http: device credentials refused');
    assert.ok(line, 'the refusal is logged');
    assert.equal(line.component, 'http-telemetry');
    assert.equal(line.deviceId, 'OBU-LOG-2');
    assert.ok(!lines.join('').includes('not-the-secret'), 'the secret is not logged');
  });

  it('the JT/T 808 gateway logs under its component', { timeout: 10_000 }, async () => {
    const ext = jt808Extension();
    const ports: Record<string, number> = {};
    await ext.afterListen!(ctx, app, ports);
    const header = { phone: '13800138077' };
    const terminal = await Terminal.connect(ports.jt808, header);
    try {
      const bad = Buffer.from(encodeMessage({ ...header, serial: 1 }, { kind: 'heartbeat' }));
      bad[bad.length - 2] ^= 0x01; // a wrong check code
      terminal.write(bad);
      // Frames are handled in order: once the registration is answered, the bad frame was seen.
      terminal.send({ kind: 'register', register: { provinceId: 71, cityId: 0, manufacturerId: 'SW', model: 'OBU', terminalId: 'T1', plateColor: 1, plate: 'KEA-1234' } });
      await terminal.next();
    } finally {
      await terminal.close();
      await ext.close!();
    }
    const [line] = logged('jt808: bad frame');
    assert.ok(line, 'the bad frame is logged');
    assert.equal(line.component, 'jt808');
  });
});
