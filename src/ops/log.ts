// Each part of the platform logs through a child of the platform's logger that names it
// (`component: 'mqtt'`), so the lines of one part can be picked out of the stream. Errors go in as
// `{ err }`: the logger's error serializer writes their type, message and stack.
import type { Platform } from '../platform.ts';

export type Component = 'monitor' | 'mqtt' | 'jt808' | 'http-telemetry' | 'commands' | 'webhooks' | 'field' | 'notifications' | 'cluster';

/** The logger a part is given: pino's calls with a merge object and a message (no HTTP framework type). */
export interface ComponentLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a service needs of a logger. */
export type Log = ComponentLog;

/**
 * The component's logger. The platform's logger exists only once the API is built, and some parts
 * start before (the monitor rebuilds its state first), so the child is made at the first line
 * written after that; lines before it go nowhere.
 */
export function componentLog(ctx: Pick<Platform, 'log'>, component: Component): ComponentLog {
  let child: ComponentLog | undefined;
  const log = () => (child ??= ctx.log?.child({ component }));
  return {
    info: (obj, msg) => log()?.info(obj, msg),
    warn: (obj, msg) => log()?.warn(obj, msg),
    error: (obj, msg) => log()?.error(obj, msg),
  };
}
