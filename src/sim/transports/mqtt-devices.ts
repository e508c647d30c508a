// Devices over MQTT: one connection per device with its own credentials (username = device id,
// password = its secret), telemetry published with QoS 1 (the platform acknowledges once stored),
// and the device's command topic subscribed, so unlock commands are seen arriving.
import mqtt, { type MqttClient } from 'mqtt';
import type { Telemetry } from '../../core/types.ts';

const TOPIC_PREFIX = 'sealwatch/v1/devices/';
export const telemetryTopic = (deviceId: string) => `${TOPIC_PREFIX}${deviceId}/telemetry`;
export const commandsTopic = (deviceId: string) => `${TOPIC_PREFIX}${deviceId}/commands`;

export interface ReceivedCommand {
  deviceId: string;
  command: unknown;
}

export class MqttDevices {
  private readonly clients = new Map<string, Promise<MqttClient>>();

  constructor(
    readonly url: string,
    private readonly onCommand: (c: ReceivedCommand) => void = () => undefined,
  ) {}

  private client(deviceId: string, secret: string): Promise<MqttClient> {
    let c = this.clients.get(deviceId);
    if (!c) {
      c = this.connect(deviceId, secret);
      this.clients.set(deviceId, c);
      // A failed connection is forgotten, so the next report tries again.
      c.catch(() => this.clients.delete(deviceId));
    }
    return c;
  }

  private async connect(deviceId: string, secret: string): Promise<MqttClient> {
    const client = await mqtt.connectAsync(this.url, {
      clientId: `sim-${deviceId}`,
      username: deviceId,
      password: secret,
      reconnectPeriod: 5000,
      connectTimeout: 10_000,
    });
    client.on('message', (topic, payload) => {
      let command: unknown = payload.toString('utf8');
      try {
        command = JSON.parse(String(command));
      } catch {
        // keep the text
      }
      this.onCommand({ deviceId: topic.slice(TOPIC_PREFIX.length, -'/commands'.length), command });
    });
    await client.subscribeAsync(commandsTopic(deviceId), { qos: 1 });
    return client;
  }

  /** One report, or a buffered batch as one JSON array (the platform accepts both). */
  async send(deviceId: string, secret: string, reports: Telemetry[]): Promise<void> {
    const client = await this.client(deviceId, secret);
    const body = reports.length === 1 ? reports[0] : reports;
    await client.publishAsync(telemetryTopic(deviceId), JSON.stringify(body), { qos: 1 });
  }

  get connections(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.then((cl) => cl.endAsync(true), () => undefined)));
  }
}
