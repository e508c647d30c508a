// One connection per process, and the JetStream resources the cluster uses, created on first use
// (idempotently, so every process may start first): the input stream and the lease bucket.
import { connect, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type KV, type NatsConnection } from 'nats';
import type { ClusterConfig } from './config.ts';
import { clusterNames, type ClusterNames } from './partitions.ts';

export interface ClusterLink {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: ClusterNames;
  config: ClusterConfig;
  leases: KV;
  close(): Promise<void>;
}

export async function connectCluster(config: ClusterConfig, clientName: string): Promise<ClusterLink> {
  const nc = await connect({ servers: config.natsUrl, name: clientName, maxReconnectAttempts: -1 });
  const jsm = await nc.jetstreamManager();
  const names = clusterNames(config.name);
  try {
    await jsm.streams.info(names.stream);
  } catch {
    try {
      await jsm.streams.add({
        name: names.stream,
        subjects: [names.subjects],
        // Kept (not a work queue): a worker taking a partition over replays it from the start.
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        // Publishes carry the input's seq as Nats-Msg-Id: a gateway that publishes again after
        // a lost acknowledgement does not store the input twice.
        duplicate_window: 120_000_000_000,
      });
    } catch (err) {
      // Another process created it meanwhile.
      await jsm.streams.info(names.stream).catch(() => {
        throw err;
      });
    }
  }
  const js = nc.jetstream();
  const leases = await js.views.kv(names.leaseBucket, { ttl: config.leaseSeconds * 1000, history: 1 });
  return {
    nc, js, jsm, names, config, leases,
    async close() {
      await nc.drain().catch(() => nc.close());
    },
  };
}
