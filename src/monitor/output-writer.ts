// The batch writer for the engine's outputs: records queue up while a batch is being written, and
// the next batch stores them in one transaction (one insert per table; alerts and trip changes
// ahead of queued positions), then tells the listeners (/stream, the command dispatcher) what was
// stored. A new alert that arrives while a batch is being written does not wait for it: it is
// stored and published beside it (writeAlerts).
//
// Every write is idempotent, so a rebuild may hand over records that were stored before a crash:
// positions by input seq, trip events by (trip, number), alerts by their deterministic id, alert
// events by a key, commands by their deterministic id. Only what was newly stored is published,
// so an alert is never announced twice. A new alert's notification event (the notifier's outbox)
// is stored in the same transaction: people are told of every stored alert, once.
//
// One bad record (a time the store cannot hold, ...) must not stop the storing of everything else:
// a batch the store refuses is written again record by record, and a record the store refuses on
// its own while it answers is quarantined (quarantine.ts) and skipped. A batch that fails because
// the store itself does (down, overloaded) is retried as a whole.
import { enqueueAlertNotifications } from '../notifications/events.ts';
import type { Db, Queryable } from '../store/db.ts';
import { outputEntry, quarantine } from './quarantine.ts';
import { forEachValuesChunk, unnestRows } from './sql.ts';
import {
  SEVERITY_RANK,
  type AlertClearedRecord, type AlertRecord, type AlertUpdatedRecord, type CommandRecord, type MonitorEvent, type MonitorListener, type OutputRecord,
  type PositionRecord, type TripRecord,
} from './records.ts';

export interface OutputWriterOptions {
  maxBatch?: number;
  /** Wait before retrying a failed batch (ms). */
  retryMs?: number;
  onError?: (err: unknown) => void;
  /** A record the store refused was set aside (quarantine table) and skipped. */
  onQuarantined?: (key: string, reason: string) => void;
  /** Every batch once stored (its progress marks say what is stored up to where). */
  onStored?: (batch: readonly OutputRecord[]) => void;
}

export interface WriterStats {
  batches: number;
  records: number;
  positions: number;
  alerts: number;
  failedBatches: number;
  queued: number;
  /** Batches of alerts written beside a batch in flight. */
  alertLaneBatches: number;
  /** Records the store refused on their own: quarantined and skipped. */
  quarantined: number;
  /** Records not stored because the store was failing at shutdown (derived again at the next start). */
  abandoned: number;
}

