// Risk analysis is customs' own work: which declarations, drivers, vehicles and companies it
// suspects is not shown to the companies concerned. Customs officers score declarations, record
// inspection outcomes, choose what to inspect and keep the watchlist; only a customs admin trains
// models and chooses the one in use. A transport note's sender hears only that a party it names
// is under watch, not why (src/risk/warnings.ts); so does a company's lane of the trucks passing it.
import { isCustoms, type Principal, type Role } from '../auth/roles.ts';
import { maxLevel, type PartiesRisk, type PartyKind, type RiskFactor, type RiskLevel } from '../risk/parties.ts';

export const RISK_OFFICERS: readonly Role[] = ['customs_admin', 'customs_officer'];
export const RISK_MODEL_ADMINS: readonly Role[] = ['customs_admin'];

/** A party's risk as a lane's answer tells it. */
export interface LanePartyRisk {
  kind: PartyKind;
  id: string;
  level: RiskLevel;
  /** Customs only. */
  factors?: RiskFactor[];
}

/**
 * The parties' risk in a lane's answer. Customs hears every party's level and its factors; an
 * operator's lane, like a transport note's sender, hears only which parties are under watch
 * (medium or high), and not why: a low level is no business of the company concerned.
 */
export function lanePartyRisk(p: Principal, risk: PartiesRisk): { level: RiskLevel; parties: LanePartyRisk[] } {
  if (isCustoms(p)) return { level: risk.level, parties: risk.parties.map((x) => ({ kind: x.kind, id: x.id, level: x.level, factors: x.factors })) };
  const watched = risk.parties.filter((x) => x.level === 'medium' || x.level === 'high');
  return { level: maxLevel(watched.map((x) => x.level)), parties: watched.map((x) => ({ kind: x.kind, id: x.id, level: x.level })) };
}
