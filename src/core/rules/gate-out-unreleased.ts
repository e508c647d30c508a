// gate_out_unreleased (high): a container leaves a port terminal or container yard through a gate
// while its latest import or transit clearance is `declared` or `held`. With no clearance known the
// engine cannot judge, and says nothing (most trucks at a port carry no customs-controlled cargo).
import type { Clearance, Severity } from '../types.ts';
import { CONTROLLED_KINDS, latestClearance, sightingDetail } from './clearance-facts.ts';
import type { ContainerRule, ContainerSighting, RuleHost } from './rule.ts';

export const alertType = 'gate_out_unreleased';
export const severity: Severity = 'high';

/** The clearance that makes this gate-out unreleased, or null. */
export function unreleasedClearance(clearances: readonly Clearance[]): Clearance | null {
  const c = latestClearance(clearances, ['import', 'transit']);
  return c !== null && (c.status === 'declared' || c.status === 'held') ? c : null;
}

export const containerRule: ContainerRule = {
  alertType,
  sighting(host: RuleHost, c: ContainerSighting): void {
    if (c.via !== 'gate' || c.event !== 'out' || c.facility === null) return;
    const kind = host.facility(c.facility)?.kind;
    if (kind === undefined || !CONTROLLED_KINDS.includes(kind)) return;
    const bad = unreleasedClearance(host.clearancesOf(c.containerNo));
    if (bad === null) return;
    host.openContainerAlert(alertType, c, {
      ...sightingDetail(c), declarationNo: bad.declarationNo, clearanceKind: bad.kind, clearanceStatus: bad.status, statusAt: bad.statusAt,
    });
  },
};
