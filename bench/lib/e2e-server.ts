// The server side of `npm run bench:e2e`: the whole platform in a process of its own (so its CPU
// and memory are measured apart from the load generator), configured by the environment like
// `sealwatch serve`. It talks to the bench over the IPC channel: "ready" with its ports once
// listening; on request its memory and pipeline counters, the stored position count (counted in
// the database), and a clean close.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.ts';
import type { MqttGateway } from '../../src/gateways/mqtt/embedded-broker.ts';
import type { Monitor } from '../../src/monitor/monitor.ts';
import { startServer } from '../../src/server.ts';
import type { StreamHub } from '../../src/stream/hub.ts';

export type ServerRequest = { id: number; type: 'stats' | 'positions' | 'settled' | 'close' | 'loopDelayReset' };

export interface ServerStats {
  rss: number;
  heapUsed: number;
  monitor: ReturnType<Monitor['stats']>;
  ingest: MqttGateway['ingest']['stats'] | null;
  stream: StreamHub['stats'] | null;
  /** How late the server's event loop ran timers since the last reset (ms). */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

const send = (msg: object) => process.send?.(msg);

async function main(): Promise<void> {
  const server = await startServer(loadConfig(), { logger: process.env.E2E_SERVER_LOG === '1' ? { level: 'warn' } : false });
  const monitor = server.ctx.services.monitor as Monitor;
  const gateway = server.ctx.services.mqtt as MqttGateway | undefined;
  const hub = server.ctx.services.stream as StreamHub | undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;

  process.on('message', (req: ServerRequest) => {
    const answer = async (): Promise<unknown> => {
      switch (req.type) {
        case 'stats': {
          gc?.();
          const m = process.memoryUsage();
          const s: ServerStats = {
            rss: m.rss, heapUsed: m.heapUsed, monitor: monitor.stats(), ingest: gateway?.ingest.stats ?? null, stream: hub?.stats ?? null,
            eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
          };
          return s;
        }
        case 'positions': {
          const [row] = await server.db.query<{ n: string }>('select count(*)::text as n from positions');
          return Number(row.n);
        }
        case 'loopDelayReset':
          loopDelay.reset();
          return true;
        case 'settled':
          await monitor.settled();
          return true;
        case 'close':
          await server.close();
          setImmediate(() => process.exit(0));
          return true;
      }
    };
    answer().then(
      (result) => send({ id: req.id, result }),
      (err: Error) => send({ id: req.id, error: err.message }),
    );
  });
  send({ type: 'ready', ports: server.ports, db: server.db.kind });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
