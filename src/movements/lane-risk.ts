// The risk of a passage's parties for the lane's answer: the vehicle, its fleet, and the drivers
// named on the CNs of the trip it is on. A party's level rests on a year of history and changes
// slowly, while a lane asks for the same trucks over and over at hundreds of passages a minute:
// each set of parties is looked up once and kept for a short while (a watchlist entry reaches the
// lanes within that time).
import { maxLevel, riskOfParties, type PartiesRisk } from '../risk/parties.ts';
import type { Queryable } from '../store/db.ts';

/** How long a party's risk is kept for the lanes. */
export const LANE_RISK_TTL_MS = 15_000;
/** Entries kept at most; past it the expired ones go, then the oldest. */
const MAX_ENTRIES = 5000;

const caches = new WeakMap<object, Map<string, { atMs: number; risk: Promise<PartiesRisk> }>>();

/** The drivers', the vehicle's and its fleet's risk (the level the highest of theirs). */
async function lookUp(q: Queryable, plate: string, cnNos: readonly string[]): Promise<PartiesRisk> {
  const base = await riskOfParties(q, { plate });
  if (cnNos.length === 0) return base;
  const driverIds = (await q.query(`select distinct driver_id from transport_notes where cn_no = any($1) order by driver_id`, [cnNos])).map((r) => r.driver_id as string);
  const drivers = await Promise.all(driverIds.map(async (d) => (await riskOfParties(q, { driverId: d })).parties));
  const parties = [...drivers.flat(), ...base.parties];
  return { level: maxLevel(parties.map((p) => p.level)), parties };
}

/**
 * The passage's parties' risk: the vehicle (normalised plate), its fleet and the drivers of the
 * CNs of its live trip; from the short-lived cache when it was asked for lately.
 */
export function laneRisk(q: Queryable, plate: string, cnNos: readonly string[], nowMs = Date.now()): Promise<PartiesRisk> {
  let cache = caches.get(q);
  if (!cache) caches.set(q, (cache = new Map()));
  const key = `${plate}\u0000${[...cnNos].sort().join(',')}`;
  const hit = cache.get(key);
  if (hit && nowMs - hit.atMs < LANE_RISK_TTL_MS) return hit.risk;
  if (cache.size >= MAX_ENTRIES) {
    for (const [k, v] of cache) if (nowMs - v.atMs >= LANE_RISK_TTL_MS) cache.delete(k);
    // Still full: the oldest (first inserted) go.
    for (const k of cache.keys()) {
      if (cache.size < MAX_ENTRIES) break;
      cache.delete(k);
    }
  }
  const risk = lookUp(q, plate, cnNos);
  cache.delete(key);
  cache.set(key, { atMs: nowMs, risk });
  // A failed look-up is not kept: the next passage asks again.
  risk.catch(() => cache.get(key)?.risk === risk && cache.delete(key));
  return risk;
}
