// Gate passages (OCR lanes or a guard): compared with the vehicle's trip.
import { gateMismatch, normalizeContainerNo } from '../core/rules/gate-mismatch.ts';
import type { EngineOutput, GateEvent } from '../core/types.ts';
import { openAlert } from './emit.ts';
import type { EngineState, TripRec } from './state.ts';
import { activeTripForPlate, normPlate } from './trips.ts';

/** How long after arrival a gate-in lane record still belongs to a trip that has already closed. */
const GATE_IN_AFTER_ARRIVAL_MS = 2 * 3600_000;

/**
 * The trip a gate passage is about: leaving its origin or entering its destination when the plate
 * has such a trip (a vehicle may hold its next CN while finishing a trip), else a trip that closed
 * at this destination shortly before (the seals opened before the lane recorded the truck), else
 * its current trip.
 */
function tripAtGate(st: EngineState, plate: string, g: GateEvent): TripRec | null {
  const list = st.plateTrips.get(plate) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const t = list[i];
    if (g.direction === 'out' ? t.origin === g.facility : t.destination === g.facility) return t;
  }
  if (g.direction === 'in') {
    const closed = st.closedTripByPlate.get(plate);
    if (closed !== undefined && closed.destination === g.facility && closed.arrivedAt !== null) {
      if (st.clockMs - Date.parse(closed.arrivedAt) <= GATE_IN_AFTER_ARRIVAL_MS) return closed;
    }
  }
  return activeTripForPlate(st, plate);
}

export function applyGateEvent(st: EngineState, g: GateEvent, out: EngineOutput[]): void {
  const plate = normPlate(g.plate);
  const trip = tripAtGate(st, plate, g);
  const others: { tripId: string; plate: string }[] = [];
  for (const no of g.containerNos ?? []) {
    const owner = st.containerTrip.get(normalizeContainerNo(no));
    if (owner !== undefined && owner.plate !== plate && !others.some((o) => o.tripId === owner.id)) {
      others.push({ tripId: owner.id, plate: owner.plate });
    }
  }
  const m = gateMismatch(
    { ...g, containerNos: g.containerNos ?? [] },
    trip ? { tripId: trip.id, containerNos: trip.containerNos, sealNos: trip.seals.map((s) => s.id) } : null,
    others,
  );
  if (m === null) return;
  const f = st.facilities.get(g.facility);
  const area = f ? st.facilityIndex().partsOf(g.facility) : [];
  const at = area.length ? area[0] : null;
  openAlert(
    st, out, 'gate_mismatch', trip ? trip.id : plate, trip, plate,
    trip && trip.hasPos ? trip.lat : at ? (at.minY + at.maxY) / 2 : null,
    trip && trip.hasPos ? trip.lon : at ? (at.minX + at.maxX) / 2 : null,
    { facility: g.facility, lane: g.lane, direction: g.direction, source: g.source, containerNos: g.containerNos ?? [], sealNos: g.sealNos ?? null, ...m },
  );
}
