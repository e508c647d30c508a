// The operations reports (維運管理報表), each one SQL query grouped by month (Asia/Taipei) and the
// report's own dimensions, over one period and the common filters (customs office, route,
// company). A report's rows for one month depend on that month alone, so a long period is run
// month by month (src/reports/jobs.ts) and closed months are kept as rollups.
//
// The customs office of a trip, CN or alert is the first letter of its origin's station code
// (DOMAIN: A Keelung, B Kaohsiung, C Taipei, D Taichung; station codes look like "CD198").
import { invalidField } from '../core/errors.ts';
import type { Queryable, Row } from '../store/db.ts';

export const REPORTS = ['trips', 'alerts', 'handling', 'sealings', 'device_health', 'programme'] as const;
export type ReportName = (typeof REPORTS)[number];

export interface ReportFilters {
  from: string;
  to: string;
  /** Customs office letter (A–D). */
  office?: string;
  route?: string;
  /** A company (UBN) the records concern: the trip's or alert's companies, the CN's sender. */
  company?: string;
  /** The handling target in seconds (ACK_TARGET_SECONDS; default HANDLING_TARGET_S). */
  targetS?: number;
}

export interface Column {
  key: string;
  zh: string;
  en: string;
}

export interface ReportResult {
  report: ReportName;
  filters: ReportFilters;
  columns: Column[];
  rows: Record<string, string | number | null>[];
}

/** The handling target (DOMAIN: Kaohsiung reports 3 minutes to handle an anomaly). */
export const HANDLING_TARGET_S = 180;

/** A time as Taipei wall-clock time (UTC+8, no daylight saving). */
const taipei = (col: string) => `((${col}) at time zone 'UTC' + interval '8 hours')`;
const month = (col: string) => `to_char(${taipei(col)}, 'YYYY-MM')`;
const officeOf = (code: string) => `coalesce(nullif(upper(left(${code}, 1)), ''), '?')`;

interface Def {
  columns: Column[];
  /** The query for [from, to) with the filters bound into `params`. */
  sql(f: ReportFilters, params: unknown[]): string;
}

const b = (params: unknown[], v: unknown) => {
  params.push(v);
  return `$${params.length}`;
};

function tripFilters(f: ReportFilters, params: unknown[], t: string): string {
  const w: string[] = [];
  if (f.office) w.push(`${officeOf(`${t}.origin`)} = ${b(params, f.office)}`);
  if (f.route) w.push(`${t}.route_code = ${b(params, f.route)}`);
  if (f.company) w.push(`${b(params, f.company)} = any(${t}.visible_to)`);
  return w.map((c) => ` and ${c}`).join('');
}

const col = (key: string, zh: string, en: string): Column => ({ key, zh, en });

