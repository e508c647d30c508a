// Finished trips leave memory. A closed or cancelled trip stays for a day of engine time, for the
// reports, gate events and queries that come late; then its record, its CNs and its alert counters
// are dropped (the store keeps the trip, its view and its alerts for the API). Only its id stays,
// so that a later CN with the same number cannot be given the same trip id (and its alerts the same
// ids) as the stored one. Retirement is driven by the engine clock, so replay and rebuild retire
// exactly as the live engine did.
import { ALERT_TYPES } from '../core/types.ts';
import { isTerminal, type EngineState, type TripRec } from './state.ts';

/** How long a finished trip stays in memory, in engine time. */
export const RETAIN_FINISHED_MS = 24 * 3600_000;

export function scheduleRetirement(st: EngineState, trip: TripRec): void {
  trip.finishedAtMs = st.clockMs;
  st.finished.push(trip);
}

/** Retires every trip finished at least RETAIN_FINISHED_MS ago (the queue is in finishing order). */
export function retireFinished(st: EngineState): void {
  const due = st.clockMs - RETAIN_FINISHED_MS;
  let n = 0;
  while (n < st.finished.length && st.finished[n].finishedAtMs <= due) n++;
  if (n === 0) return;
  for (const trip of st.finished.splice(0, n)) {
    // A trip taken up again since (a CN re-sent) is scheduled anew when it finishes again.
    if (!isTerminal(trip.state) || trip.finishedAtMs > due || st.trips.get(trip.id) !== trip) continue;
    st.trips.delete(trip.id);
    st.retiredTripIds.add(trip.id);
    for (const cn of trip.cns) if (st.cns.get(cn.cnNo) === cn && cn.trip === trip) st.cns.delete(cn.cnNo);
    for (const type of ALERT_TYPES) st.alertCounters.delete(`${trip.id}:${type}`);
    if (st.closedTripByPlate.get(trip.plate) === trip) st.closedTripByPlate.delete(trip.plate);
  }
}
