// What a process of the cluster runs, by role (`sealwatch serve --role ...`, with NATS_URL set):
//   gateway  the device gateways (MQTT, JT/T 808) and the HTTP API, with an intake node: inputs are
//            stored in the input log and published to their partition;
//   api      the HTTP API (with /stream) and an intake node for the API's own writes;
//   engine   an engine worker only (no listener): holds a share of the partitions;
//   all      all of the above in one process.
// Every process with the API feeds its /stream from the outputs the workers publish, so any of
// them serves /stream whichever worker applied the input. The live engine views some endpoints
// consult (ctx.services.monitor) are absent in the API processes: they answer from the store.
import type { AppContext, ServerExtension } from '../platform.ts';
import { componentLog, type Log } from '../ops/log.ts';
import { StreamHub } from '../stream/hub.ts';
import type { MonitorEvent } from '../monitor/records.ts';
import type { Config } from '../config.ts';
import type { Role } from './config.ts';
import { IntakeNode } from './intake-node.ts';
import { connectCluster, type ClusterLink } from './nats.ts';
import { EngineWorker } from './worker.ts';
import type { PartitionSnapshotSettings } from './partition-snapshots.ts';

/**
 * The single engine's snapshot settings shared out over the partitions: SNAPSHOT_EVERY_INPUTS
 * counts the inputs of the whole cluster, so a partition takes one after its share of them.
 */
export function partitionSnapshotSettings(config: Config): PartitionSnapshotSettings | undefined {
  const s = config.snapshots;
  if (!config.cluster || (s.everyInputs === 0 && s.everyMs === 0)) return undefined;
  const share = s.everyInputs === 0 ? 0 : Math.max(1_000, Math.ceil(s.everyInputs / config.cluster.partitions));
  return { everyInputs: share, everyMs: s.everyMs, keep: s.keep };
}
import { openDb } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';

/** The intake node, the /stream feed, and (role all) an engine worker, as one server extension. */
export function clusterExtension(role: Exclude<Role, 'engine'>): ServerExtension {
  let link: ClusterLink | null = null;
  let node: IntakeNode | null = null;
  let worker: EngineWorker | null = null;
  let hub: StreamHub | null = null;
  return {
    name: 'cluster',
    async beforeApp(ctx: AppContext) {
      const cluster = ctx.config.cluster;
      if (!cluster) throw new Error(`--role ${role} needs NATS_URL`);
      const log = componentLog(ctx, 'cluster');
      link = await connectCluster(cluster, `sealwatch-${role}-${process.pid}`);
      node = new IntakeNode(ctx.db, link, { log });
      await node.start();
      ctx.inputs = node;
      hub = new StreamHub();
      const h = hub;
      const decoder = new TextDecoder();
      const sub = link.nc.subscribe(link.names.outputs);
      void (async () => {
        for await (const m of sub) h.publish(JSON.parse(decoder.decode(m.data)) as MonitorEvent[]);
      })();
      ctx.services.stream = hub;
      if (role === 'all') {
        worker = new EngineWorker(ctx.db, link, { log, snapshots: partitionSnapshotSettings(ctx.config) });
        await worker.start();
      }
    },
    async close() {
      hub?.close();
      await node?.close();
      await worker?.close();
      await link?.close();
    },
  };
}

/** The server's parts for a role of the cluster. */
export async function clusterServerExtensions(role: Exclude<Role, 'engine'>): Promise<ServerExtension[]> {
  const { jt808Extension } = await import('../extensions.ts');
  const { mqttExtension } = await import('../gateways/mqtt/extension.ts');
  const { webhookExtension } = await import('../webhooks/dispatcher.ts');
  const { notificationsExtension } = await import('../notifications/extension.ts');
  const { operationsExtension } = await import('../reports/extension.ts');
  const parts: ServerExtension[] = [clusterExtension(role)];
  if (role !== 'api') parts.push(mqttExtension(), jt808Extension());
  parts.push(webhookExtension(), notificationsExtension(), operationsExtension());
  return parts;
}

/** A process that is an engine worker only; resolves with a stop function once it holds its share. */
export async function startEngineProcess(config: Config, log?: Log): Promise<{ worker: EngineWorker; stop(): Promise<void> }> {
  if (!config.cluster) throw new Error('--role engine needs NATS_URL');
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  const link = await connectCluster(config.cluster, `sealwatch-engine-${process.pid}`);
  const worker = new EngineWorker(db, link, { log, snapshots: partitionSnapshotSettings(config) });
  await worker.start();
  return {
    worker,
    async stop() {
      await worker.close();
      await link.close();
      await db.close();
    },
  };
}
