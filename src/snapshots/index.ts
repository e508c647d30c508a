// Engine snapshots: the monitor's whole derived state (engine records, timers, container
// movements, per-trip event numbers, audiences, last shown positions, unlocks awaited, the
// reference index) as bytes, with the input seq they cover, so that a restart restores one and
// replays only the inputs after it. README.md beside this file states the guarantees.
//
// API (for anything that owns an EngineOwner, e.g. one per partition):
//
//   encodeSnapshot(owner): Buffer
//       right after a stored input was applied (owner.atInputBoundary), never after a tick;
//       synchronous (the state must not move while it is read).
//   decodeSnapshot(buf): { version, coversSeq, lastAtMs, layout, takenAt, state }
//       checks the checksum, format version (migrating older ones through MIGRATIONS) and layout
//       fingerprint, and rebuilds the state as fresh objects; throws SnapshotRefused otherwise.
//   restoreInto(owner, state)
//       makes a decoded state the owner's; before the owner applies anything. Then replay the
//       inputs with seq > coversSeq, ticks resuming after lastAtMs's second
//       (rebuild(..., { afterSeq: coversSeq, lastAtMs })).
//
//   store.ts: saveSnapshot / listSnapshots / snapshotBody / pruneSnapshots, each with a `scope`
//   (default 'all': the single engine) so per-partition snapshots share the table.
//   Snapshotter (snapshotter.ts): what the Monitor uses: restore at start, policy, storing, pruning
//   and input log retention.
export { decodeSnapshot, encodeSnapshot, FORMAT_VERSION, MIGRATIONS, readHeader, restoreInto, SnapshotRefused } from './format.ts';
export type { DecodedSnapshot, SnapshotHeader, SnapshotState } from './format.ts';
export { DEFAULT_SCOPE, listSnapshots, pruneSnapshots, saveSnapshot, snapshotBody } from './store.ts';
export { Snapshotter, type RestoredSnapshot } from './snapshotter.ts';
export { SnapshotPolicy } from './policy.ts';
export type { SnapshotConfig, InputLogRetention } from './config.ts';
