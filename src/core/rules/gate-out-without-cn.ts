// gate_out_without_cn (high): a container whose clearance carries release code 1 or B (it may only
// travel under a CN with seals) leaves through a gate with no live CN carrying it.
import type { Severity } from '../types.ts';
import { latestClearance, requiresCn, sightingDetail } from './clearance-facts.ts';
import type { ContainerRule, ContainerSighting, RuleHost } from './rule.ts';

export const alertType = 'gate_out_without_cn';
export const severity: Severity = 'high';

export const containerRule: ContainerRule = {
  alertType,
  sighting(host: RuleHost, c: ContainerSighting): void {
    if (c.via !== 'gate' || c.event !== 'out') return;
    const clearance = latestClearance(host.clearancesOf(c.containerNo), ['import', 'transit', 'export']);
    if (!requiresCn(clearance)) return;
    if (host.containerTrip(c.containerNo) !== null) return;
    host.openContainerAlert(alertType, c, {
      ...sightingDetail(c), declarationNo: clearance!.declarationNo, releaseCode: clearance!.releaseCode,
    });
  },
};
