// The warning a transport note's acceptance carries when a party it names (its driver, its
// vehicle, the vehicle's fleet) is at risk: customs hears the level and the factors; the sender
// hears only that the party is under customs watch and that the movement may be inspected.
import { isCustoms, type Principal } from '../auth/roles.ts';
import type { Queryable } from '../store/db.ts';
import { riskOfParties, type PartyKind, type RiskFactor, type RiskLevel } from './parties.ts';

export interface PartyWarning {
  party: PartyKind;
  id: string;
  level: RiskLevel;
  en: string;
  zhTW: string;
  /** Customs only. */
  factors?: RiskFactor[];
}

const NAMES: Record<PartyKind, [string, string]> = { driver: ['driver', '駕駛人'], vehicle: ['vehicle', '車輛'], company: ['company', '公司'] };

/** Warnings for the parties a note names whose level is medium or high (none when all are lower). */
export async function noteWarnings(q: Queryable, p: Principal, note: { plate: string; driverId: string }): Promise<PartyWarning[]> {
  const risk = await riskOfParties(q, { plate: note.plate, driverId: note.driverId });
  return risk.parties
    .filter((x) => x.level === 'medium' || x.level === 'high')
    .map((x) => {
      const [en, zh] = NAMES[x.kind];
      return {
        party: x.kind,
        id: x.id,
        level: x.level,
        en: `${en} ${x.id} is under customs risk watch (${x.level}): the movement may be inspected`,
        zhTW: `${zh} ${x.id} 列為海關風險關注（${x.level === 'high' ? '高' : '中'}），本次運送可能受查驗`,
        ...(isCustoms(p) ? { factors: x.factors } : {}),
      };
    });
}
