// gate_mismatch (high): a gate event's plate, containers or seals disagree with the vehicle's trip
// or with the live trip of a container it carries. A truck with no trip is no mismatch: it is judged
// by the clearance of its containers (gate_out_unreleased, gate_out_without_cn). Every mismatching
// gate passage is its own alert (nothing to clear).
import type { GateEvent, Severity } from '../types.ts';
import type { GateRule, RuleHost, RuleTrip } from './rule.ts';

export const alertType = 'gate_mismatch';
export const severity: Severity = 'high';

export interface GateTripFacts {
  tripId: string;
  containerNos: readonly string[];
  sealNos: readonly string[];
}

export interface GateMismatch {
  reasons: ('plate' | 'containers' | 'seals')[];
  missingContainers: string[];
  unexpectedContainers: string[];
  missingSeals: string[];
  unexpectedSeals: string[];
  /** Trips of other vehicles that carry containers this vehicle presented. */
  otherTrips: { tripId: string; plate: string }[];
}

function diff(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return [...new Set(a)].filter((x) => !set.has(x)).sort();
}

/** Container numbers are compared as OCR reads them: case and spaces do not matter. */
export function normalizeContainerNo(no: string): string {
  return no.replace(/\s+/g, '').toUpperCase();
}

/**
 * `trip` is the vehicle's current trip (null if none); `otherTrips` the trips of other plates that
 * carry any of the presented containers. Returns null when everything agrees.
 */
export function gateMismatch(
  gate: GateEvent,
  trip: GateTripFacts | null,
  otherTrips: { tripId: string; plate: string }[],
): GateMismatch | null {
  const seen = gate.containerNos.map(normalizeContainerNo);
  const m: GateMismatch = {
    reasons: [],
    missingContainers: [],
    unexpectedContainers: [],
    missingSeals: [],
    unexpectedSeals: [],
    otherTrips,
  };
  if (otherTrips.length > 0) m.reasons.push('plate');
  if (trip !== null) {
    const expected = trip.containerNos.map(normalizeContainerNo);
    m.missingContainers = diff(expected, seen);
    m.unexpectedContainers = diff(seen, expected);
    if (m.missingContainers.length || m.unexpectedContainers.length) m.reasons.push('containers');
    if (gate.sealNos !== undefined) {
      m.missingSeals = diff(trip.sealNos, gate.sealNos);
      m.unexpectedSeals = diff(gate.sealNos, trip.sealNos);
      if (m.missingSeals.length || m.unexpectedSeals.length) m.reasons.push('seals');
    }
  }
  return m.reasons.length ? m : null;
}

export const gateRule: GateRule = {
  alertType,
  gate(host: RuleHost, g: GateEvent, plate: string, trip: RuleTrip | null): void {
    const others: { tripId: string; plate: string }[] = [];
    for (const no of g.containerNos ?? []) {
      const owner = host.containerTrip(normalizeContainerNo(no));
      if (owner !== null && owner.plate !== plate && !others.some((o) => o.tripId === owner.id)) {
        others.push({ tripId: owner.id, plate: owner.plate });
      }
    }
    const m = gateMismatch(
      { ...g, containerNos: g.containerNos ?? [] },
      trip ? { tripId: trip.id, containerNos: trip.containerNos, sealNos: trip.seals.map((s) => s.id) } : null,
      others,
    );
    if (m === null) return;
    const at = host.facilityCentre(g.facility);
    host.openAlert(
      alertType, trip ? trip.id : plate, trip, plate,
      trip && trip.hasPos ? trip.lat : at ? at.lat : null,
      trip && trip.hasPos ? trip.lon : at ? at.lon : null,
      { facility: g.facility, lane: g.lane, direction: g.direction, source: g.source, containerNos: g.containerNos ?? [], sealNos: g.sealNos ?? null, ...m },
    );
  },
};
