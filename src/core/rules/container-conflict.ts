// container_conflict (high): one container number seen at two places farther apart than a truck
// could drive in the time between (a cloned or misread number, or a record that is false). Places
// are facility centres, so a slack allows for the size of a port; two sightings at one facility
// never conflict.
import { distanceM } from '../geo/ruler.ts';
import type { Severity } from '../types.ts';
import { sightingDetail } from './clearance-facts.ts';
import type { ContainerRule, ContainerSighting, RuleHost, RuleParams } from './rule.ts';

export const alertType = 'container_conflict';
export const severity: Severity = 'high';

export const params: RuleParams<'conflictSpeedKmh' | 'conflictSlackKm'> = {
  defaults: { conflictSpeedKmh: 120, conflictSlackKm: 5 },
};

/** The distance (km) between the sightings when it is more than the truck could cover, else null. */
export function impossibleKm(a: ContainerSighting, b: ContainerSighting, speedKmh: number, slackKm: number): number | null {
  if (!a.hasPos || !b.hasPos) return null;
  if (a.facility !== null && a.facility === b.facility) return null;
  const km = distanceM(a.lon, a.lat, b.lon, b.lat) / 1000;
  const hours = Math.abs(b.atMs - a.atMs) / 3_600_000;
  return km > speedKmh * hours + slackKm ? km : null;
}

export const containerRule: ContainerRule = {
  alertType,
  sighting(host: RuleHost, c: ContainerSighting, previous: ContainerSighting | null): void {
    if (previous === null) return;
    const p = host.params;
    const km = impossibleKm(previous, c, p.conflictSpeedKmh, p.conflictSlackKm);
    if (km === null) return;
    host.openContainerAlert(alertType, c, {
      ...sightingDetail(c),
      distanceKm: Math.round(km * 10) / 10,
      minutesBetween: Math.round((c.atMs - previous.atMs) / 6000) / 10,
      previous: { ...sightingDetail(previous), at: host.isoAt(previous.atMs), lat: previous.lat, lon: previous.lon },
    });
  },
};
