// npm run bench:reports: a year of simulated activity summarised per month, the report path
// (src/reports/jobs.ts: one query per month, closed months kept as rollups) against a plain SQL
// group-by over the whole year on the same data, in the same run. JSON on stdout.
//   --positions N (default 10,000,000)  --alerts N (100,000)  --trips N (50,000)  --devices N (2,000)
//   --reuse: with DATABASE_URL, keep the data of an earlier run when its counts are these
// DATABASE_URL selects PostgreSQL (its tables are dropped and refilled: use a scratch database);
// unset, PGlite in a temporary directory. Data are made by SQL generate_series.
//
// Figures: wall time of each path, the longest the event loop was held (the server's
// responsiveness while the report runs: PGlite runs in this thread), and the process's memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { runReport, type ReportName } from '../src/reports/figures.ts';
import { runByMonth } from '../src/reports/jobs.ts';
import { monthsPerQueryFor } from '../src/reports/services.ts';

const { values } = parseArgs({
  options: {
    positions: { type: 'string', default: '10000000' },
    alerts: { type: 'string', default: '100000' },
    trips: { type: 'string', default: '50000' },
    devices: { type: 'string', default: '2000' },
    reuse: { type: 'boolean', default: false },
  },
});
const N = { positions: Number(values.positions), alerts: Number(values.alerts), trips: Number(values.trips), devices: Number(values.devices) };
/** The year 2025 in Taipei. */
const FROM = '2024-12-31T16:00:00.000Z';
const TO = '2025-12-31T16:00:00.000Z';
/** "Now" for the report path: 20 December 2025, so December is still open and computed. */
const NOW = Date.parse('2025-12-20T04:00:00Z');
const REPORTS: ReportName[] = ['alerts', 'handling', 'device_health', 'trips'];

const mb = (b: number) => Math.round(b / 1048576);
const dir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), 'sealwatch-bench-reports-'));
const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: dir ?? undefined });

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; maxBlockMs: number; rssMb: number; heapMb: number; value: T }> {
  // A 10 ms timer: the longest gap between its runs, less 10 ms, is the longest the loop was held.
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  let last = performance.now();
  let maxGap = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 10);
  const t0 = performance.now();
  const value = await fn();
  const ms = Math.round(performance.now() - t0);
  clearInterval(sampler);
  maxGap = Math.max(maxGap, performance.now() - last);
  const m = process.memoryUsage();
  return { ms, maxBlockMs: Math.max(0, Math.round(maxGap - 10)), rssMb: mb(Math.max(rss, m.rss)), heapMb: mb(Math.max(heap, m.heapUsed)), value };
}

async function load() {
  if (process.env.DATABASE_URL) {
    for (const t of ['positions', 'alerts', 'trips', 'devices', 'report_rollups']) await db.query(`delete from ${t}`);
  }
  // Bulk load without the secondary indexes, then build them (as a restore would).
  await db.query(`drop index if exists positions_ts`);
  await db.query(`drop index if exists positions_plate_ts`);
  await db.query(`drop index if exists positions_trip_ts`);
  await db.query(
    `insert into devices (id, kind, body)
     select case when i % 2 = 0 then 'OBU-' else 'SEAL-' end || i, case when i % 2 = 0 then 'obu' else 'seal' end,
            json_build_object('firmware', '1.' || (i % 4))::jsonb
       from generate_series(1, $1::int) i`,
    [N.devices],
  );
  const yearS = (Date.parse(TO) - Date.parse(FROM)) / 1000;
  // Positions: evenly over the year, round-robin over the devices (batches keep PGlite's memory flat).
  const batch = 1_000_000;
  for (let start = 0; start < N.positions; start += batch) {
    await db.query(
      `insert into positions (input_seq, device_id, plate, trip_id, ts, lat, lon, speed_kmh, received_at)
       select i, case when (i % $3::int) % 2 = 0 then 'OBU-' else 'SEAL-' end || (i % $3::int + 0),
              'KNA' || (6000 + i % 500), null, $4::timestamptz + make_interval(secs => (i - 1) * $5::float8),
              22.6 + (i % 1000) * 0.001, 120.3 + (i % 997) * 0.001, (i % 90)::real, $4::timestamptz + make_interval(secs => (i - 1) * $5::float8)
         from generate_series($1::bigint, $2::bigint) i`,
      [start + 1, Math.min(start + batch, N.positions), N.devices, FROM, yearS / N.positions],
    );
  }
  await db.query(
    `insert into trips (trip_id, plate, cn_nos, state, origin, destination, route_code, visible_to, created_at, updated_at, departed_at, arrived_at)
     select 'T' || i, 'KNA' || (6000 + i % 500), '{}', case when i % 10 = 0 then 'in_transit' else 'closed' end,
            (array['AK001','BK004','CY030','DY030'])[1 + i % 4], 'BK006', 'R' || (i % 20), '{12345681}',
            $2::timestamptz + make_interval(secs => i * $3::float8), $2::timestamptz + make_interval(secs => i * $3::float8),
            $2::timestamptz + make_interval(secs => i * $3::float8 + 600), $2::timestamptz + make_interval(secs => i * $3::float8 + 600 + 60 * (30 + i % 90))
       from generate_series(1, $1::int) i`,
    [N.trips, FROM, yearS / N.trips],
  );
  await db.query(
    `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, detail, opened_at, status, acknowledged_by, acknowledged_at, resolution, visible_to)
     select 'AL' || i, (array['seal_tamper','route_deviation','overdue','signal_lost','low_battery','seal_link_lost'])[1 + i % 6],
            (array['critical','high','medium','medium','low','medium'])[1 + i % 6], i % 6, 'T' || (1 + i % $4::int), 'KNA' || (6000 + i % 500),
            json_build_object('deviceId', case when i % 2 = 0 then 'OBU-' else 'SEAL-' end || (i % $5::int))::jsonb,
            $2::timestamptz + make_interval(secs => i * $3::float8),
            case when i % 5 = 0 then 'open' when i % 5 = 1 then 'acknowledged' else 'resolved' end,
            case when i % 5 = 0 then null else 'officer' || (i % 20) end,
            case when i % 5 = 0 then null else $2::timestamptz + make_interval(secs => i * $3::float8 + 20 + (i * 7919) % 400) end,
            case when i % 5 >= 2 then (array['violation','false_alarm','device_fault'])[1 + i % 3] end, '{12345681}'
       from generate_series(1, $1::int) i`,
    [N.alerts, FROM, yearS / N.alerts, N.trips, N.devices],
  );
  await db.query(`create index positions_ts on positions (ts)`);
  await db.query(`create index positions_plate_ts on positions (plate, ts)`);
  await db.query(`create index positions_trip_ts on positions (trip_id, ts) where trip_id is not null`);
  await db.query(`analyze`);
}

