// seal_read_elsewhere (high): a seal of a trip in transit is read at a facility other than its
// origin, destination or checkpoints (CONTRACT section 8): the container is somewhere it has no
// business being. Judged at the read's own time (a read uploaded late counts if the trip was on the
// road when it was taken). Once per trip and facility; never cleared.
import type { Severity } from '../types.ts';
import { inTransitAt, isTripPlace, OncePerTrip } from './point-to-point.ts';
import type { ReadRule, RuleHost, RuleTrip, SealReadFacts } from './rule.ts';

export const alertType = 'seal_read_elsewhere';
export const severity: Severity = 'high';

/** The facility a read was taken at that its trip does not allow, or null. */
export function elsewhereFacility(trip: RuleTrip, placedAt: readonly string[], readMs: number): string | null {
  if (placedAt.length === 0 || !inTransitAt(trip, readMs)) return null;
  // A position inside both an allowed place and another area (a checkpoint inside a port) is allowed.
  if (placedAt.some((f) => isTripPlace(trip, f))) return null;
  return placedAt[0];
}

const once = new OncePerTrip('seal_read_elsewhere');

export const readRule: ReadRule = {
  alertType,
  read(host: RuleHost, r: SealReadFacts): void {
    if (r.seal === null) return;
    const trip = r.seal.trip;
    const facility = elsewhereFacility(trip, r.placedAt, r.tsMs);
    if (facility === null || !once.first(trip, facility)) return;
    const at = r.hasPos ? { lat: r.lat, lon: r.lon } : host.facilityCentre(facility);
    host.openAlert(alertType, trip.id, trip, trip.plate, at ? at.lat : null, at ? at.lon : null, {
      sealNo: r.sealNo,
      facility,
      facilityName: host.facility(facility)?.name ?? null,
      event: r.event,
      readId: r.readId,
      readAt: r.ts,
      reader: r.reader,
      by: r.by,
      late: r.late,
    });
  },
};
