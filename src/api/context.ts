// What every API plugin is given: storage, configuration and the way into the monitoring engine.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { EngineInput } from '../core/types.ts';
import type { Db } from '../store/db.ts';

/** Where accepted inputs go: stored durably, then applied by the monitoring engine in order. */
export interface EngineInputSink {
  submit(inputs: EngineInput[]): Promise<void>;
}

export interface AppContext {
  db: Db;
  config: Config;
  log?: FastifyBaseLogger;
  inputs: EngineInputSink;
  /** Services added by later layers (monitor, stream, storage of photos, ...), by name. */
  services: Record<string, unknown>;
}
