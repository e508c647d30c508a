// Gate passages (OCR lanes or a guard): the trip each is about, for the gate rules (gate_mismatch).
import type { GateEvent } from '../core/types.ts';
import { runGate } from './rules.ts';
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
export function tripAtGate(st: EngineState, plate: string, g: GateEvent): TripRec | null {
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

export function applyGateEvent(st: EngineState, g: GateEvent): void {
  const plate = normPlate(g.plate);
  runGate(st, g, plate, tripAtGate(st, plate, g));
}
