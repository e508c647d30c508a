// The command dispatcher as a server extension: started after the device gateways, it sends every
// command the monitor stores, and on start those left pending by a previous run.
import type { Monitor } from '../../monitor/monitor.ts';
import type { ServerExtension } from '../../server.ts';
import { CommandDispatcher, type Jt808Downlink, type MqttDownlink } from './dispatcher.ts';

export function commandsExtension(): ServerExtension {
  let dispatcher: CommandDispatcher | null = null;
  let stop: (() => void) | null = null;
  return {
    name: 'commands',
    async afterListen(ctx) {
      const monitor = ctx.services.monitor as Monitor | undefined;
      dispatcher = new CommandDispatcher({
        db: ctx.db,
        jt808: () => ctx.services.jt808 as Jt808Downlink | undefined,
        mqtt: () => ctx.services.mqtt as MqttDownlink | undefined,
        obuOf: (sealId) => monitor?.refs.obuOfSeal(sealId),
        log: (level, msg, extra) => ctx.log?.[level](extra ?? {}, msg),
      });
      ctx.services.commands = dispatcher;
      if (monitor) stop = monitor.listen(dispatcher.onEvents);
      const resent = await dispatcher.resendPending();
      if (resent) ctx.log?.info({ resent }, `commands: ${resent} pending commands sent`);
    },
    async close() {
      stop?.();
      await dispatcher?.idle();
    },
  };
}
