// The command dispatcher as a server extension: started after the device gateways, it sends every
// command the monitor stores, on start those left pending by a previous run, and every 15 s those
// the devices have not acknowledged yet.
import { componentLog } from '../../ops/log.ts';
import type { ServerExtension } from '../../platform.ts';
import { COMMAND_RETRY_MS, CommandDispatcher } from './dispatcher.ts';

export function commandsExtension(): ServerExtension {
  let dispatcher: CommandDispatcher | null = null;
  let stop: (() => void) | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retrying: Promise<unknown> | null = null;
  return {
    name: 'commands',
    async afterListen(ctx) {
      const monitor = ctx.services.monitor;
      const log = componentLog(ctx, 'commands');
      dispatcher = new CommandDispatcher({
        db: ctx.db,
        jt808: () => ctx.services.jt808,
        mqtt: () => ctx.services.mqtt,
        obuOf: (sealId) => monitor?.refs.obuOfSeal(sealId),
        log: (level, msg, extra) => log[level](extra ?? {}, msg),
      });
      ctx.services.commands = dispatcher;
      if (monitor) stop = monitor.listen(dispatcher.onEvents);
      const resent = await dispatcher.resendPending();
      if (resent) log.info({ resent }, `commands: ${resent} pending commands sent`);
      const d = dispatcher;
      retryTimer = setInterval(() => {
        if (retrying) return;
        retrying = d
          .retryUnacknowledged()
          .then((n) => n && log.info({ resent: n }, `commands: ${n} unacknowledged commands sent again`))
          .catch((err) => log.error({ err }, 'commands: retry round failed'))
          .finally(() => (retrying = null));
      }, COMMAND_RETRY_MS / 2);
      retryTimer.unref();
    },
    async close() {
      if (retryTimer) clearInterval(retryTimer);
      await retrying;
      stop?.();
      await dispatcher?.idle();
    },
  };
}
