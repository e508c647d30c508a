// Prometheus metrics for the people who run SealWatch. Counters that the platform already keeps
// (intake, engine, output writer) are read at scrape time through collect callbacks, so the hot
// path pays nothing for them; only the process metrics (event-loop lag, memory, GC) run their own
// sampling, from prom-client's defaults.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../store/db.ts';

/** What the monitor exposes of itself (Monitor.stats()); absent while the engine is not running. */
export interface MonitorStats {
  intake: { batches: number; inputs: number; largestBatch: number; failedBatches: number; queued?: number };
  engine: { applied: number; ticks: number; errors: number; outputs: number; refusedSeals?: number; dropped?: Record<string, number> };
  writer: { batches: number; records: number; positions: number; alerts: number; failedBatches: number; queued: number };
  /** The start's replay (with the snapshot it restored, if any) and snapshots taken since (src/snapshots). */
  rebuilt?: { inputs: number; ms: number } | null;
  snapshots?: { taken: number; failed: number; restored: { ms: number } | null } | null;
}

export interface MetricsSources {
  db: Db;
  monitor?: () => MonitorStats | undefined;
}

export interface PlatformMetrics {
  registry: Registry;
  /** Times one query of the database; the readiness probe uses it too. */
  probeDb(): Promise<number>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  /** Counts what the monitor publishes (its listener). */
  observe(events: readonly { type: string; data: unknown }[]): void;
}

export function createMetrics(sources: MetricsSources): PlatformMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sealwatch_process_' });
  const stats = () => sources.monitor?.();

  const dbLatency = new Histogram({
    name: 'sealwatch_db_probe_seconds',
    help: 'Round trip of a trivial query to the database, measured at each scrape and readiness probe',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  async function probeDb(): Promise<number> {
    const start = process.hrtime.bigint();
    await sources.db.query('select 1');
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    dbLatency.observe(seconds);
    return seconds;
  }

  // Totals kept by the platform since start, exposed as counters (they only grow).
  const counterFrom = (name: string, help: string, read: (s: MonitorStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const s = stats();
        if (s) {
          this.reset();
          this.inc(read(s));
        }
      },
    });
  counterFrom('sealwatch_inputs_stored_total', 'Engine inputs (reports, registry changes, gate events) stored in the input log', (s) => s.intake.inputs);
  counterFrom('sealwatch_intake_batches_total', 'Group commits of the input log', (s) => s.intake.batches);
  counterFrom('sealwatch_intake_failed_batches_total', 'Input-log group commits that failed (their callers were not acknowledged)', (s) => s.intake.failedBatches);
  counterFrom('sealwatch_engine_inputs_applied_total', 'Inputs applied by the monitoring engine', (s) => s.engine.applied);
  counterFrom('sealwatch_engine_errors_total', 'Inputs the engine threw on', (s) => s.engine.errors);
  counterFrom(
    'sealwatch_seal_reports_refused_total',
    'Seal entries of OBU reports the engine refused: the seal is neither on the OBU\'s trip nor paired with it',
    (s) => s.engine.refusedSeals ?? 0,
  );
  counterFrom('sealwatch_positions_stored_total', 'Positions written to the positions table', (s) => s.writer.positions);
  counterFrom('sealwatch_snapshots_taken_total', 'Engine snapshots stored', (s) => s.snapshots?.taken ?? 0);
  counterFrom('sealwatch_snapshots_failed_total', 'Engine snapshots that could not be taken or stored', (s) => s.snapshots?.failed ?? 0);
  new Gauge({
    name: 'sealwatch_start_replay',
    help: 'The last start: inputs replayed from the input log, and seconds spent restoring a snapshot and replaying',
    labelNames: ['measure'],
    registers: [registry],
    collect() {
      const s = stats();
      if (!s?.rebuilt) return;
      this.set({ measure: 'inputs' }, s.rebuilt.inputs);
      this.set({ measure: 'seconds' }, ((s.snapshots?.restored?.ms ?? 0) + s.rebuilt.ms) / 1000);
    },
  });
  counterFrom('sealwatch_writer_failed_batches_total', 'Output batches that failed and were retried', (s) => s.writer.failedBatches);

  new Counter({
    name: 'sealwatch_fixes_dropped_total',
    help: 'Position fixes the engine did not use, by the reason its filters gave',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      const dropped = stats()?.engine.dropped;
      if (!dropped) return;
      this.reset();
      for (const [reason, n] of Object.entries(dropped)) this.inc({ reason }, n);
    },
  });

  new Gauge({
    name: 'sealwatch_queue_depth',
    help: 'Work waiting, by queue: intake (inputs not yet stored), writer (outputs not yet stored)',
    labelNames: ['queue'],
    registers: [registry],
    collect() {
      const s = stats();
      if (!s) return;
      this.set({ queue: 'writer' }, s.writer.queued);
      if (s.intake.queued !== undefined) this.set({ queue: 'intake' }, s.intake.queued);
    },
  });

  new Gauge({
    name: 'sealwatch_alerts_unresolved',
    help: 'Alerts not yet resolved, by type and handling status (open, acknowledged)',
    labelNames: ['type', 'status'],
    registers: [registry],
    async collect() {
      const rows = await sources.db.query<{ alert_type: string; status: string; n: string | number }>(
        `select alert_type, status, count(*) as n from alerts where status <> 'resolved' group by alert_type, status`,
      );
      this.reset();
      for (const r of rows) this.set({ type: r.alert_type, status: r.status }, Number(r.n));
    },
  });
  const alertsOpened = new Counter({
    name: 'sealwatch_alerts_opened_total',
    help: 'Alerts opened by the engine since start, by type',
    labelNames: ['type'] as const,
    registers: [registry],
  });

  const httpRequests = new Counter({
    name: 'sealwatch_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'sealwatch_db_up',
    help: '1 when the database answered the scrape\'s probe',
    registers: [registry],
    async collect() {
      try {
        await probeDb();
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });

  function observe(events: readonly { type: string; data: unknown }[]): void {
    for (const e of events) if (e.type === 'alert') alertsOpened.inc({ type: (e.data as { alertType: string }).alertType });
  }

  return { registry, probeDb, httpRequests, observe };
}
