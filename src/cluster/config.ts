// The clustered deployment's settings (NATS_URL and the CLUSTER_* variables). Without NATS_URL the
// platform runs as one process with the in-process bus, and none of this is read.

export const ROLES = ['all', 'gateway', 'api', 'engine'] as const;
export type Role = (typeof ROLES)[number];

export interface ClusterConfig {
  /** NATS_URL: the NATS server (with JetStream) the processes share. */
  natsUrl: string;
  /** CLUSTER_PARTITIONS: fixed number of input partitions, 1..1024 (default 16). */
  partitions: number;
  /**
   * CLUSTER_NAME: prefix of the stream, the subjects and the lease bucket (default `sealwatch`), so
   * that several installations (or test runs) share one NATS server without meeting.
   */
  name: string;
  /** CLUSTER_LEASE_SECONDS: how long a dead worker's partitions stay held, 2..60 (default 3). */
  leaseSeconds: number;
}

export function clusterConfigFromEnv(env: NodeJS.ProcessEnv): ClusterConfig | undefined {
  const url = env.NATS_URL?.trim();
  if (!url) return undefined;
  if (!/^(nats|tls|ws|wss):\/\/[^\s]+$/.test(url) && !/^[\w.-]+:\d+$/.test(url)) {
    throw new Error(`NATS_URL must be nats://host:port (or host:port), got "${url}"`);
  }
  const name = env.CLUSTER_NAME?.trim() || 'sealwatch';
  if (!/^[a-z][a-z0-9_-]{0,40}$/.test(name)) {
    throw new Error(`CLUSTER_NAME must be a lowercase letter then up to 40 of a-z, 0-9, _ or -, got "${name}"`);
  }
  return {
    natsUrl: url,
    partitions: whole(env.CLUSTER_PARTITIONS, 16, 1, 1024, 'CLUSTER_PARTITIONS'),
    name,
    leaseSeconds: whole(env.CLUSTER_LEASE_SECONDS, 3, 2, 60, 'CLUSTER_LEASE_SECONDS'),
  };
}

export function parseRole(value: string | undefined): Role {
  if (value === undefined || value === '') return 'all';
  const role = ROLES.find((r) => r === value);
  if (!role) throw new Error(`--role must be one of ${ROLES.join(', ')}, got "${value}"`);
  return role;
}

function whole(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number ${min}..${max}, got "${value}"`);
  return n;
}
