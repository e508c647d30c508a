// MQTT as a server extension: the embedded broker on MQTT_PORT when MQTT_URL is unset, else a
// client of the broker at MQTT_URL. Either way telemetry goes to ctx.inputs and the gateway is
// ctx.services.mqtt for the command dispatcher.
import type { AppContext } from '../../platform.ts';
import type { ServerExtension } from '../../platform.ts';
import { startEmbeddedBroker, type MqttGateway } from './embedded-broker.ts';
import { connectExternalBroker } from './external-client.ts';
import type { GatewayLog } from './ingest.ts';
import { componentLog, type Component } from '../../ops/log.ts';

export interface MqttExtensionOptions {
  /** Client id at an external broker (default config.mqtt.clientId: MQTT_CLIENT_ID or sealwatch-platform). */
  clientId?: string;
  persistentSession?: boolean;
}

/** A gateway's log: the platform's, naming the gateway as the component. */
export function gatewayLog(ctx: AppContext, component: Component = 'mqtt'): GatewayLog {
  const log = componentLog(ctx, component);
  return (level, msg, extra) => log[level](extra ?? {}, msg);
}

export function mqttExtension(opts: MqttExtensionOptions = {}): ServerExtension {
  let gateway: MqttGateway | null = null;
  return {
    name: 'mqtt',
    async afterListen(ctx, _app, ports) {
      const sink = () => ctx.inputs;
      const log = gatewayLog(ctx);
      if (ctx.config.mqttUrl) {
        gateway = await connectExternalBroker({
          url: ctx.config.mqttUrl,
          sink,
          log,
          clientId: opts.clientId ?? ctx.config.mqtt.clientId,
          ingestClients: ctx.config.mqtt.ingestClients,
          persistentSession: opts.persistentSession,
          reportTimeWindow: ctx.config.reportTimeWindow,
        });
        log('info', `mqtt: subscribed to device telemetry at ${new URL(ctx.config.mqttUrl).host}`);
      } else {
        gateway = await startEmbeddedBroker({
          port: ctx.config.mqttPort, host: ctx.config.httpHost, db: ctx.db, sink, log, reportTimeWindow: ctx.config.reportTimeWindow,
        });
        ports.mqtt = gateway.port!;
      }
      ctx.services.mqtt = gateway;
    },
    async close() {
      await gateway?.close();
    },
  };
}
