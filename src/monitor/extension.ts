// The monitor as a server extension: before the API is built it rebuilds the engine state from the
// input log, becomes the platform's input sink (ctx.inputs) and feeds /stream.
import { componentLog, type ComponentLog } from '../ops/log.ts';
import type { AppContext } from '../platform.ts';
import type { ServerExtension } from '../platform.ts';
import { StreamHub } from '../stream/hub.ts';
import { Monitor, type MonitorOptions } from './monitor.ts';

export function monitorExtension(opts: Omit<MonitorOptions, 'log'> = {}): ServerExtension {
  let monitor: Monitor | null = null;
  let hub: StreamHub | null = null;
  let log: ComponentLog | undefined;
  return {
    name: 'monitor',
    async beforeApp(ctx: AppContext) {
      // ctx.log exists only once the app is built; until then messages go nowhere but the result
      // of the rebuild is logged after listening.
      log = componentLog(ctx, 'monitor');
      monitor = new Monitor(ctx.db, { snapshots: ctx.config.snapshots, ...opts, log });
      await monitor.start();
      hub = new StreamHub();
      monitor.listen(hub.publish);
      ctx.inputs = monitor;
      ctx.services.monitor = monitor;
      ctx.services.stream = hub;
    },
    async afterListen() {
      const r = monitor?.rebuilt;
      if (r) log?.info({ rebuild: r }, `monitor: engine state rebuilt from ${r.inputs} stored inputs (${r.ticks} ticks) in ${r.ms} ms`);
    },
    async close() {
      hub?.close();
      await monitor?.close();
    },
  };
}