const migrated = await timed(() => migrate(db));
async function loaded_(): Promise<boolean> {
  if (!values.reuse || !process.env.DATABASE_URL) return false;
  const [c] = await db.query(`select (select count(*) from positions)::int as p, (select count(*) from alerts)::int as a, (select count(*) from trips)::int as t`);
  return c.p === N.positions && c.a === N.alerts && c.t === N.trips;
}
const reused = await loaded_();
if (reused) await db.query(`delete from report_rollups`);
const loaded = await timed(async () => (reused ? undefined : load()));
const monthsPerQuery = monthsPerQueryFor(db.kind);
const filters = { from: FROM, to: TO };

// The plain group-by: each report's query over the whole year at once, and the bare monthly count
// of positions and alerts.
const plain = await timed(async () => {
  const out: Record<string, number> = {};
  for (const r of REPORTS) out[r] = (await runReport(db, r, filters)).rows.length;
  out.positionsPerMonth = (await db.query(`select to_char(ts at time zone 'UTC' + interval '8 hours', 'YYYY-MM') m, count(*) from positions group by 1`)).length;
  return out;
});
// The report path, first run: month by month, each closed month kept.
const cold = await timed(async () => {
  const out: Record<string, number> = {};
  for (const r of REPORTS) out[r] = (await runByMonth(db, r, filters, { now: NOW, monthsPerQuery })).rows.length;
  return out;
});
// The report path again (a scheduled or repeated report): eleven months read, December computed.
const warm = await timed(async () => {
  const out: Record<string, number> = {};
  for (const r of REPORTS) out[r] = (await runByMonth(db, r, filters, { now: NOW, monthsPerQuery })).rows.length;
  return out;
});
// Same figures either way (rollups are stored as jsonb, which orders keys its own way).
const canonical = (rows: Record<string, unknown>[]) => JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)))));
const same = [];
for (const r of REPORTS) {
  const a = (await runReport(db, r, filters)).rows;
  const b = (await runByMonth(db, r, filters, { now: NOW, monthsPerQuery })).rows;
  same.push(canonical(a) === canonical(b));
}
const [{ positions }] = await db.query(`select count(*)::int as positions from positions`);
const [{ alerts }] = await db.query(`select count(*)::int as alerts from alerts`);

const phase = (p: { ms: number; maxBlockMs: number; rssMb: number; heapMb: number }) => ({ ms: p.ms, maxEventLoopBlockMs: p.maxBlockMs, peakRssMb: p.rssMb, peakHeapMb: p.heapMb });
console.log(
  JSON.stringify(
    {
      bench: 'reports',
      database: db.kind,
      data: { positions, alerts, trips: N.trips, devices: N.devices, year: '2025 (Asia/Taipei)', reports: REPORTS },
      loadMs: reused ? 'reused' : loaded.ms,
      monthsPerQuery,
      migrateMs: migrated.ms,
      plainGroupBy: { ...phase(plain), rows: plain.value },
      reportPathFirstRun: { ...phase(cold), rows: cold.value },
      reportPathWithRollups: { ...phase(warm), rows: warm.value },
      ratios: {
        firstRunOverPlain: Math.round((cold.ms / plain.ms) * 100) / 100,
        withRollupsOverPlain: Math.round((warm.ms / plain.ms) * 100) / 100,
        eventLoopBlockFirstRunOverPlain: plain.maxBlockMs ? Math.round((cold.maxBlockMs / plain.maxBlockMs) * 100) / 100 : null,
      },
      sameRows: same.every(Boolean),
    },
    null,
    2,
  ),
);
await db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
