// seal_mismatch (high): at a checkpoint or the destination, a read or a gate event finds on a
// container of a trip a seal number the trip's CN does not bind to that container (CONTRACT
// section 8): the seal was swapped, or another container's seal is on this one. Once per trip,
// container and seal number; never cleared. A lane's seal numbers are judged here for containers
// under passive seals; on a truck e-seal's container they are gate_mismatch's (its `seals` reason).
import type { GateEvent, Severity } from '../types.ts';
import { normalizeContainerNo } from './gate-mismatch.ts';
import { isCheckPlace, OncePerTrip, sealsOfContainer } from './point-to-point.ts';
import type { GateRule, ReadRule, RuleHost, RuleTrip, SealReadFacts } from './rule.ts';

export const alertType = 'seal_mismatch';
export const severity: Severity = 'high';

/** The seal numbers read on a container of `trip` that are not bound to it (empty: they agree). */
export function foreignSeals(trip: RuleTrip, containerNo: string, sealNos: readonly string[]): { expected: string[]; foreign: string[] } | null {
  const expected = sealsOfContainer(trip, containerNo, normalizeContainerNo);
  if (expected === null) return null;
  return { expected, foreign: sealNos.filter((s) => !expected.includes(s)) };
}

const once = new OncePerTrip('seal_mismatch');

function raise(
  host: RuleHost, trip: RuleTrip, facility: string, containerNo: string, sealNo: string, expected: string[],
  at: { lat: number; lon: number } | null, more: Record<string, unknown>,
): void {
  if (!once.first(trip, `${containerNo}\u0000${sealNo}`)) return;
  host.openAlert(alertType, trip.id, trip, trip.plate, at ? at.lat : trip.hasPos ? trip.lat : null, at ? at.lon : trip.hasPos ? trip.lon : null, {
    containerNo,
    sealNo,
    expectedSealNos: expected,
    facility,
    facilityName: host.facility(facility)?.name ?? null,
    ...more,
  });
}

export const readRule: ReadRule = {
  alertType,
  read(host: RuleHost, r: SealReadFacts): void {
    const trip = r.containerTrip;
    if (r.containerNo === null || trip === null) return;
    const facility = r.placedAt.find((f) => isCheckPlace(trip, f));
    if (facility === undefined) return;
    const m = foreignSeals(trip, r.containerNo, [r.sealNo]);
    if (m === null || m.foreign.length === 0) return;
    const at = r.hasPos ? { lat: r.lat, lon: r.lon } : host.facilityCentre(facility);
    raise(host, trip, facility, r.containerNo, r.sealNo, m.expected, at, {
      source: 'read', event: r.event, readId: r.readId, readAt: r.ts, reader: r.reader, by: r.by,
    });
  },
};

export const gateRule: GateRule = {
  alertType,
  gate(host: RuleHost, g: GateEvent, _plate: string, trip: RuleTrip | null): void {
    if (trip === null || g.sealNos === undefined || g.sealNos.length === 0 || !isCheckPlace(trip, g.facility)) return;
    // A lane reads the seals of the containers it sees; each must be bound to one of them.
    const seen = (g.containerNos ?? []).map(normalizeContainerNo);
    if (!seen.some((no) => sealsOfContainer(trip, no, normalizeContainerNo, true) !== null)) return;
    const expected = new Set<string>();
    for (const no of seen) for (const s of sealsOfContainer(trip, no, normalizeContainerNo) ?? []) expected.add(s);
    const at = host.facilityCentre(g.facility);
    for (const sealNo of g.sealNos) {
      if (expected.has(sealNo)) continue;
      const containerNo = seen.find((no) => sealsOfContainer(trip, no, normalizeContainerNo, true) !== null) as string;
      raise(host, trip, g.facility, containerNo, sealNo, [...expected], at, {
        source: 'gate', lane: g.lane, direction: g.direction, containerNos: g.containerNos ?? [],
      });
    }
  },
};
