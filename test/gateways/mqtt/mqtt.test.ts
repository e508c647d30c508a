// MQTT end to end: a device publishes telemetry with its own credentials, the positions are stored,
// an alert from bad telemetry appears on /stream, the unlock command on arrival reaches the seal
// and its `unlocked` report acknowledges it. Against the embedded broker always, and against the
// external broker at TEST_MQTT_URL when it is set.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { commandsTopic, telemetryTopic } from '../../../src/gateways/mqtt/topics.ts';
import type { MqttGateway } from '../../../src/gateways/mqtt/embedded-broker.ts';
import { eventually, registerTrip, registerWorld, startHarness, type Harness } from '../../monitor/harness.ts';
import { fix, journey, tripFixture, type TripFixture } from '../../monitor/scenario.ts';

async function streamOf(h: Harness) {
  const ws = new WebSocket(`ws://127.0.0.1:${h.server.httpPort}/api/v1/stream`, { headers: { authorization: `Bearer ${h.adminKey}` } });
  const messages: any[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
  await eventually(() => messages.some((m) => m.type === 'hello'), 5000, 'stream hello');
  return { messages, close: () => ws.close() };
}

/** Publishes a journey as the trip's OBU and checks what the platform makes of it. */
async function journeyOverMqtt(
  h: Harness,
  url: string,
  t: TripFixture,
  creds: (id: string) => { username?: string; password?: string },
  embedded: boolean,
) {
  const stream = await streamOf(h);
  const seal = await mqtt.connectAsync(url, { clientId: `seal-${t.seals[0]}-${randomBytes(3).toString('hex')}`, ...creds(t.seals[0]), reconnectPeriod: 0 });
  const commands: any[] = [];
  seal.on('message', (_topic, payload) => commands.push(JSON.parse(payload.toString())));
  const granted = await seal.subscribeAsync(commandsTopic(t.seals[0]), { qos: 1 });
  assert.equal(granted[0].qos, 1);
  const obu = await mqtt.connectAsync(url, { clientId: `obu-${t.obu}-${randomBytes(3).toString('hex')}`, ...creds(t.obu), reconnectPeriod: 0 });
  try {
    await journeySteps(h, t, obu, seal, commands, stream, embedded);
  } finally {
    await obu.endAsync(true);
    await seal.endAsync(true);
    stream.close();
  }
}

async function journeySteps(
  h: Harness,
  t: TripFixture,
  obu: mqtt.MqttClient,
  seal: mqtt.MqttClient,
  commands: any[],
  stream: Awaited<ReturnType<typeof streamOf>>,
  embedded: boolean,
) {
  const reports = journey(t, Date.now() - 15 * 60_000, { tamperAtKm: 5 });
  // QoS 1: publishAsync resolves on the PUBACK, which the platform sends once the report is stored.
  await obu.publishAsync(telemetryTopic(t.obu), JSON.stringify(reports.slice(0, 2)), { qos: 1 });
  const stored = async () =>
    (await h.server.db.query(`select count(*)::int as n from engine_inputs where type = 'telemetry' and data->>'deviceId' = $1`, [t.obu]))[0].n;
  // From the embedded broker the PUBACK means stored; from an external one it means the broker
  // has it (the platform's own PUBACK to the broker waits for the store).
  if (embedded) assert.equal(await stored(), 2, 'acknowledged reports are stored');
  else await eventually(async () => (await stored()) === 2, 5000, 'reports stored');
  for (const r of reports.slice(2)) await obu.publishAsync(telemetryTopic(t.obu), JSON.stringify(r), { qos: 1 });
  const alert = await eventually(() => stream.messages.find((m) => m.type === 'alert' && m.data.plate === t.plate), 10_000, 'alert on /stream');
  assert.equal(alert.data.alertType, 'seal_tamper');
  await eventually(async () => {
    const [p] = await h.server.db.query('select count(*)::int as n from positions where device_id = $1', [t.obu]);
    return p.n === reports.length;
  }, 5000, 'positions stored');
  // Arrival: the platform sends unlock to every seal of the trip; the seal reports unlocked.
  const unlock = await eventually(() => commands.find((c) => c.command === 'unlock'), 10_000, 'unlock command');
  assert.equal(unlock.tripId, alert.data.tripId);
  await seal.publishAsync(telemetryTopic(t.seals[0]), JSON.stringify({ ts: new Date().toISOString(), state: 'unlocked' }), { qos: 1 });
  await eventually(async () => {
    const [c] = await h.server.db.query('select status, channel from commands where device_id = $1', [t.seals[0]]);
    return c?.status === 'acknowledged' && c.channel === 'mqtt';
  }, 5000, 'command acknowledged');
}

describe('MQTT gateway, embedded broker', () => {
  let h: Harness;
  let url: string;
  let t: TripFixture;
  let secrets: Record<string, string>;
  before(async () => {
    h = await startHarness();
    url = `mqtt://127.0.0.1:${h.server.ports.mqtt}`;
    await registerWorld(h);
    t = tripFixture(1, 'E');
    secrets = await registerTrip(h, t);
  });
  after(() => h.close());

  it('listens on its own port (MQTT_PORT=0 picks one)', () => {
    assert.ok(h.server.ports.mqtt > 0);
    assert.ok(h.server.ports.jt808 > 0);
  });

  it('stores a device\'s telemetry before acknowledging it and streams the alert it raises', async () => {
    await journeyOverMqtt(h, url, t, (id) => ({ username: id, password: secrets[id] }), true);
  });

  it('refuses a wrong password', async () => {
    await assert.rejects(
      mqtt.connectAsync(url, { username: t.obu, password: 'swd_wrong', reconnectPeriod: 0 }),
      (err: any) => /bad user ?name or password|not authori[sz]ed/i.test(err.message),
    );
    await assert.rejects(mqtt.connectAsync(url, { reconnectPeriod: 0 }));
  });

  it('refuses publishing to another device\'s topic and subscribing to its commands', async () => {
    const c = await mqtt.connectAsync(url, { username: t.seals[1], password: secrets[t.seals[1]], reconnectPeriod: 0 });
    // SUBACK 0x80 (failure) for either.
    const refused = (topic: string) =>
      assert.rejects(c.subscribeAsync(topic, { qos: 1 }), (err: any) => err.packet?.granted?.[0] === 128);
    await refused(commandsTopic(t.obu));
    await refused('sealwatch/v1/devices/+/telemetry');
    const count = async () => (await h.server.db.query(`select count(*)::int as n from engine_inputs where type = 'telemetry'`))[0].n;
    const before = await count();
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(telemetryTopic(t.obu), JSON.stringify(fix(t, 3, Date.now())), { qos: 1 });
    await closed;
    c.end(true);
    assert.equal(await count(), before, 'nothing stored');
  });

  it('logs, counts and acknowledges invalid payloads without storing them', async () => {
    const gw = h.server.ctx.services.mqtt as MqttGateway;
    const before = gw.ingest.stats.invalidMessages;
    const c = await mqtt.connectAsync(url, { username: t.seals[1], password: secrets[t.seals[1]], reconnectPeriod: 0 });
    await c.publishAsync(telemetryTopic(t.seals[1]), 'not json', { qos: 1 });
    await c.publishAsync(telemetryTopic(t.seals[1]), JSON.stringify({ ts: 'soon', state: 'shut' }), { qos: 1 });
    await c.publishAsync(telemetryTopic(t.seals[1]), JSON.stringify({ deviceId: t.obu, ts: new Date().toISOString() }), { qos: 1 });
    assert.equal(gw.ingest.stats.invalidMessages - before, 3);
    assert.ok(c.connected, 'the device stays connected');
    await c.endAsync();
  });
});

describe('MQTT gateway, external broker (TEST_MQTT_URL)', { skip: !process.env.TEST_MQTT_URL && 'TEST_MQTT_URL is not set' }, () => {
  let h: Harness;
  let t: TripFixture;
  before(async () => {
    h = await startHarness({ mqttUrl: process.env.TEST_MQTT_URL });
    await registerWorld(h);
    // Device ids unique to this run: the broker is shared with whatever else uses it.
    t = tripFixture(2, `X${randomBytes(3).toString('hex').toUpperCase()}`);
    await registerTrip(h, t);
  });
  after(() => h.close());

  it('subscribes to every device\'s telemetry, stores it and sends commands through the broker', async () => {
    assert.equal(h.server.ports.mqtt, undefined, 'no embedded broker');
    // Device authentication is the external broker's job; this one lets anyone in.
    await journeyOverMqtt(h, process.env.TEST_MQTT_URL!, t, () => ({}), false);
  });
});
