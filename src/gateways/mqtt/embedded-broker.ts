// The embedded MQTT broker (Aedes), used when MQTT_URL is unset. Devices connect with their own
// credentials (username = device id, password = device secret, checked against the registry) and
// may publish only to their own telemetry topic and subscribe only to their own commands topic.
//
// Acknowledge only what is durable: Aedes runs `authorizePublish` before anything else for an
// incoming PUBLISH and writes the QoS 1 PUBACK only after its callback (lib/handlers/publish.js:
// authorizePublish, then enqueuePublish → PUBACK). So the reports are stored inside
// authorizePublish and the callback is called once they are committed. A storage failure calls it
// with an error: Aedes closes the connection without a PUBACK, and the device sends again after
// reconnecting. (The `published` hook would be too late: it runs after the PUBACK.)
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { TelemetrySink } from '../../platform.ts';
import { verifyDeviceSecret } from '../../registry/device-credentials.ts';
import type { Queryable } from '../../store/db.ts';
import type { ReportTimeWindow } from '../../monitor/telemetry-check.ts';
import { TelemetryIngest, type GatewayLog } from './ingest.ts';
import { commandsTopic, telemetryTopic } from './topics.ts';

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  db: Queryable;
  sink: () => TelemetrySink;
  log: GatewayLog;
  /** How far a report's time may lie from its arrival (default: DEFAULT_REPORT_TIME_WINDOW). */
  reportTimeWindow?: ReportTimeWindow;
}

export interface MqttGateway {
  readonly kind: 'embedded' | 'external';
  /** The listening port (embedded broker only). */
  readonly port: number | null;
  readonly ingest: TelemetryIngest;
  /** Publishes a command to a device's commands topic (QoS 1); resolves when the broker has it. */
  publishCommand(deviceId: string, body: object): Promise<void>;
  close(): Promise<void>;
}

const deviceOf = (client: Client): string | undefined => (client as Client & { deviceId?: string }).deviceId;

function authError(message: string): AuthenticateError {
  const err = new Error(message) as AuthenticateError;
  err.returnCode = 4; // bad user name or password
  return err;
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<MqttGateway> {
  const ingest = new TelemetryIngest(opts.sink, opts.log, opts.reportTimeWindow);
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const secret = password ? password.toString('utf8') : '';
      if (!username || !secret) {
        ingest.stats.refused++;
        return done(authError('device id and secret are required'), false);
      }
      verifyDeviceSecret(opts.db, username, secret).then(
        (ok) => {
          if (!ok) {
            ingest.stats.refused++;
            opts.log('warn', 'mqtt: device credentials refused', { deviceId: username });
            return done(authError('device credentials are not valid'), false);
          }
          (client as Client & { deviceId?: string }).deviceId = username;
          done(null, true);
        },
        (err) => {
          opts.log('error', 'mqtt: credential check failed', { err });
          const e = new Error('server unavailable') as AuthenticateError;
          e.returnCode = 3;
          done(e, false);
        },
      );
    },

    authorizePublish(client: Client | null, packet: PublishPacket, done: (err?: Error | null) => void) {
      if (!client) return done(null); // the platform's own publishes (commands)
      const deviceId = deviceOf(client);
      if (!deviceId || packet.topic !== telemetryTopic(deviceId)) {
        ingest.stats.refused++;
        opts.log('warn', 'mqtt: publish refused', { deviceId, topic: packet.topic });
        return done(new Error(`device ${deviceId} may only publish to ${deviceId ? telemetryTopic(deviceId) : 'its own topic'}`));
      }
      // Telemetry is not kept as a retained message for later subscribers.
      packet.retain = false;
      ingest.handle(deviceId, packet.payload as Buffer).then(
        () => done(null),
        (err) => done(err as Error),
      );
    },

    authorizeSubscribe(client: Client | null, sub: Subscription, done: (err: Error | null, sub?: Subscription | null) => void) {
      const deviceId = client ? deviceOf(client) : undefined;
      if (deviceId && sub.topic === commandsTopic(deviceId)) return done(null, sub);
      ingest.stats.refused++;
      opts.log('warn', 'mqtt: subscription refused', { deviceId, topic: sub.topic });
      done(null, null); // SUBACK 0x80 for this topic
    },
  });

  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;

  return {
    kind: 'embedded',
    port,
    ingest,
    publishCommand(deviceId, body) {
      return new Promise((resolve, reject) => {
        broker.publish(
          { cmd: 'publish', topic: commandsTopic(deviceId), payload: Buffer.from(JSON.stringify(body)), qos: 1, retain: false, dup: false },
          (err?: Error) => (err ? reject(err) : resolve()),
        );
      });
    },
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