const DEFS: Record<ReportName, Def> = {
  trips: {
    columns: [
      col('month', '月份', 'Month'), col('office', '關區', 'Customs office'), col('route', '路線', 'Route'),
      col('trips', '趟次', 'Trips'), col('closed', '已結案', 'Closed'), col('withAlerts', '有警示趟次', 'Trips with alerts'),
      col('avgTripMin', '平均行程(分)', 'Average trip (min)'),
    ],
    sql: (f, p) => `
      select ${month('t.created_at')} as month, ${officeOf('t.origin')} as office, coalesce(t.route_code, '-') as route,
             count(*)::int as trips,
             count(*) filter (where t.state = 'closed')::int as closed,
             count(*) filter (where exists (select 1 from alerts a where a.trip_id = t.trip_id))::int as "withAlerts",
             round(avg(extract(epoch from t.arrived_at - t.departed_at) / 60)::numeric, 1)::float8 as "avgTripMin"
        from trips t
       where t.created_at >= ${b(p, f.from)} and t.created_at < ${b(p, f.to)}${tripFilters(f, p, 't')}
       group by 1, 2, 3 order by 1, 2, 3`,
  },
  alerts: {
    columns: [
      col('month', '月份', 'Month'), col('alertType', '警示類型', 'Alert type'), col('severity', '嚴重度', 'Severity'),
      col('resolution', '處理結果', 'Resolution'), col('alerts', '件數', 'Alerts'),
    ],
    sql: (f, p) => `
      select ${month('a.opened_at')} as month, a.alert_type as "alertType", a.severity,
             coalesce(a.resolution, a.status) as resolution, count(*)::int as alerts
        from alerts a left join trips t on t.trip_id = a.trip_id
       where a.opened_at >= ${b(p, f.from)} and a.opened_at < ${b(p, f.to)}${alertFilters(f, p)}
       group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
  },
  handling: {
    columns: [
      col('month', '月份', 'Month'), col('officer', '處理人員', 'Officer'), col('shift', '班別', 'Shift'),
      col('alerts', '件數', 'Alerts'), col('medianS', '中位數(秒)', 'Median (s)'), col('p90S', 'P90(秒)', 'P90 (s)'),
      col('withinTarget', '目標時間內', 'Within target'), col('withinTargetPct', '達標率(%)', 'On target (%)'),
    ],
    sql: (f, p) => {
      const target = Math.round(f.targetS ?? HANDLING_TARGET_S);
      return `
      with h as (
        select a.opened_at, a.acknowledged_by, extract(epoch from a.acknowledged_at - a.opened_at)::float8 as s
          from alerts a left join trips t on t.trip_id = a.trip_id
         where a.acknowledged_at is not null and a.opened_at >= ${b(p, f.from)} and a.opened_at < ${b(p, f.to)}${alertFilters(f, p)}
      )
      select ${month('h.opened_at')} as month, coalesce(h.acknowledged_by, '-') as officer,
             case when extract(hour from ${taipei('h.opened_at')}) between 8 and 19 then 'day' else 'night' end as shift,
             count(*)::int as alerts,
             percentile_disc(0.5) within group (order by s) as "medianS",
             percentile_disc(0.9) within group (order by s) as "p90S",
             count(*) filter (where s <= ${target})::int as "withinTarget",
             round(100.0 * count(*) filter (where s <= ${target}) / count(*), 1)::float8 as "withinTargetPct"
        from h group by 1, 2, 3 order by 1, 2, 3`;
    },
  },
  sealings: {
    columns: [
      col('month', '月份', 'Month'), col('office', '關區', 'Customs office'), col('sealType', '封條種類', 'Seal type'),
      col('containers', '櫃數', 'Containers'), col('notes', 'CN 數', 'CNs'),
    ],
    sql: (f, p) => `
      select ${month('n.created_at')} as month, ${officeOf('n.origin')} as office, c.seal_type as "sealType",
             count(*)::int as containers, count(distinct n.cn_no)::int as notes
        from transport_notes n join transport_note_containers c on c.cn_no = n.cn_no
       where n.status = 'live' and n.created_at >= ${b(p, f.from)} and n.created_at < ${b(p, f.to)}${noteFilters(f, p)}
       group by 1, 2, 3 order by 1, 2, 3`,
  },
  device_health: {
    columns: [
      col('month', '月份', 'Month'), col('kind', '設備', 'Device'), col('firmware', '韌體/型號', 'Firmware/model'),
      col('devices', '登錄數', 'Registered'), col('reporting', '有回報', 'Reporting'), col('silent', '無回報', 'Silent'),
      col('positions', '定位筆數', 'Positions'), col('lowBatteryAlerts', '低電量警示', 'Low battery alerts'),
      col('silenceAlerts', '斷訊警示', 'Silence alerts'),
    ],
    sql: (f, p) => {
      const from = b(p, f.from);
      const to = b(p, f.to);
      // Aggregated per device first, then per model: hash joins over small sets, whatever the period.
      return `
      with d as (
        select id, kind, coalesce(body->>'firmware', body->>'model', '-') as firmware from devices
      ), pos as (
        select ${month('ts')} as month, device_id, count(*)::int as n
          from positions where ts >= ${from} and ts < ${to} group by 1, 2
      ), al as (
        select ${month('opened_at')} as month, coalesce(detail->>'deviceId', detail->>'sealId') as device_id,
               count(*) filter (where alert_type = 'low_battery')::int as low,
               count(*) filter (where alert_type in ('signal_lost', 'seal_link_lost'))::int as silence
          from alerts where opened_at >= ${from} and opened_at < ${to} and alert_type in ('low_battery', 'signal_lost', 'seal_link_lost')
         group by 1, 2
      ), per as (
        select coalesce(pos.month, al.month) as month, coalesce(pos.device_id, al.device_id) as device_id,
               coalesce(pos.n, 0) as n, coalesce(al.low, 0) as low, coalesce(al.silence, 0) as silence, pos.device_id is not null as reporting
          from pos full join al on al.month = pos.month and al.device_id = pos.device_id
      ), agg as (
        select per.month, d.kind, d.firmware, count(*) filter (where per.reporting) as reporting,
               sum(per.n) as positions, sum(per.low) as low, sum(per.silence) as silence
          from per join d on d.id = per.device_id group by 1, 2, 3
      ), fleet as (
        select kind, firmware, count(*) as devices from d group by 1, 2
      ), months as (select distinct month from per)
      select m.month, f.kind, f.firmware, f.devices::int as devices,
             coalesce(a.reporting, 0)::int as reporting, (f.devices - coalesce(a.reporting, 0))::int as silent,
             coalesce(a.positions, 0)::int as positions, coalesce(a.low, 0)::int as "lowBatteryAlerts",
             coalesce(a.silence, 0)::int as "silenceAlerts"
        from months m cross join fleet f
        left join agg a on a.month = m.month and a.kind = f.kind and a.firmware = f.firmware
       order by 1, 2, 3`;
    },
  },
  programme: {
    columns: [
      col('month', '月份', 'Month'), col('office', '關區', 'Customs office'), col('notes', 'CN 數', 'CNs'),
      col('truckEseal', '車機封條', 'Truck e-seal'), col('passive', '被動式封條', 'Passive seal'),
      col('truckEsealPct', '車機封條比例(%)', 'Truck e-seal share (%)'), col('escortsAvoided', '免押運趟次', 'Escort trips avoided'),
      col('avgTripMin', '平均行程(分)', 'Average trip (min)'), col('equippedTrucks', '裝機車輛', 'Equipped trucks'),
      col('drivers', '登錄駕駛', 'Registered drivers'),
    ],
    sql: (f, p) => `
      with n as (
        select n.cn_no, ${month('n.created_at')} as month, ${officeOf('n.origin')} as office, n.plate, n.driver_id,
               bool_or(c.seal_type = 'truck_eseal') as truck, bool_and(c.seal_type <> 'truck_eseal') as passive
          from transport_notes n join transport_note_containers c on c.cn_no = n.cn_no
         where n.status = 'live' and n.created_at >= ${b(p, f.from)} and n.created_at < ${b(p, f.to)}${noteFilters(f, p)}
         group by 1, 2, 3, 4, 5
      ), tt as (
        select n.month, n.office, avg(extract(epoch from t.arrived_at - t.departed_at) / 60) as trip_min,
               count(distinct t.trip_id) filter (where t.state = 'closed' and not exists (select 1 from alerts a where a.trip_id = t.trip_id and a.severity = 'critical')) as monitored
          from n join trips t on n.cn_no = any(t.cn_nos) group by 1, 2
      )
      select n.month, n.office, count(*)::int as notes,
             count(*) filter (where n.truck)::int as "truckEseal", count(*) filter (where n.passive)::int as passive,
             round(100.0 * count(*) filter (where n.truck) / count(*), 1)::float8 as "truckEsealPct",
             coalesce(max(tt.monitored), 0)::int as "escortsAvoided",
             round(max(tt.trip_min)::numeric, 1)::float8 as "avgTripMin",
             count(distinct n.plate) filter (where exists (select 1 from devices d where d.plate = n.plate and d.kind = 'obu')
                or exists (select 1 from vehicles v where v.plate = n.plate and v.obu_id is not null))::int as "equippedTrucks",
             count(distinct n.driver_id) filter (where exists (select 1 from drivers dr where dr.national_id = n.driver_id))::int as drivers
        from n left join tt on tt.month = n.month and tt.office = n.office
       group by 1, 2 order by 1, 2`,
  },
};

function alertFilters(f: ReportFilters, params: unknown[]): string {
  const w: string[] = [];
  if (f.office) w.push(`${officeOf('t.origin')} = ${b(params, f.office)}`);
  if (f.route) w.push(`t.route_code = ${b(params, f.route)}`);
  if (f.company) w.push(`${b(params, f.company)} = any(a.visible_to)`);
  return w.map((c) => ` and ${c}`).join('');
}

function noteFilters(f: ReportFilters, params: unknown[]): string {
  const w: string[] = [];
  if (f.office) w.push(`${officeOf('n.origin')} = ${b(params, f.office)}`);
  if (f.route) w.push(`n.route_code = ${b(params, f.route)}`);
  if (f.company) w.push(`n.sender_ubn = ${b(params, f.company)}`);
  return w.map((c) => ` and ${c}`).join('');
}

export const columnsOf = (r: ReportName): Column[] => DEFS[r].columns;

/** Checks a report name and filters as the API and schedules take them. */
export function checkFilters(f: ReportFilters): ReportFilters {
  const from = Date.parse(f.from);
  const to = Date.parse(f.to);
  if (!Number.isFinite(from)) throw invalidField('/from', 'must be a date-time', 'string.format', { format: 'date-time' });
  if (!Number.isFinite(to)) throw invalidField('/to', 'must be a date-time', 'string.format', { format: 'date-time' });
  if (to <= from) throw invalidField('/to', 'must be after from', 'range.reversed', { after: 'from' });
  if (to - from > 3 * 366 * 86400_000) throw invalidField('/to', 'a report covers at most three years', 'range.too_long_years', { maxYears: 3 });
  if (f.office !== undefined && !/^[A-D]$/.test(f.office)) throw invalidField('/office', 'a customs office is A, B, C or D', 'enum', { allowed: 'A, B, C, D' });
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(f.office ? { office: f.office } : {}),
    ...(f.route ? { route: f.route } : {}),
    ...(f.company ? { company: f.company } : {}),
  };
}

const numeric = (r: Row): Record<string, string | number | null> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v === null || typeof v === 'number' || typeof v === 'string' ? v : String(v)]));

/** One report over [from, to) in one query (a short period; a long one goes through jobs.ts). */
export async function runReport(q: Queryable, report: ReportName, filters: ReportFilters): Promise<ReportResult> {
  const params: unknown[] = [];
  const sql = DEFS[report].sql(filters, params);
  const rows = (await q.query(sql, params)).map(numeric);
  return { report, filters, columns: DEFS[report].columns, rows };
}

/** Taipei calendar months overlapping [from, to), each as its [from, to) clipped to the period. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string; whole: boolean }[] {
  const H8 = 8 * 3600_000;
  const start = Date.parse(from);
  const end = Date.parse(to);
  const out: { month: string; from: string; to: string; whole: boolean }[] = [];
  const d = new Date(start + H8);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  for (;;) {
    const ms = Date.UTC(y, m, 1) - H8;
    const me = Date.UTC(y, m + 1, 1) - H8;
    if (ms >= end) break;
    const f = Math.max(ms, start);
    const t = Math.min(me, end);
    out.push({ month: `${y}-${String(m + 1).padStart(2, '0')}`, from: new Date(f).toISOString(), to: new Date(t).toISOString(), whole: f === ms && t === me });
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}
