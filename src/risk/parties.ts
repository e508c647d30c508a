// The risk of the drivers, vehicles and companies SealWatch watches, from its own history: the
// alerts they were part of in the last year, weighed by type (a seal tampered with counts more
// than a late arrival) and by how officers resolved them (a false alarm counts for nothing, a case
// referred to the police for much), the seizures and findings officers recorded, and the customs
// watchlist, which sets a floor on the level.
//
// `assessParty` is pure (facts in, level out); `riskOfParties` gathers the facts from the database
// for a driver, a vehicle and companies at once: a gate decision, a transport note's acceptance
// and the monitoring centre's trip badge all ask it.
import type { Queryable } from '../store/db.ts';

export const PARTY_KINDS = ['driver', 'vehicle', 'company'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const WATCH_LEVELS = ['low', 'medium', 'high'] as const;

/** How much one alert of each type says about a party (before its resolution is weighed). */
export const ALERT_WEIGHTS: Record<string, number> = {
  seal_tamper: 3,
  inspection_evasion: 3,
  unauthorized_facility: 2,
  gate_mismatch: 2,
  route_deviation: 1.5,
  abnormal_stop: 1,
  overdue: 0.5,
  departed_unconfirmed: 0.5,
  signal_lost: 0.5,
  seal_link_lost: 0.5,
  low_battery: 0,
};

/** How an alert's resolution weighs it: unresolved alerts count as they are. */
export const RESOLUTION_FACTORS: Record<string, number> = {
  false_alarm: 0,
  explained: 0.3,
  escalated: 1.5,
  referred_to_police: 3,
  unresolved: 1,
};

export const EVENT_WEIGHTS = { seizure: 5, finding: 2 } as const;

/** Score thresholds of the levels. */
export const LEVEL_AT: [RiskLevel, number][] = [
  ['high', 6],
  ['medium', 3],
  ['low', 1],
];

const ALERT_NAMES: Record<string, [string, string]> = {
  seal_tamper: ['seal tampering', '封條異常'],
  route_deviation: ['route deviation', '偏移路線'],
  inspection_evasion: ['inspection evasion', '逃避儀檢'],
  overdue: ['overdue arrival', '逾時進站'],
  abnormal_stop: ['abnormal stop', '異常停留'],
  unauthorized_facility: ['unauthorised facility', '進入未許可場所'],
  signal_lost: ['signal lost', '訊號中斷'],
  seal_link_lost: ['seal link lost', '封條連線中斷'],
  low_battery: ['low battery', '電量不足'],
  departed_unconfirmed: ['departed unconfirmed', '未確認即離站'],
  gate_mismatch: ['gate mismatch', '門哨比對不符'],
};
const RESOLUTION_NAMES: Record<string, [string, string]> = {
  false_alarm: ['false alarm', '誤報'],
  explained: ['explained', '已說明'],
  escalated: ['escalated', '移送調查'],
  referred_to_police: ['referred to police', '移送警察/檢察機關'],
  unresolved: ['unresolved', '未結案'],
};

export interface PartyFacts {
  kind: PartyKind;
  id: string;
  /** Alerts of the last year: type, resolution (or 'unresolved') and how many. */
  alerts: { type: string; resolution: string; count: number }[];
  /** Officers' records: seizures and findings. */
  events: { kind: 'seizure' | 'finding'; count: number }[];
  /** Trips of the last year (a company's score is per 20 trips: a large fleet has more alerts). */
  trips: number;
  watchlist: WatchEntry[];
}

export interface WatchEntry {
  id: number;
  kind: PartyKind;
  partyId: string;
  level: (typeof WATCH_LEVELS)[number];
  reason: string;
  until: string | null;
  createdBy: string;
  createdAt: string;
}

export interface RiskFactor {
  code: string;
  weight: number;
  en: string;
  zhTW: string;
}

export interface PartyRisk {
  kind: PartyKind;
  id: string;
  level: RiskLevel;
  score: number;
  factors: RiskFactor[];
  watchlist: WatchEntry[];
}

export const levelRank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);
export const maxLevel = (ls: RiskLevel[]): RiskLevel => ls.reduce<RiskLevel>((a, b) => (levelRank(b) > levelRank(a) ? b : a), 'none');

/** A party's level from its facts (pure). */
export function assessParty(f: PartyFacts): PartyRisk {
  const factors: RiskFactor[] = [];
  const byType = new Map<string, { count: number; weight: number; parts: [string, number][] }>();
  for (const a of f.alerts) {
    const w = (ALERT_WEIGHTS[a.type] ?? 1) * (RESOLUTION_FACTORS[a.resolution] ?? 1) * a.count;
    const e = byType.get(a.type) ?? { count: 0, weight: 0, parts: [] };
    e.count += a.count;
    e.weight += w;
    e.parts.push([a.resolution, a.count]);
    byType.set(a.type, e);
  }
  for (const [type, e] of byType) {
    if (e.weight <= 0) continue;
    const [en, zh] = ALERT_NAMES[type] ?? [type, type];
    const parts = e.parts.sort((a, b) => b[1] - a[1]);
    factors.push({
      code: `alert:${type}`,
      weight: e.weight,
      en: `${e.count} ${en} alert${e.count === 1 ? '' : 's'} (${parts.map(([r, n]) => `${n} ${RESOLUTION_NAMES[r]?.[0] ?? r}`).join(', ')})`,
      zhTW: `${zh}警示 ${e.count} 次（${parts.map(([r, n]) => `${RESOLUTION_NAMES[r]?.[1] ?? r} ${n}`).join('、')}）`,
    });
  }
  for (const ev of f.events) {
    if (ev.count <= 0) continue;
    const seizure = ev.kind === 'seizure';
    factors.push({
      code: ev.kind,
      weight: EVENT_WEIGHTS[ev.kind] * ev.count,
      en: `${ev.count} ${seizure ? 'seizure' : 'inspection finding'}${ev.count === 1 ? '' : 's'} recorded by officers`,
      zhTW: `關員登錄${seizure ? '查扣' : '查驗發現'} ${ev.count} 次`,
    });
  }
  let score = factors.reduce((s, x) => s + x.weight, 0);
  if (f.kind === 'company') score /= Math.max(1, f.trips / 20);
  let level: RiskLevel = LEVEL_AT.find(([, at]) => score >= at)?.[0] ?? 'none';
  for (const w of f.watchlist) {
    factors.push({ code: 'watchlist', weight: 0, en: `on the customs watchlist (${w.level}): ${w.reason}`, zhTW: `列入海關關注名單（${{ low: '低', medium: '中', high: '高' }[w.level]}）：${w.reason}` });
    level = maxLevel([level, w.level]);
  }
  factors.sort((a, b) => (a.code === 'watchlist' ? -1 : b.code === 'watchlist' ? 1 : b.weight - a.weight));
  return { kind: f.kind, id: f.id, level, score: Math.round(score * 100) / 100, factors, watchlist: f.watchlist };
}

