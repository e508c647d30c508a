// Inputs are partitioned by vehicle: the partition key (the plate, or the device id before the
// plate is known; see ReferenceIndex.keyFor) is hashed to one of P partitions, and each partition
// is one subject of the input stream. JetStream keeps a subject's messages in publish order, so a
// vehicle's inputs reach its engine in the order they were stored.
//
// The hash is computed by the publisher rather than by a JetStream subject mapping
// (`{{partition(P, 3)}}`): a mapping is server configuration (or an account import) that every
// environment would have to carry, and the workers need the same function anyway to know which
// subject holds a vehicle. FNV-1a is stable across processes and versions; P is fixed for the
// lifetime of a stream (changing it re-keys every vehicle).

/** 32-bit FNV-1a over the key's UTF-16 code units. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function partitionOf(key: string, partitions: number): number {
  return hashKey(key) % partitions;
}

export interface ClusterNames {
  stream: string;
  /** Subject of one partition's inputs. */
  subject(partition: number): string;
  /** Every partition's subjects. */
  subjects: string;
  /** Stored outputs, for the API processes' /stream. */
  outputs: string;
  /** A worker tells the cluster it has taken a partition and caught up (failover measurement). */
  takeovers: string;
  leaseBucket: string;
}

export function clusterNames(name: string): ClusterNames {
  const upper = name.toUpperCase().replace(/-/g, '_');
  return {
    stream: `${upper}_INPUTS`,
    subject: (p) => `${name}.in.${p}`,
    subjects: `${name}.in.>`,
    outputs: `${name}.out`,
    takeovers: `${name}.takeover`,
    leaseBucket: `${name.replace(/-/g, '_')}_leases`,
  };
}
