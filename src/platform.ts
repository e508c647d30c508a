// The platform object: what every part (API, services, gateways) is given, assembled once in
// server.ts. Its parts are typed here, so no caller looks a service up by name and casts it.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AddressFailures } from './auth/address-failures.ts';
import type { LoginThrottle } from './auth/login-throttle.ts';
import type { Config } from './config.ts';
import type { EngineInput } from './core/types.ts';
import type { FieldConfig } from './field/config.ts';
import type { FieldServices } from './field/services.ts';
import type { CommandDispatcher } from './gateways/commands/dispatcher.ts';
import type { Jt808Server } from './gateways/jt808/server.ts';
import type { MqttGateway } from './gateways/mqtt/embedded-broker.ts';
import type { Monitor } from './monitor/monitor.ts';
import type { Mailer } from './notifications/mailer.ts';
import type { Notifier } from './notifications/notifier.ts';
import type { OperationsServices } from './reports/services.ts';
import type { StreamHub } from './stream/hub.ts';
import type { Db, Queryable } from './store/db.ts';

/** An input for the engine as a caller hands it over: the intake gives it its time. */
export type NewInput = EngineInput extends infer I ? (I extends EngineInput ? Omit<I, 'at'> & { at?: string } : never) : never;

/** What a write hands back from inside the intake's transaction: its result and the engine's inputs. */
export interface Written<T> {
  result: T;
  inputs: NewInput[];
}

/** Where accepted inputs go: stored durably, then applied by the monitoring engine in order. */
export interface EngineInputSink {
  /** Stores the inputs (the intake gives each its time), then the engine applies them in order. */
  submit(inputs: NewInput[]): Promise<void>;
  /**
   * Runs `write` in the transaction that stores the inputs it returns: a write's rows, its audit
   * entry and its engine inputs commit together or not at all. A write that throws is rolled back
   * alone (its error reaches the caller) without failing other callers' inputs.
   */
  transact<T>(write: (tx: Queryable) => Promise<Written<T>>): Promise<T>;
}

/** What a device gateway needs of the sink: reports in, acknowledged once stored. */
export type TelemetrySink = Pick<EngineInputSink, 'submit'>;

/** Parts that later layers add; each is there only when its part runs. */
export interface PlatformServices {
  monitor?: Monitor;
  stream?: StreamHub;
  mqtt?: MqttGateway;
  jt808?: Jt808Server;
  commands?: CommandDispatcher;
  field?: FieldServices;
  /** Field settings over the environment's (tests). */
  fieldConfig?: Partial<FieldConfig>;
  loginThrottle?: LoginThrottle;
  addressFailures?: AddressFailures;
  /** Outgoing mail (disabled without SMTP_URL): any part may send with it. */
  mailer?: Mailer;
  /** Notifications to people; other parts hand it events with enqueueNotification (src/notifications/events.ts). */
  notifier?: Notifier;
  /** Report jobs and the mailer of scheduled reports (src/reports/services.ts). */
  operations?: OperationsServices;
}

export interface Platform {
  db: Db;
  config: Config;
  log?: FastifyBaseLogger;
  inputs: EngineInputSink;
  services: PlatformServices;
}

/** The name the API's plugins know the platform by. */
export type AppContext = Platform;

/**
 * A part of the platform that starts with the server: it may replace the input sink, add
 * services before the API is built, and start listeners after.
 */
export interface ServerExtension {
  name: string;
  beforeApp?(ctx: Platform): Promise<void>;
  afterListen?(ctx: Platform, app: FastifyInstance, ports: Record<string, number>): Promise<void>;
  close?(): Promise<void>;
}