export interface PartyQuery {
  driverId?: string;
  plate?: string;
  companyUbns?: string[];
}

export interface PartiesRisk {
  level: RiskLevel;
  parties: PartyRisk[];
}

const YEAR_MS = 365 * 86400_000;

export const presentWatch = (r: any): WatchEntry => ({
  id: Number(r.id),
  kind: r.party_kind,
  partyId: r.party_id,
  level: r.level,
  reason: r.reason,
  until: r.until ? new Date(r.until).toISOString() : null,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

async function factsOf(q: Queryable, kind: PartyKind, id: string, now: Date): Promise<PartyFacts> {
  const since = new Date(now.getTime() - YEAR_MS).toISOString();
  const alertSql = {
    vehicle: `select a.alert_type, a.resolution, a.status from alerts a where a.plate = $1 and a.opened_at > $2`,
    driver: `select distinct a.alert_id, a.alert_type, a.resolution, a.status from alerts a join transport_notes n on n.cn_no = any(a.cn_nos)
             where n.driver_id = $1 and a.opened_at > $2`,
    company: `select a.alert_type, a.resolution, a.status from alerts a where a.opened_at > $2
              and a.plate in (select plate from vehicles where fleet_ubn = $1)`,
  }[kind];
  const tripSql = {
    vehicle: `select count(*)::int as n from trips where plate = $1 and created_at > $2`,
    driver: `select count(*)::int as n from transport_notes where driver_id = $1 and created_at > $2`,
    company: `select count(*)::int as n from trips where created_at > $2 and plate in (select plate from vehicles where fleet_ubn = $1)`,
  }[kind];
  const alertRows = await q.query(alertSql, [id, since]);
  const counts = new Map<string, number>();
  for (const r of alertRows) {
    const key = `${r.alert_type}\u0000${r.status === 'resolved' && r.resolution ? r.resolution : 'unresolved'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [{ n: trips }] = await q.query(tripSql, [id, since]);
  const events = await q.query(`select kind, count(*)::int as n from risk_party_events where party_kind = $1 and party_id = $2 and at > $3 group by kind`, [kind, id, since]);
  const watch = await q.query(
    `select * from risk_watchlist where party_kind = $1 and party_id = $2 and removed_at is null and (until is null or until > $3) order by id`,
    [kind, id, now.toISOString()],
  );
  return {
    kind,
    id,
    alerts: [...counts].map(([k, count]) => {
      const [type, resolution] = k.split('\u0000');
      return { type, resolution, count };
    }),
    events: events.map((e) => ({ kind: e.kind, count: e.n })),
    trips,
    watchlist: watch.map(presentWatch),
  };
}

/**
 * The risk of the parties of a movement: a driver, a vehicle and companies (the vehicle's fleet,
 * when no company is named). Its level is the highest of theirs.
 */
export async function riskOfParties(q: Queryable, who: PartyQuery, now = new Date()): Promise<PartiesRisk> {
  const parties: PartyRisk[] = [];
  if (who.driverId) parties.push(assessParty(await factsOf(q, 'driver', who.driverId, now)));
  if (who.plate) parties.push(assessParty(await factsOf(q, 'vehicle', who.plate, now)));
  let companies = who.companyUbns ?? [];
  if (companies.length === 0 && who.plate) {
    companies = (await q.query(`select fleet_ubn from vehicles where plate = $1 and fleet_ubn is not null`, [who.plate])).map((r) => r.fleet_ubn);
  }
  for (const c of [...new Set(companies)]) parties.push(assessParty(await factsOf(q, 'company', c, now)));
  return { level: maxLevel(parties.map((p) => p.level)), parties };
}

/** The parties of a trip: its vehicle, the drivers named on its transport notes, the vehicle's fleet. */
export async function riskOfTrip(q: Queryable, tripId: string, now = new Date()): Promise<PartiesRisk | null> {
  const [trip] = await q.query(`select plate, cn_nos from trips where trip_id = $1`, [tripId]);
  if (!trip) return null;
  const drivers = (await q.query(`select distinct driver_id from transport_notes where cn_no = any($1)`, [trip.cn_nos])).map((r) => r.driver_id as string);
  const base = await riskOfParties(q, { plate: trip.plate }, now);
  for (const d of drivers) base.parties.unshift(assessParty(await factsOf(q, 'driver', d, now)));
  return { level: maxLevel(base.parties.map((p) => p.level)), parties: base.parties };
}
