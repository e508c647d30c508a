// The notifier as a part of the server: the mailer is there for every part before the API is
// built (ctx.services.mailer), and the notifier's rounds run from the moment the API listens until
// the server closes. New alerts reach its outbox with the alerts themselves (the monitor's writer
// stores both in one transaction, in a cluster worker as in the single engine); where the monitor
// runs in this process, a stored alert wakes the next round, elsewhere the round's poll finds it.
import { componentLog } from '../ops/log.ts';
import type { ServerExtension } from '../platform.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { createNotifier, type Notifier, type NotifierOptions } from './notifier.ts';
import { vapidKeys } from './vapid.ts';

export interface NotifierLoop {
  /** Runs a round soon (new events were stored). */
  wake(): void;
  stop(): Promise<void>;
}

/** Runs the notifier's rounds every `pollMs`, at once again while a round found work. */
export function startNotifierLoop(notifier: Notifier, opts: { pollMs?: number; log?: { error(obj: object, msg?: string): void } } = {}): NotifierLoop {
  const pollMs = opts.pollMs ?? 2_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | null = null;
  let again = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    if (round) {
      again = true;
      return;
    }
    round = (async () => {
      let busy = false;
      try {
        const r = await notifier.runOnce();
        busy = r.events > 0 || r.sent > 0;
      } catch (err) {
        opts.log?.error({ err }, 'notifications: round failed');
      }
      round = null;
      const soon = busy || again;
      again = false;
      schedule(soon ? 0 : pollMs);
    })();
  };
  schedule(0);
  return {
    wake: () => schedule(0),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}

export function notificationsExtension(opts: Partial<NotifierOptions> & { pollMs?: number } = {}): ServerExtension {
  let mailer: Mailer | null = null;
  let loop: NotifierLoop | null = null;
  let unlisten: (() => void) | null = null;
  let notifier: Notifier | null = null;
  return {
    name: 'notifications',
    async beforeApp(ctx) {
      mailer = opts.mailer ?? createMailer(ctx.config.mail);
      ctx.services.mailer = mailer;
      const log = componentLog(ctx, 'notifications');
      notifier = createNotifier(ctx.db, {
        mailer,
        vapid: vapidKeys(ctx.config.notifications, ctx.config.dataDir),
        config: ctx.config.notifications,
        allowedNetworks: ctx.config.webhooks.allowedNetworks,
        log,
        ...opts,
      });
      ctx.services.notifier = notifier;
      const monitor = ctx.services.monitor;
      if (monitor) unlisten = monitor.listen((events) => {
        if (events.some((e) => e.type === 'alert')) loop?.wake();
      });
    },
    async afterListen(ctx) {
      loop = startNotifierLoop(notifier!, { pollMs: opts.pollMs, log: componentLog(ctx, 'notifications') });
    },
    async close() {
      unlisten?.();
      await loop?.stop();
      mailer?.close();
    },
  };
}
