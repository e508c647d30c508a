// Snapshot and input log retention settings from the environment (read by src/config.ts).
import { join } from 'node:path';

export type InputLogRetention = 'keep' | 'archive' | 'drop';

export interface SnapshotConfig {
  /** SNAPSHOT_EVERY_INPUTS: a snapshot after this many stored inputs (0: not by count). */
  everyInputs: number;
  /** SNAPSHOT_EVERY_S (as ms): a snapshot once this long has passed with inputs applied (0: not by time). */
  everyMs: number;
  /** SNAPSHOT_KEEP: snapshots kept (the newest). */
  keep: number;
  /**
   * INPUT_LOG_RETENTION: what becomes of inputs every kept snapshot covers: `keep` (default; they
   * stay in engine_inputs), `archive` (written to INPUT_LOG_ARCHIVE_DIR as gzip JSON Lines in the
   * replay format, then deleted), `drop` (deleted).
   */
  retention: InputLogRetention;
  /** INPUT_LOG_ARCHIVE_DIR: default `<DATA_DIR>/input-archive`. */
  archiveDir: string;
}

export const DEFAULT_SNAPSHOT_CONFIG = { everyInputs: 50_000, everyMs: 300_000, keep: 3, retention: 'keep' } as const;

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number ${min}..${max}, got "${raw}"`);
  return n;
}

export function snapshotConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): SnapshotConfig {
  const retention = (env.INPUT_LOG_RETENTION || DEFAULT_SNAPSHOT_CONFIG.retention) as InputLogRetention;
  if (!['keep', 'archive', 'drop'].includes(retention)) throw new Error(`INPUT_LOG_RETENTION must be keep, archive or drop, got "${env.INPUT_LOG_RETENTION}"`);
  const config: SnapshotConfig = {
    everyInputs: whole(env, 'SNAPSHOT_EVERY_INPUTS', DEFAULT_SNAPSHOT_CONFIG.everyInputs, 0, 100_000_000),
    everyMs: whole(env, 'SNAPSHOT_EVERY_S', DEFAULT_SNAPSHOT_CONFIG.everyMs / 1000, 0, 7 * 86_400) * 1000,
    keep: whole(env, 'SNAPSHOT_KEEP', DEFAULT_SNAPSHOT_CONFIG.keep, 1, 100),
    retention,
    archiveDir: env.INPUT_LOG_ARCHIVE_DIR || join(dataDir, 'input-archive'),
  };
  if (retention !== 'keep' && config.everyInputs === 0 && config.everyMs === 0) {
    throw new Error(`INPUT_LOG_RETENTION=${retention} needs snapshots (SNAPSHOT_EVERY_INPUTS or SNAPSHOT_EVERY_S above 0)`);
  }
  return config;
}
