// The snapshot's bytes:
//
//   "SWSNAP" | format version (u16 BE) | header length (u32 BE) | header (JSON) | body | SHA-256
//
// The header says what the snapshot covers (coversSeq, the engine time of that input) and the
// layout fingerprint of the build that wrote it (classes.ts); the body is the deflated
// v8.serialize of the flattened state graph (graph.ts); the SHA-256 is over everything before it,
// so a corrupted or truncated snapshot is refused before anything is read from it.
//
// A snapshot of another format version is migrated by the functions in MIGRATIONS (one per
// version step, on the flattened graph) or refused; so is one whose layout fingerprint differs
// from this build's. Refused means SnapshotRefused: the caller falls back to an older snapshot or
// a full replay. Nothing is ever read with a layout it was not written with.
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { adoptMovements, movementsOf, type MovementState } from '../engine/container-moves.ts';
import type { EngineState } from '../engine/state.ts';
import type { EngineOwner, OwnerDerived } from '../monitor/engine-owner.ts';
import { LiveEngine } from '../monitor/engine-port.ts';
import type { ReferenceIndex } from '../monitor/reference-index.ts';
import { snapshotClasses } from './classes.ts';
import { flatten, unflatten, type FlatGraph } from './graph.ts';

/**
 * Bump when the meaning of the state changes without its layout changing (a field's unit, a
 * map's key form), and add a migration from the previous version if old snapshots can be
 * converted; layout changes are caught by the fingerprint anyway.
 */
export const FORMAT_VERSION = 1;

const MAGIC = Buffer.from('SWSNAP', 'latin1');
const DIGEST_BYTES = 32;

export interface SnapshotHeader {
  version: number;
  /** Every stored input up to this seq is applied in the snapshot, and nothing after it. */
  coversSeq: number;
  /** Engine time of input `coversSeq`: ticks resume at the whole second after it. */
  lastAtMs: number;
  /** Layout fingerprint of the build that wrote it (classes.ts). */
  layout: string;
  /** Wall time it was taken (ISO), for logs. */
  takenAt: string;
}

/** The state a snapshot holds: the engine's and what the monitor derived beside it. */
export interface SnapshotState {
  engine: EngineState;
  movements: MovementState;
  owner: OwnerDerived;
  refs: ReferenceIndex;
}

export interface DecodedSnapshot extends SnapshotHeader {
  state: SnapshotState;
}

/** The snapshot cannot be used (corrupt, another version, another layout): fall back. */
export class SnapshotRefused extends Error {
  override readonly name = 'SnapshotRefused';
}

/** version → function converting a version-`version` graph to version + 1 (none yet). */
export const MIGRATIONS: Readonly<Record<number, (graph: FlatGraph) => FlatGraph>> = {};

function liveEngineOf(owner: EngineOwner): LiveEngine {
  if (!(owner.engine instanceof LiveEngine)) throw new Error('snapshots need the live engine (a scripted engine has no state to save)');
  return owner.engine;
}

/** Serialises the owner's engine and derived state; only between stored inputs (not after a tick). */
export function encodeSnapshot(owner: EngineOwner, takenAt: Date = new Date()): Buffer {
  if (!owner.atInputBoundary) throw new Error('a snapshot is taken right after a stored input is applied, not after a tick');
  const engine = liveEngineOf(owner).state;
  const derived = owner.derived();
  const state: SnapshotState = { engine, movements: movementsOf(engine), owner: derived, refs: owner.refs };
  const { registry, fingerprint } = snapshotClasses();
  const body = deflateRawSync(serialize(flatten(state, registry)), { level: 1 });
  const header: SnapshotHeader = {
    version: FORMAT_VERSION,
    coversSeq: derived.lastSeq,
    lastAtMs: derived.lastSeqAtMs,
    layout: fingerprint,
    takenAt: takenAt.toISOString(),
  };
  return pack(header, body);
}

/** Writes header and body in the snapshot layout (exported for tests of refusal). */
export function pack(header: SnapshotHeader, body: Buffer): Buffer {
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.alloc(MAGIC.length + 6);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt16BE(header.version, MAGIC.length);
  fixed.writeUInt32BE(head.length, MAGIC.length + 2);
  const content = Buffer.concat([fixed, head, body]);
  return Buffer.concat([content, createHash('sha256').update(content).digest()]);
}

