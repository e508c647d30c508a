// The configuration is read from the environment once, in src/config.ts: defaults, every variable
// parsed, bad values refused at start naming the variable, and no other part of the platform
// reading the environment behind its back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { DEFAULT_REPORT_TIME_WINDOW } from '../src/monitor/telemetry-check.ts';

const SRC = resolve(fileURLToPath(new URL('../src', import.meta.url)));

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.dataDir, resolve('./data'));
    assert.equal(c.mqttUrl, undefined);
    assert.equal(c.mqttPort, 1883);
    assert.equal(c.httpPort, 8080);
    assert.equal(c.httpHost, '0.0.0.0');
    assert.equal(c.jt808Port, 6808);
    assert.equal(c.jt808Auth, 'registration');
    assert.equal(c.adminKey, undefined);
    assert.deepEqual(c.reportTimeWindow, DEFAULT_REPORT_TIME_WINDOW);
    assert.equal(c.trustProxy, false);
    assert.equal(c.checkResponses, false);
    assert.deepEqual(c.mqtt, { clientId: 'sealwatch-platform', ingestClients: 32 });
    assert.deepEqual(c.web, { mapStyleUrl: undefined, ackTargetSeconds: 180 });
    assert.deepEqual(c.webhooks, { allowedNetworks: undefined });
    assert.deepEqual(c.log, { level: 'info' });
    assert.deepEqual(c.demo, { trucks: 200, incidentsPerHour: 4 });
    assert.deepEqual(c.field, {
      tokenTtlSeconds: 900, keySecret: undefined, monitoringPhone: undefined, photoStore: 'fs', photoMaxBytes: 8 * 1024 * 1024, s3: undefined,
    });
  });

  it('parses every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://sw@db:5432/sealwatch',
      DATA_DIR: '/var/lib/sealwatch',
      MQTT_URL: 'mqtts://broker.example:8883',
      MQTT_PORT: '1884',
      MQTT_CLIENT_ID: 'sealwatch-staging',
      MQTT_INGEST_CLIENTS: '4',
      PORT: '0',
      HOST: '127.0.0.1',
      JT808_PORT: '7808',
      JT808_AUTH: 'secret',
      REPORT_MAX_AGE_SECONDS: '3600',
      REPORT_MAX_AHEAD_SECONDS: '60',
      SEALWATCH_ADMIN_KEY: '0123456789abcdef',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      CHECK_RESPONSES: '1',
      ACK_TARGET_SECONDS: '300',
      MAP_STYLE_URL: 'https://tiles.example/style.json',
      DEMO_TRUCKS: '12',
      DEMO_INCIDENTS_PER_HOUR: '0.5',
      WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/16, 192.168.5.0/24',
      PHOTO_STORE: 's3',
      S3_BUCKET: 'photos',
      S3_ENDPOINT: 'http://minio:9000',
      PHOTO_MAX_BYTES: '1000',
      OFFLINE_UNSEAL_TOKEN_TTL_S: '60',
      SEALWATCH_KEY_SECRET: 'a key-encryption secret',
    });
    assert.equal(c.databaseUrl, 'postgres://sw@db:5432/sealwatch');
    assert.equal(c.dataDir, '/var/lib/sealwatch');
    assert.equal(c.checkResponses, true);
    assert.equal(c.mqttUrl, 'mqtts://broker.example:8883');
    assert.equal(c.mqttPort, 1884);
    assert.deepEqual(c.mqtt, { clientId: 'sealwatch-staging', ingestClients: 4 });
    assert.equal(c.httpPort, 0);
    assert.equal(c.httpHost, '127.0.0.1');
    assert.equal(c.jt808Port, 7808);
    assert.equal(c.jt808Auth, 'secret');
    assert.deepEqual(c.reportTimeWindow, { maxAgeMs: 3_600_000, maxAheadMs: 60_000 });
    assert.equal(c.adminKey, '0123456789abcdef');
    assert.deepEqual(c.log, { level: 'warn' });
    assert.equal(c.trustProxy, 1);
    assert.deepEqual(c.web, { mapStyleUrl: 'https://tiles.example/style.json', ackTargetSeconds: 300 });
    assert.deepEqual(c.demo, { trucks: 12, incidentsPerHour: 0.5 });
    assert.deepEqual(c.webhooks, { allowedNetworks: '10.20.0.0/16, 192.168.5.0/24' });
    assert.equal(c.field.photoStore, 's3');
    assert.equal(c.field.s3?.bucket, 'photos');
    assert.equal(c.field.s3?.forcePathStyle, true);
    assert.equal(c.field.photoMaxBytes, 1000);
    assert.equal(c.field.tokenTtlSeconds, 60);
    assert.equal(c.field.keySecret, 'a key-encryption secret');
    assert.equal(loadConfig({ MAP_STYLE_URL: '/styles/local.json' }).web.mapStyleUrl, '/styles/local.json');
  });

  const refused: [string, string][] = [
    ['DATABASE_URL', 'mysql://db/sealwatch'],
    ['DATABASE_URL', 'not a url'],
    ['MQTT_URL', 'http://broker:1883'],
    ['MQTT_PORT', '70000'],
    ['MQTT_INGEST_CLIENTS', '0'],
    ['MQTT_INGEST_CLIENTS', 'many'],
    ['PORT', '-1'],
    ['JT808_PORT', '80.5'],
    ['JT808_AUTH', 'none'],
    ['REPORT_MAX_AGE_SECONDS', 'a week'],
    ['REPORT_MAX_AHEAD_SECONDS', '3600'],
    ['SEALWATCH_ADMIN_KEY', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'yes please'],
    ['ACK_TARGET_SECONDS', 'soon'],
    ['ACK_TARGET_SECONDS', '0'],
    ['MAP_STYLE_URL', 'tiles.example/style.json'],
    ['DEMO_TRUCKS', '-3'],
    ['DEMO_INCIDENTS_PER_HOUR', 'lots'],
    ['WEBHOOK_ALLOWED_NETWORKS', '10.0.0.0'],
    ['PHOTO_STORE', 'ftp'],
    ['PHOTO_MAX_BYTES', '0'],
    ['OFFLINE_UNSEAL_TOKEN_TTL_S', '-5'],
  ];
  // A secret is refused without being repeated in the message (it would end up in the start log).
  const secret = new Set(['SEALWATCH_ADMIN_KEY']);
  for (const [name, value] of refused) {
    it(`refuses ${name}=${JSON.stringify(value)}, naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (err: Error) => err.message.includes(name) && err.message.includes(value) !== secret.has(name),
      );
    });
  }

  it('refuses PHOTO_STORE=s3 without S3_BUCKET', () => {
    assert.throws(() => loadConfig({ PHOTO_STORE: 's3' }), /S3_BUCKET/);
  });

  it('is the only part of the platform that reads the environment (the simulator CLI aside)', async () => {
    const files = (await readdir(SRC, { recursive: true })).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f)).map((f) => join(SRC, f));
    assert.ok(files.length > 50, 'the sources were found');
    const exempt = (f: string) => f === join(SRC, 'config.ts') || f.startsWith(join(SRC, 'sim') + '/');
    const readers: string[] = [];
    for (const file of files.filter((f) => !exempt(f))) {
      const text = await readFile(file, 'utf8');
      if (/process\s*(\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\{\s*env\s*\}\s*=\s*process\b/.test(text)) readers.push(relative(SRC, file));
    }
    assert.deepEqual(readers, []);
  });
});
