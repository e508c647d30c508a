// loaded_unreleased (high): a container is loaded onto a vessel while its export clearance is not
// `released`. A container with no export clearance known is not judged (transhipment, or the
// clearance system has not sent it): the engine raises only what it can show.
import type { Severity } from '../types.ts';
import { latestClearance, sightingDetail } from './clearance-facts.ts';
import type { ContainerRule, ContainerSighting, RuleHost } from './rule.ts';

export const alertType = 'loaded_unreleased';
export const severity: Severity = 'high';

export const containerRule: ContainerRule = {
  alertType,
  sighting(host: RuleHost, c: ContainerSighting): void {
    if (c.via !== 'yard' || c.event !== 'loaded') return;
    const clearance = latestClearance(host.clearancesOf(c.containerNo), ['export']);
    if (clearance === null || clearance.status === 'released') return;
    host.openContainerAlert(alertType, c, {
      ...sightingDetail(c), declarationNo: clearance.declarationNo, clearanceStatus: clearance.status, statusAt: clearance.statusAt,
    });
  },
};
