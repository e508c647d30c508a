// The platform as a client of an external broker (MQTT_URL): it subscribes to every device's
// telemetry with QoS 1 and publishes commands. Device authentication and topic authorisation are
// the broker's job then (e.g. Mosquitto's password file and ACL: a device may write only
// sealwatch/v1/devices/<its id>/telemetry and read only .../<its id>/commands).
//
// Acknowledge only what is durable: the PUBACK of a received QoS 1 message is sent once its report
// is stored (pipelined-acks.ts), while the connection reads on, so the messages in the broker's
// in-flight window join one group-commit batch. The sessions are persistent (clean: false, fixed
// client ids) so that the broker keeps what devices send while the platform is down. If storing
// fails the connection is dropped without a PUBACK and the broker redelivers after the reconnect.
//
// Throughput. One connection parses and hands over messages on one socket; to spread that work and
// widen the in-flight window the platform subscribes with several connections (MQTT_INGEST_CLIENTS,
// default 32) to one shared subscription, `$share/<client id>/sealwatch/v1/devices/+/telemetry`
// (MQTT 5 and, in Mosquitto 2, 3.1.1 too): the broker hands each message to one of them, and all
// submit to the same intake.
//
// Order. Within one connection messages are submitted in the order received. Across connections a
// device's consecutive messages may be handed to different connections and so be stored in a
// different order than sent. The engine orders a device's reports by their own time (ts): a report
// older than the newest one applied is kept as history (its position row is stored) but does not
// move the live position back. With MQTT_INGEST_CLIENTS=1 the plain (unshared) subscription of a
// single connection keeps the broker's per-device order exactly, as before.
import mqtt, { type MqttClient } from 'mqtt';
import { DEFAULT_INGEST_CLIENTS, DEFAULT_MQTT_CLIENT_ID } from '../../config.ts';
import type { TelemetrySink } from '../../platform.ts';
import type { MqttGateway } from './embedded-broker.ts';
import type { ReportTimeWindow } from '../../monitor/telemetry-check.ts';
import { TelemetryIngest, type GatewayLog } from './ingest.ts';
import { pipelineAcks } from './pipelined-acks.ts';
import { commandsTopic, deviceOfTelemetryTopic, TELEMETRY_FILTER } from './topics.ts';

/**
 * The shared subscription of one platform's ingest connections. The group is named after the
 * platform's client id (MQTT_CLIENT_ID), so that another platform on the same broker (another
 * environment, a test run) subscribes in a group of its own and is never handed these messages.
 */
export function sharedTelemetryFilter(clientId: string): string {
  return `$share/${clientId.replace(/[^A-Za-z0-9_-]/g, '_')}/${TELEMETRY_FILTER}`;
}

export interface ExternalBrokerOptions {
  url: string;
  sink: () => TelemetrySink;
  log: GatewayLog;
  /** How far a report's time may lie from its arrival (default: DEFAULT_REPORT_TIME_WINDOW). */
  reportTimeWindow?: ReportTimeWindow;
  clientId?: string;
  /** Persistent session (default true): the broker queues telemetry while the platform is down. */
  persistentSession?: boolean;
  /** Subscribing connections (default 32; the server passes MQTT_INGEST_CLIENTS); more than one share one subscription. */
  ingestClients?: number;
}

export async function connectExternalBroker(opts: ExternalBrokerOptions): Promise<MqttGateway> {
  const ingest = new TelemetryIngest(opts.sink, opts.log, opts.reportTimeWindow);
  const count = opts.ingestClients ?? DEFAULT_INGEST_CLIENTS;
  const baseId = opts.clientId ?? DEFAULT_MQTT_CLIENT_ID;
  const shared = sharedTelemetryFilter(baseId);
  const filter = count > 1 ? shared : TELEMETRY_FILTER;

  const connect = async (clientId: string): Promise<MqttClient> => {
    const client: MqttClient = await mqtt.connectAsync(opts.url, {
      clientId,
      clean: !(opts.persistentSession ?? true),
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    client.on('error', (err) => opts.log('warn', 'mqtt: broker connection error', { clientId, err }));
    const acks = pipelineAcks(client);
    client.handleMessage = (packet, callback) => {
      if (packet.cmd !== 'publish') return callback();
      const deviceId = deviceOfTelemetryTopic(packet.topic);
      if (!deviceId) return callback();
      const stored = ingest.handle(deviceId, packet.payload as Buffer);
      if (packet.qos === 1 && packet.messageId !== undefined) {
        acks.hold(packet.messageId, stored);
        return callback();
      }
      stored.then(() => callback(), () => callback());
    };
    return client;
  };

  const clients: MqttClient[] = [];
  try {
    // The first connection keeps the configured client id (it also publishes the commands).
    for (let i = 0; i < count; i++) clients.push(await connect(i === 0 ? baseId : `${baseId}-${i}`));
    // A persistent session kept from a run with the other setting would still hold the other
    // filter and deliver each message twice: drop it (unsubscribing what is not there is harmless).
    const other = count > 1 ? TELEMETRY_FILTER : shared;
    for (const client of clients) {
      await client.unsubscribeAsync(other);
      const granted = await client.subscribeAsync(filter, { qos: 1 });
      if (granted.some((g) => g.qos === 128)) throw new Error(`the broker refused the subscription to ${filter}`);
    }
  } catch (err) {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    throw err;
  }
  // On a reconnect mqtt.js subscribes again by itself when the broker kept no session (resubscribe).
  if (count > 1) opts.log('info', `mqtt: ${count} connections share the telemetry subscription`, { filter });

  return {
    kind: 'external',
    port: null,
    ingest,
    async publishCommand(deviceId, body) {
      await clients[0].publishAsync(commandsTopic(deviceId), JSON.stringify(body), { qos: 1 });
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
}
