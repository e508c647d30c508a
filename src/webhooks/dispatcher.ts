// Delivers the webhook outbox: claims due deliveries, POSTs each signed payload, records the
// outcome. At least once: a delivery is done only after a 2xx answer; a worker that dies while
// sending loses only its lease, and the delivery is sent again when the lease runs out. Receivers
// deduplicate by the X-SealWatch-Delivery header.
import { componentLog } from '../ops/log.ts';
import type { ServerExtension } from '../platform.ts';
import type { Db, Row } from '../store/db.ts';
import type { BlockList } from 'node:net';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.ts';
import { allowedNetworks, destinationProblem } from './destination.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.ts';

export interface DispatcherLog {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DispatcherOptions {
  /** Pause between polls of the outbox when it had nothing more to send. */
  pollMs?: number;
  /** Deliveries claimed (and sent concurrently) per round. */
  batchSize?: number;
  /** Time allowed for one HTTP attempt. */
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** The clock deciding what is due and stamping signatures; tests pass their own. */
  now?: () => Date;
  random?: () => number;
  fetch?: typeof fetch;
  log?: DispatcherLog;
  /** Private networks receivers may be on (default none; the server passes WEBHOOK_ALLOWED_NETWORKS); see destination.ts. */
  allowedNetworks?: string;
}

export interface WebhookDispatcher {
  /** Sends what is due now; resolves with the number of deliveries attempted. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

interface Settings {
  batchSize: number;
  timeoutMs: number;
  backoff: BackoffOptions;
  now: () => Date;
  random: () => number;
  fetch: typeof fetch;
  log?: DispatcherLog;
  allowed: BlockList;
}

/** A claimed delivery is not claimed again for this long: the HTTP attempt plus a margin. */
const leaseMs = (s: Settings) => s.timeoutMs + 30_000;

async function claimDue(db: Db, s: Settings): Promise<Row[]> {
  const now = s.now();
  return db.query(
    `update webhook_deliveries d set next_attempt_at = $2::timestamptz
     from webhook_subscriptions s
     where s.id = d.subscription and d.id in (
       select id from webhook_deliveries
       where delivered_at is null and failed_at is null and next_attempt_at <= $1::timestamptz
       order by next_attempt_at, id limit $3 for update skip locked)
     returning d.id, d.event, d.payload, d.attempts, s.url, s.secret, s.deleted_at`,
    [now.toISOString(), new Date(now.getTime() + leaseMs(s)).toISOString(), s.batchSize],
  );
}

type Attempt = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(d: Row, s: Settings): Promise<Attempt> {
  const refused = await destinationProblem(d.url, s.allowed);
  if (refused) return { ok: false, status: null, error: `refused: ${refused}` };
  const body = JSON.stringify(d.payload);
  const t = Math.floor(s.now().getTime() / 1000);
  try {
    const res = await s.fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'SealWatch-Webhooks/1',
        [DELIVERY_HEADER]: d.id,
        [EVENT_HEADER]: d.event,
        [SIGNATURE_HEADER]: signatureHeader(d.secret, body, t),
      },
      body,
      // A redirect is the receiver's misconfiguration, not a delivery.
      redirect: 'manual',
      signal: AbortSignal.timeout(s.timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return { ok: false, status: null, error: e.cause?.message ?? e.message };
  }
}

async function record(db: Db, d: Row, a: Attempt, s: Settings): Promise<void> {
  const now = s.now();
  const attempts = d.attempts + 1;
  if (a.ok) {
    await db.query(
      'update webhook_deliveries set attempts = $2, delivered_at = $3, last_status = $4, last_error = null where id = $1',
      [d.id, attempts, now.toISOString(), a.status],
    );
    return;
  }
  if (attempts >= s.backoff.maxAttempts) {
    s.log?.warn({ delivery: d.id, attempts, error: a.error }, 'webhook delivery given up');
    await db.query('update webhook_deliveries set attempts = $2, failed_at = $3, last_status = $4, last_error = $5 where id = $1', [
      d.id, attempts, now.toISOString(), a.status, a.error,
    ]);
    return;
  }
  const next = new Date(now.getTime() + retryDelayMs(attempts, s.backoff, s.random));
  await db.query('update webhook_deliveries set attempts = $2, next_attempt_at = $3, last_status = $4, last_error = $5 where id = $1', [
    d.id, attempts, next.toISOString(), a.status, a.error,
  ]);
}

async function deliver(db: Db, d: Row, s: Settings): Promise<void> {
  if (d.deleted_at) {
    await db.query(`update webhook_deliveries set failed_at = $2, last_error = 'subscription deleted' where id = $1`, [d.id, s.now().toISOString()]);
    return;
  }
  await record(db, d, await post(d, s), s);
}

function settings(o: DispatcherOptions): Settings {
  return {
    batchSize: o.batchSize ?? 20,
    timeoutMs: o.timeoutMs ?? 10_000,
    backoff: { ...DEFAULT_BACKOFF, ...o.backoff },
    now: o.now ?? (() => new Date()),
    random: o.random ?? Math.random,
    fetch: o.fetch ?? fetch,
    log: o.log,
    allowed: allowedNetworks(o.allowedNetworks),
  };
}

/** A dispatcher that sends only when asked (`runOnce`): for tests and for `startWebhookDispatcher`. */
export function createWebhookDispatcher(db: Db, opts: DispatcherOptions = {}): WebhookDispatcher {
  const s = settings(opts);
  return {
    async runOnce() {
      const due = await claimDue(db, s);
      await Promise.all(due.map((d) => deliver(db, d, s)));
      return due.length;
    },
    async stop() {},
  };
}

/** Polls the outbox until stopped; a full round is followed at once by another. */
export function startWebhookDispatcher(db: Db, opts: DispatcherOptions = {}): WebhookDispatcher {
  const inner = createWebhookDispatcher(db, opts);
  const pollMs = opts.pollMs ?? 2_000;
  const batchSize = opts.batchSize ?? 20;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  const loop = () => {
    round = (async () => {
      let sent = 0;
      try {
        sent = await inner.runOnce();
      } catch (err) {
        opts.log?.error({ err }, 'webhook dispatch round failed');
      }
      if (stopped) return;
      timer = setTimeout(loop, sent >= batchSize ? 0 : pollMs);
      timer.unref();
    })();
  };
  loop();

  return {
    runOnce: () => inner.runOnce(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}

/**
 * The dispatcher as a part of the server: add `webhookExtension()` to src/extensions.ts and it
 * starts once the API listens and stops (finishing its round) when the server closes.
 */
export function webhookExtension(opts: DispatcherOptions = {}): ServerExtension {
  let running: WebhookDispatcher | undefined;
  return {
    name: 'webhooks',
    async afterListen(ctx) {
      running = startWebhookDispatcher(ctx.db, { log: componentLog(ctx, 'webhooks'), allowedNetworks: ctx.config.webhooks.allowedNetworks, ...opts });
    },
    async close() {
      await running?.stop();
    },
  };
}