export class OutputWriter {
  /** Positions and progress marks, in the engine's order. */
  private queue: OutputRecord[] = [];
  /**
   * Alerts, trip changes, commands and acknowledgements: every batch takes all of them, ahead of
   * the queued positions, so that under a backlog an alert reaches /stream after one batch rather
   * than after every position before it. They are written idempotently and published only when
   * newly stored, so going ahead is safe; and since a batch always takes all of them, a progress
   * mark is never stored before the records of the inputs it covers.
   */
  private urgent: OutputRecord[] = [];
  /** A batch (positions and every urgent record) is being written. */
  private writing = false;
  /** Alerts that arrived during that batch are being written beside it (see writeAlerts). */
  private alertLane = false;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private listeners = new Set<MonitorListener>();
  private idleWaiters: (() => void)[] = [];
  /** When false (during a rebuild), stored records are not published: nobody is listening yet. */
  publishing = true;
  readonly stats: WriterStats = {
    batches: 0, records: 0, positions: 0, alerts: 0, failedBatches: 0, queued: 0, alertLaneBatches: 0, quarantined: 0, abandoned: 0,
  };
  /** Shutting down: a failed batch is not retried. */
  private closing = false;
  /** The store failed during shutdown: nothing more is written (a later progress mark would cover what was lost). */
  private gaveUp = false;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Db,
    private readonly opts: OutputWriterOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 2000;
  }

  private pending(): number {
    return this.queue.length + this.urgent.length;
  }

  listen(listener: MonitorListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  push = (records: OutputRecord[]): void => {
    if (this.gaveUp) {
      this.stats.abandoned += records.length;
      return;
    }
    let alert = false;
    for (const r of records) {
      (isQueued(r) ? this.queue : this.urgent).push(r);
      if (r.kind === 'alert') alert = true;
    }
    this.stats.queued = this.pending();
    if (alert && this.writing && !this.alertLane && !this.retryTimer) void this.writeAlerts();
    if (!this.writing && !this.scheduled && !this.retryTimer) {
      // Let the rest of this turn's records join the batch.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.writeNext();
      });
    }
  };

  private async writeNext(): Promise<void> {
    if (this.writing || this.alertLane || this.retryTimer || this.pending() === 0) {
      if (this.idle()) for (const w of this.idleWaiters.splice(0)) w();
      return;
    }
    this.writing = true;
    const batch = [...this.urgent.splice(0), ...this.queue.splice(0, Math.min(this.queue.length, this.maxBatch))];
    this.stats.queued = this.pending();
    const left = await this.store(batch);
    this.writing = false;
    if (left.length && this.closing) {
      // Not retried at shutdown: their progress mark is not stored, so the next start derives them
      // again from the input log. Nothing after them may be stored either.
      this.giveUp(left);
      return;
    }
    if (left.length) {
      // The records can be derived again from the stored inputs, but dropping them would leave the
      // store behind the engine: put them back at the head and try again.
      this.requeue(left);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.writeNext();
      }, this.opts.retryMs ?? 1000);
      return;
    }
    void this.writeNext();
  }

  /**
   * New alerts that arrive while a batch is being written are stored and published in a
   * transaction of their own beside it, rather than after it: under load a batch of positions
   * takes tens of milliseconds, and an officer should not wait for it. Only alerts go this way: a
   * clear, an acknowledgement or a trip change may update a row that the batch in flight has
   * inserted and not yet committed, which a concurrent UPDATE would not see. The next batch waits
   * for this one, because its progress marks may cover these alerts (their inputs came after every
   * mark of the batch in flight, so no mark of that batch covers them).
   */
  private async writeAlerts(): Promise<void> {
    const alerts = this.urgent.filter((r) => r.kind === 'alert');
    this.urgent = this.urgent.filter((r) => r.kind !== 'alert');
    this.alertLane = true;
    const left = await this.store(alerts);
    // Not stored: they go with the next batch.
    if (left.length) this.urgent.unshift(...left);
    else this.stats.alertLaneBatches++;
    this.alertLane = false;
    void this.writeNext();
  }

  /**
   * Writes one batch atomically and publishes what was newly stored. If the store refuses it, the
   * batch is written record by record (oneByOne). Returns the records left to retry: none unless
   * the store itself is failing.
   */
  private async store(batch: OutputRecord[]): Promise<OutputRecord[]> {
    try {
      this.stored(batch, await write(this.db, batch));
      return [];
    } catch (err) {
      this.stats.failedBatches++;
      this.opts.onError?.(err);
      return this.oneByOne(batch);
    }
  }

  /**
   * Writes a refused batch one record at a time, quarantining each record the store refuses on its
   * own; the progress marks last, once everything they cover is stored or quarantined. Stops at
   * the first failure of the store itself and returns what is left.
   */
  private async oneByOne(batch: OutputRecord[]): Promise<OutputRecord[]> {
    const records = batch.filter((r) => r.kind !== 'progress');
    let progress = 0;
    for (const r of batch) if (r.kind === 'progress') progress = Math.max(progress, r.seq);
    const marks: OutputRecord[] = progress > 0 ? [{ kind: 'progress', seq: progress }] : [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      try {
        this.stored([r], await write(this.db, [r]));
      } catch (err) {
        if (!(await this.refusedOnItsOwn(err))) return [...records.slice(i), ...marks];
        await this.setAside(r, err);
      }
    }
    if (marks.length) {
      try {
        this.stored(marks, await write(this.db, marks));
      } catch (err) {
        this.opts.onError?.(err);
        return marks;
      }
    }
    return [];
  }

  /**
   * The record is bad, not the store: the store's error is a data exception or an integrity
   * violation (SQLSTATE classes 22, 23: a time out of range, a NUL in a text, ...); an error
   * without a SQLSTATE (the driver's own) counts only if the store still answers. Anything else
   * (connection, read-only, resources, ...) is the store's and would refuse any record.
   */
  private async refusedOnItsOwn(err: unknown): Promise<boolean> {
    const code = (err as { code?: unknown })?.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return /^(22|23)/.test(code);
    try {
      await this.db.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  private async setAside(r: OutputRecord, err: unknown): Promise<void> {
    const entry = outputEntry(r, err);
    this.stats.quarantined++;
    try {
      await quarantine(this.db, entry);
    } catch (qErr) {
      // Skipped all the same: the log line is then the only trace.
      this.opts.onError?.(qErr);
    }
    this.opts.onQuarantined?.(entry.key, entry.reason);
  }

  /** Counts and publishes a stored batch. */
  private stored(batch: OutputRecord[], events: MonitorEvent[]): void {
    this.stats.batches++;
    this.stats.records += batch.length;
    this.opts.onStored?.(batch);
    for (const e of events) {
      if (e.type === 'position') this.stats.positions++;
      if (e.type === 'alert') this.stats.alerts++;
    }
    if (this.publishing && events.length) {
      for (const l of this.listeners) {
        try {
          l(events);
        } catch (err) {
          this.opts.onError?.(err);
        }
      }
    }
  }

  private giveUp(left: OutputRecord[]): void {
    this.gaveUp = true;
    this.stats.abandoned += left.length + this.pending();
    this.queue = [];
    this.urgent = [];
    this.stats.queued = 0;
    this.opts.onError?.(new Error(`the store is failing at shutdown: ${this.stats.abandoned} records not stored; the next start derives them again`));
    if (this.idle()) for (const w of this.idleWaiters.splice(0)) w();
  }

  private requeue(batch: OutputRecord[]): void {
    this.urgent.unshift(...batch.filter((r) => !isQueued(r)));
    this.queue.unshift(...batch.filter(isQueued));
    this.stats.queued = this.pending();
  }

  private idle(): boolean {
    return !this.writing && !this.alertLane && !this.scheduled && !this.retryTimer && this.pending() === 0;
  }

  /** Resolves when every record pushed so far is stored. */
  async drained(): Promise<void> {
    if (this.idle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops retrying and resolves once every record pushed so far is stored or given up: a batch
   * waiting to be retried gets one more attempt, and a batch that fails now is not retried (its
   * progress mark is not stored, so the next start derives its records again from the input log).
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      void this.writeNext();
    }
    await this.drained();
  }
}

/** Writes one batch atomically; returns the events to publish. */
function write(db: Db, batch: OutputRecord[]): Promise<MonitorEvent[]> {
  // Outputs are derived from the durable input log, and the progress mark commits with them:
  // a crash that loses the last batches loses their mark too, and the rebuild writes them again.
  return batch.every(isQueued)
    ? writePositionsOnly(db, batch)
    : db.transaction((tx) => writeBatch(tx, batch), { asyncCommit: true });
}

/** Positions and progress marks wait in the queue; everything else goes ahead of them. */
function isQueued(r: OutputRecord): boolean {
  return r.kind === 'position' || r.kind === 'progress';
}

const POSITION_COLUMNS = 'input_seq, device_id, plate, trip_id, ts, lat, lon, speed_kmh, heading, received_at';

function positionRows(positions: PositionRecord[]): { select: string; params: unknown[][] } {
  return unnestRows(
    positions.map((r) => {
      const p = r.position;
      return [r.inputSeq, p.deviceId, p.plate || null, p.tripId, p.ts, p.lat, p.lon, p.speedKmh ?? null, p.heading ?? null, r.at];
    }),
    ['int8', 'text', 'text', 'text', 'timestamptz', 'float8', 'float8', 'float4', 'float4', 'timestamptz'],
  );
}

/**
 * A batch of only positions and progress marks (most batches under load) is one statement, atomic
 * by itself, instead of four round trips (begin, insert, progress, commit). set_config(…, true)
 * holds for the statement's own transaction, so it too commits without waiting for the WAL flush.
 */
async function writePositionsOnly(q: Queryable, batch: OutputRecord[]): Promise<MonitorEvent[]> {
  const positions: PositionRecord[] = [];
  let progress = 0;
  for (const r of batch) {
    if (r.kind === 'position') positions.push(r);
    else if (r.kind === 'progress') progress = Math.max(progress, r.seq);
  }
  const { select, params } = positionRows(positions);
  const p = params.length + 1;
  await q.query(
    `with stored as (insert into positions (${POSITION_COLUMNS}) ${select} on conflict (input_seq) do nothing),
     progress as (
       update monitor_progress set outputs_seq = greatest(outputs_seq, $${p}::int8), updated_at = now() where id = 1 and $${p}::int8 > 0
     )
     select set_config('synchronous_commit', 'off', true)`,
    [...params, progress],
  );
  return eventsOf(batch, new Set(), new Set(), new Set(), new Map());
}

/** Stores one batch; returns the events to publish (only what was newly stored, in batch order). */
async function writeBatch(tx: Queryable, batch: OutputRecord[]): Promise<MonitorEvent[]> {
  const positions: PositionRecord[] = [];
  const trips: TripRecord[] = [];
  const alerts: AlertRecord[] = [];
  const cleared: AlertClearedRecord[] = [];
  const updated: AlertUpdatedRecord[] = [];
  const commands: CommandRecord[] = [];
  const acks: { at: string; deviceId: string }[] = [];
  let progress = 0;
  for (const r of batch) {
    switch (r.kind) {
      case 'position': positions.push(r); break;
      case 'trip': trips.push(r); break;
      case 'alert': alerts.push(r); break;
      case 'alertCleared': cleared.push(r); break;
      case 'alertUpdated': updated.push(r); break;
      case 'command': commands.push(r); break;
      case 'commandAck': acks.push(r); break;
      case 'progress': progress = Math.max(progress, r.seq); break;
    }
  }

  if (positions.length) {
    const { select, params } = positionRows(positions);
    await tx.query(`insert into positions (${POSITION_COLUMNS}) ${select} on conflict (input_seq) do nothing`, params);
  }

  if (trips.length) {
    await forEachValuesChunk(
      trips.map((r) => [r.trip.tripId, r.eventSeq, r.at, r.trip.state, r.trip.previousState, r.inputSeq]),
      ['text', 'int4', 'timestamptz', 'text', 'text', 'int8'],
      (values, params) =>
        tx.query(
          `insert into trip_events (trip_id, seq, at, state, previous_state, input_seq) values ${values}
           on conflict (trip_id, seq) do nothing`,
          params,
        ),
    );
    // One row per trip: the latest of this batch (an upsert may not touch a row twice).
    const latest = new Map<string, TripRecord>();
    for (const r of trips) latest.set(r.trip.tripId, r);
    await forEachValuesChunk(
      [...latest.values()].map((r) => {
        const v = r.view;
        return [
          r.trip.tripId, r.trip.plate, r.trip.cnNos, v?.containerNos ?? [], v?.seals.map((s) => s.id) ?? [], r.trip.state,
          v?.origin ?? null, v?.destination ?? null, v?.routeCode ?? null, r.audience, v ? JSON.stringify(v) : null,
          r.createdAt, r.at, v?.departedAt ?? null, v?.arrivedAt ?? null,
        ];
      }),
      ['text', 'text', 'text[]', 'text[]', 'text[]', 'text', 'text', 'text', 'text', 'text[]', 'jsonb', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz'],
      (values, params) =>
        tx.query(
          `insert into trips (trip_id, plate, cn_nos, container_nos, seal_ids, state, origin, destination, route_code,
             visible_to, view, created_at, updated_at, departed_at, arrived_at)
           values ${values}
           on conflict (trip_id) do update set
             plate = excluded.plate, cn_nos = excluded.cn_nos, container_nos = excluded.container_nos,
             seal_ids = excluded.seal_ids, state = excluded.state, origin = excluded.origin,
             destination = excluded.destination, route_code = excluded.route_code, visible_to = excluded.visible_to,
             view = excluded.view, updated_at = greatest(trips.updated_at, excluded.updated_at),
             departed_at = coalesce(excluded.departed_at, trips.departed_at),
             arrived_at = coalesce(excluded.arrived_at, trips.arrived_at)`,
          params,
        ),
    );
  }

  // A closed trip's notes no longer hold their seals (transport_notes.closed_at).
  for (const r of trips) {
    if (r.trip.state !== 'closed') continue;
    await tx.query('update transport_notes set closed_at = $2 where cn_no = any($1) and closed_at is null', [r.trip.cnNos, r.at]);
  }

  const newAlerts = new Set<string>();
  if (alerts.length) {
    const inserted = await forEachValuesChunk(
      alerts.map((r) => {
        const a = r.alert;
        return [
          a.alertId, a.alertType, a.severity, SEVERITY_RANK[a.severity] ?? 9, a.tripId, a.plate, a.cnNos, a.lat, a.lon,
          JSON.stringify(a.detail ?? {}), r.at, r.audience, r.inputSeq,
        ];
      }),
      ['text', 'text', 'text', 'int2', 'text', 'text', 'text[]', 'float8', 'float8', 'jsonb', 'timestamptz', 'text[]', 'int8'],
      (values, params) =>
        tx.query<{ alert_id: string }>(
          `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, cn_nos, lat, lon, detail,
             opened_at, visible_to, input_seq)
           values ${values} on conflict (alert_id) do nothing returning alert_id`,
          params,
        ),
    );
    for (const rows of inserted) for (const r of rows) newAlerts.add(r.alert_id);
    await insertAlertEvents(tx, alerts.map((r) => [r.alert.alertId, r.at, 'opened', `${r.alert.alertId}:opened`]));
    await enqueueAlertNotifications(tx, alerts.filter((r) => newAlerts.has(r.alert.alertId)));
  }

  // In order: a later amendment of the same alert merges over an earlier one.
  // An amendment names something new (another seal of the same tampering): an alert already
  // resolved, e.g. explained by an offline unseal record of the first seal, opens again, or the new
  // seal's opening would be hidden inside a closed alert.
  // The listeners hear the alert as it now stands, told to whoever may see the alert.
  const amended = new Map<AlertUpdatedRecord, Amended>();
  for (const r of updated) {
    const [was] = await tx.query<{ status: string }>('select status from alerts where alert_id = $1 for update', [r.updated.alertId]);
    const [now] = await tx.query<{ detail: Record<string, unknown>; visible_to: string[] }>(
      'update alerts set detail = detail || $2::jsonb where alert_id = $1 returning detail, visible_to',
      [r.updated.alertId, JSON.stringify(r.updated.detail)],
    );
    if (was && now) {
      amended.set(r, { detail: now.detail, status: was.status === 'resolved' ? 'open' : was.status, audience: now.visible_to ?? [] });
    }
    if (was?.status === 'resolved') {
      await tx.query(
        `update alerts set status = 'open', resolution = null, resolution_note = null, resolved_by = null, resolved_at = null where alert_id = $1`,
        [r.updated.alertId],
      );
      await insertAlertEvents(tx, [[r.updated.alertId, r.at, 'reopened', `${r.updated.alertId}:reopened:${r.inputSeq}`]]);
    }
  }

  const newlyCleared = new Set<string>();
  if (cleared.length) {
    const { select, params } = unnestRows(cleared.map((r) => [r.cleared.alertId, r.at]), ['text', 'timestamptz']);
    const updated = await tx.query<{ alert_id: string }>(
      `update alerts set cleared_at = v.at from (${select}) v(id, at)
       where alerts.alert_id = v.id and alerts.cleared_at is null returning alerts.alert_id`,
      params,
    );
    for (const r of updated) newlyCleared.add(r.alert_id);
    await insertAlertEvents(tx, cleared.map((r) => [r.cleared.alertId, r.at, 'cleared', `${r.cleared.alertId}:cleared`]));
  }

  const newCommands = new Set<string>();
  if (commands.length) {
    const inserted = await forEachValuesChunk(
      commands.map((r) => [r.commandId, r.command.deviceId, r.command.command, r.command.tripId ?? null, r.at, r.inputSeq]),
      ['text', 'text', 'text', 'text', 'timestamptz', 'int8'],
      (values, params) =>
        tx.query<{ command_id: string }>(
          `insert into commands (command_id, device_id, command, trip_id, at, input_seq) values ${values}
           on conflict (command_id) do nothing returning command_id`,
          params,
        ),
    );
    for (const rows of inserted) for (const r of rows) newCommands.add(r.command_id);
  }

  for (const a of acks) {
    await tx.query(
      `update commands set status = 'acknowledged', acknowledged_at = $2
       where device_id = $1 and command = 'unlock' and status in ('pending', 'sent', 'failed', 'expired')`,
      [a.deviceId, a.at],
    );
  }

  // Positions are timed by their inputs; the rest may come from ticks after the last input.
  let latestMs = -Infinity;
  for (const list of [trips, alerts, cleared, updated, commands] as { at: string }[][]) {
    for (const r of list) latestMs = Math.max(latestMs, Date.parse(r.at));
  }
  const latestAt = Number.isFinite(latestMs) ? new Date(latestMs).toISOString() : null;
  if (progress > 0 || latestAt !== null) {
    await tx.query(
      'update monitor_progress set outputs_seq = greatest(outputs_seq, $1), outputs_at = greatest(outputs_at, $2::timestamptz), updated_at = now() where id = 1',
      [progress, latestAt],
    );
  }

  return eventsOf(batch, newAlerts, newlyCleared, newCommands, amended);
}

/** An alert after an amendment was stored: its merged detail, status and audience. */
interface Amended {
  detail: Record<string, unknown>;
  status: string;
  audience: string[];
}

/**
 * What a stored batch tells the listeners: alerts, clears and commands only when newly stored;
 * amendments of alerts that are stored.
 */
function eventsOf(
  batch: OutputRecord[],
  newAlerts: Set<string>,
  newlyCleared: Set<string>,
  newCommands: Set<string>,
  amended: Map<AlertUpdatedRecord, Amended>,
): MonitorEvent[] {
  const events: MonitorEvent[] = [];
  for (const r of batch) {
    switch (r.kind) {
      case 'position':
        if (r.live) events.push({ type: 'position', at: r.at, data: r.position, audience: r.audience });
        break;
      case 'trip':
        events.push({
          type: 'trip',
          at: r.at,
          data: { ...(r.view ?? viewless(r)), ...r.trip, previousState: r.trip.previousState },
          audience: r.audience,
        });
        break;
      case 'alert':
        if (newAlerts.has(r.alert.alertId)) {
          events.push({ type: 'alert', at: r.at, data: { ...r.alert, openedAt: r.at, status: 'open' }, audience: r.audience });
        }
        break;
      case 'alertCleared':
        if (newlyCleared.has(r.cleared.alertId)) events.push({ type: 'alertCleared', at: r.at, data: r.cleared, audience: r.audience });
        break;
      case 'alertUpdated': {
        const a = amended.get(r);
        if (a) events.push({ type: 'alertUpdated', at: r.at, data: { ...r.updated, detail: a.detail, status: a.status }, audience: a.audience });
        break;
      }
      case 'command':
        if (newCommands.has(r.commandId)) {
          events.push({ type: 'command', at: r.at, data: { ...r.command, commandId: r.commandId }, audience: [] });
        }
        break;
      default:
        break;
    }
  }
  return events;
}

function insertAlertEvents(tx: Queryable, rows: unknown[][]): Promise<unknown> {
  const { select, params } = unnestRows(rows, ['text', 'timestamptz', 'text', 'text']);
  return tx.query(`insert into alert_events (alert_id, at, kind, event_key) ${select} on conflict (event_key) do nothing`, params);
}

function viewless(r: TripRecord) {
  return {
    tripId: r.trip.tripId, cnNos: r.trip.cnNos, plate: r.trip.plate, state: r.trip.state, origin: '', destination: '',
    routeCode: null, containerNos: [], seals: [], lastPosition: null, departedAt: null, arrivedAt: null, openAlerts: [],
  };
}
