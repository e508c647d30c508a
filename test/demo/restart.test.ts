// The demo started a second time on the same data: the previous run's trucks are wound up without
// an alert storm (no critical alert at all: the fleet here has no incidents of its own), the keys
// are issued afresh with the printed customs-admin key distinct from the simulator's, and the
// welcome text names the addresses, the logins (the driver's ID and plate) and the keys.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startDemo, DEMO_DRIVER_ID, type DemoHandle } from '../../src/demo/demo.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { sha256 } from '../../src/auth/secrets.ts';

const env = { CHECK_RESPONSES: '1', PORT: '0', MQTT_PORT: '0', JT808_PORT: '0', DEMO_TRUCKS: '2', DEMO_INCIDENTS_PER_HOUR: '0', HOST: '127.0.0.1' };

async function start(dataDir: string): Promise<{ server: RunningServer; demo: DemoHandle; printed: string }> {
  const server = await startServer(loadConfig({ ...env, DATA_DIR: dataDir }), { logger: false });
  let printed = '';
  const demo = await startDemo(server, { risk: false, print: (t) => (printed += t) });
  await demo.live;
  return { server, demo, printed };
}

async function stop(s: { server: RunningServer; demo: DemoHandle }): Promise<void> {
  await s.demo.close();
  await s.server.close();
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('demo restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sealwatch-demo-'));
  let second: { server: RunningServer; demo: DemoHandle; printed: string };
  let restartedAt: Date;

  before(async () => {
    const first = await start(dir);
    // Trucks on the road when the demo stops: the second start finds their trips open.
    await until('a trip in transit', async () => {
      const [r] = await first.server.db.query(`select count(*)::int as n from trips where state = 'in_transit'`);
      return r.n > 0 ? true : undefined;
    });
    await stop(first);
    restartedAt = new Date();
    second = await start(dir);
  });
  after(async () => {
    if (second) await stop(second);
    rmSync(dir, { recursive: true, force: true });
  });

  it('winds up the previous trips without a critical alert', async () => {
    const db = second.server.db;
    const open = await db.query(
      `select trip_id, state from trips where created_at < $1 and state not in ('closed', 'cancelled')`,
      [restartedAt],
    );
    // An in-transit trip may still be waiting for its last seal report to pass through the engine.
    await until('the previous trips wound up', async () => {
      const rows = await db.query(`select count(*)::int as n from trips where created_at < $1 and state not in ('closed', 'cancelled')`, [restartedAt]);
      return rows[0].n === 0 ? true : undefined;
    }).catch(() => assert.fail(`previous trips left open: ${JSON.stringify(open)}`));
    const critical = await db.query(`select alert_id, alert_type from alerts where severity = 'critical'`);
    assert.deepEqual(critical, []);
  });

  it('prints a readable welcome with the driver login and a customs-admin key that is not the simulator\'s', async () => {
    const text = second.printed;
    assert.match(text, /Monitoring centre\s+http:\/\/localhost:\d+\//);
    assert.match(text, new RegExp(`demo-driver\\s+driver \\(ID ${DEMO_DRIVER_ID}, plate [A-Z]{3}\\d{4}\\)`));
    const keys = await second.server.db.query<{ name: string; roles: string[]; key_hash: string }>(
      `select name, roles, key_hash from api_keys where revoked_at is null and name like 'demo%' order by name`,
    );
    const admin = keys.find((k) => k.key_hash === sha256(second.demo.adminKey));
    assert.ok(admin, 'the printed key is a live key');
    assert.deepEqual(admin.roles, ['customs_admin']);
    assert.ok(text.includes(second.demo.adminKey));
    const simulator = keys.find((k) => k.name === 'demo simulator: customs lanes');
    assert.ok(simulator && simulator.key_hash !== admin.key_hash);
    assert.deepEqual(simulator.roles, ['customs_officer']);
    // The logins are a table: every role starts in the same column.
    const logins = text.split('\n').filter((l) => /^ {2}demo-\S+ +\S/.test(l));
    assert.equal(logins.length, 9);
    assert.equal(new Set(logins.map((l) => l.search(/(?<=demo-\S+ +)\S/))).size, 1, logins.join('\n'));
  });
});
