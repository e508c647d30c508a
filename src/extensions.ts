// The parts that start with the server, in order: the monitor first (it rebuilds the engine state
// and becomes the input sink before the API exists), then the device gateways, then the command
// dispatcher that uses them. They close in the reverse order: gateways stop taking reports before
// the monitor flushes.
import { gatewayLog, mqttExtension } from './gateways/mqtt/extension.ts';
import { commandsExtension } from './gateways/commands/extension.ts';
import { registryCredentials } from './gateways/jt808/registry-credentials.ts';
import { startJt808Server, type Jt808Server } from './gateways/jt808/server.ts';
import { monitorExtension } from './monitor/extension.ts';
import { notificationsExtension } from './notifications/extension.ts';
import type { ServerExtension } from './platform.ts';
import { webhookExtension } from './webhooks/dispatcher.ts';
import { operationsExtension } from './reports/extension.ts';

/** The JT/T 808 TCP gateway on JT808_PORT: decoded reports go to the monitor; acked once stored. */
export function jt808Extension(): ServerExtension {
  let server: Jt808Server | null = null;
  return {
    name: 'jt808',
    async afterListen(ctx, _app, ports) {
      const log = gatewayLog(ctx, 'jt808');
      server = await startJt808Server({
        port: ctx.config.jt808Port,
        host: ctx.config.httpHost,
        // The gateway's lines carry no level: those with an error are warnings.
        log: (msg, extra) => log(extra && 'err' in extra ? 'warn' : 'info', msg, extra),
        credentials: registryCredentials(ctx.db, ctx.config.jt808Auth),
        reportTimeWindow: ctx.config.reportTimeWindow,
        // The gateway has checked the reports (and refused the bad ones to the terminal).
        async onTelemetry(reports) {
          await ctx.inputs.submit(reports.map((data) => ({ type: 'telemetry' as const, data })));
        },
      });
      ports.jt808 = server.port;
      ctx.services.jt808 = server;
    },
    async close() {
      await server?.close();
    },
  };
}

export async function extensions(): Promise<ServerExtension[]> {
  return [monitorExtension(), mqttExtension(), jt808Extension(), commandsExtension(), webhookExtension(), notificationsExtension(), operationsExtension()];
}