/** Reads the header alone (checked: magic, checksum, version field agreeing). */
export function readHeader(buf: Buffer): { header: SnapshotHeader; body: Buffer } {
  const fixed = MAGIC.length + 6;
  if (buf.length < fixed + DIGEST_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotRefused('not a snapshot (no SWSNAP mark)');
  const content = buf.subarray(0, buf.length - DIGEST_BYTES);
  if (!createHash('sha256').update(content).digest().equals(buf.subarray(buf.length - DIGEST_BYTES))) {
    throw new SnapshotRefused('snapshot checksum mismatch (corrupted or truncated)');
  }
  const version = buf.readUInt16BE(MAGIC.length);
  const headLen = buf.readUInt32BE(MAGIC.length + 2);
  if (fixed + headLen > content.length) throw new SnapshotRefused('snapshot header overruns the snapshot');
  let header: SnapshotHeader;
  try {
    header = JSON.parse(content.subarray(fixed, fixed + headLen).toString('utf8')) as SnapshotHeader;
  } catch {
    throw new SnapshotRefused('snapshot header is not JSON');
  }
  if (header.version !== version) throw new SnapshotRefused(`snapshot header says version ${header.version}, its mark ${version}`);
  if (!Number.isSafeInteger(header.coversSeq) || header.coversSeq < 1 || !Number.isFinite(header.lastAtMs)) {
    throw new SnapshotRefused('snapshot header has no valid coversSeq/lastAtMs');
  }
  return { header, body: content.subarray(fixed + headLen) };
}

/** Checks and decodes a snapshot into fresh objects (nothing live is touched); throws SnapshotRefused. */
export function decodeSnapshot(buf: Buffer, migrations: Readonly<Record<number, (graph: FlatGraph) => FlatGraph>> = MIGRATIONS): DecodedSnapshot {
  const { header, body } = readHeader(buf);
  const { registry, fingerprint } = snapshotClasses();
  if (header.version > FORMAT_VERSION) throw new SnapshotRefused(`snapshot format version ${header.version} is newer than this build's ${FORMAT_VERSION}`);
  for (let v = header.version; v < FORMAT_VERSION; v++) {
    if (!migrations[v]) throw new SnapshotRefused(`snapshot format version ${header.version} is older than this build's ${FORMAT_VERSION} and cannot be migrated`);
  }
  if (header.version === FORMAT_VERSION && header.layout !== fingerprint) {
    throw new SnapshotRefused(`snapshot was written with engine state layout ${header.layout}, this build's is ${fingerprint}`);
  }
  let graph: FlatGraph;
  try {
    graph = deserialize(inflateRawSync(body)) as FlatGraph;
  } catch (err) {
    throw new SnapshotRefused(`snapshot body cannot be read: ${(err as Error).message}`);
  }
  try {
    for (let v = header.version; v < FORMAT_VERSION; v++) graph = migrations[v](graph);
  } catch (err) {
    throw new SnapshotRefused(`migrating the snapshot from format version ${header.version} failed: ${(err as Error).message}`);
  }
  let state: SnapshotState;
  try {
    state = unflatten(graph, registry) as SnapshotState;
  } catch (err) {
    throw new SnapshotRefused(`snapshot state cannot be rebuilt: ${(err as Error).message}`);
  }
  if (state?.owner?.lastSeq !== header.coversSeq || !state.engine || !state.movements || !state.refs) {
    throw new SnapshotRefused('snapshot state does not match its header');
  }
  return { ...header, version: FORMAT_VERSION, state };
}

/** Makes a decoded state the owner's (before it applies anything): engine, movements, derived, references. */
export function restoreInto(owner: EngineOwner, state: SnapshotState): void {
  const live = liveEngineOf(owner);
  if (owner.lastAppliedSeq !== 0) throw new Error('a snapshot is restored before any input is applied');
  live.state = state.engine;
  adoptMovements(state.engine, state.movements);
  owner.restoreDerived(state.owner);
  // The reference index is shared with the intake: its contents are taken over, not the object.
  Object.assign(owner.refs, state.refs);
}
