// Timer alerts: wake-ups due by the engine clock fire before the input that advanced it (they
// happened first), on a `tick` or any other input. Each handler re-checks its rule, so a wake-up
// made stale by later reports does nothing or reschedules itself. A trip rule's wake-up goes to the
// rule (src/engine/rules.ts); a seal's link timer is handled here.
import { linkDueMs, onLinkWake } from '../core/rules/seal-link-lost.ts';
import type { EngineOutput } from '../core/types.ts';
import { isoAt, openAlert } from './emit.ts';
import { runWake } from './rules.ts';
import { DeviceRec, TripRec, type EngineState } from './state.ts';
import { WAKE_LINK } from './timers.ts';

export function scheduleLink(st: EngineState, dev: DeviceRec, trip: TripRec | null): void {
  if (dev.linkWakeDue !== 0) return;
  const due = linkDueMs(dev, trip ? trip.params : st.params);
  dev.linkWakeDue = due;
  st.wakes.push(due, WAKE_LINK, dev);
}

export function fireDueWakes(st: EngineState, out: EngineOutput[]): void {
  const now = st.clockMs;
  while (st.wakes.peekDue() <= now) {
    const w = st.wakes.pop();
    if (w === undefined) break;
    const target = w.target;
    if (target instanceof DeviceRec) {
      if (w.kind === WAKE_LINK) fireLink(st, target, out);
      continue;
    }
    runWake(st, target, w.kind);
  }
}

function fireLink(st: EngineState, dev: DeviceRec, out: EngineOutput[]): void {
  dev.linkWakeDue = 0;
  const trip = st.sealTrip.get(dev.id) ?? null;
  // A seal outside any trip is on the shelf or in a yard: its radio link is nobody's concern.
  if (trip === null) return;
  if (onLinkWake(dev, st.clockMs, trip.params)) {
    dev.linkAlertTrip = trip;
    dev.linkAlertId = openAlert(st, out, 'seal_link_lost', trip.id, trip, trip.plate, trip.hasPos ? trip.lat : null, trip.hasPos ? trip.lon : null, {
      sealId: dev.id,
      since: isoAt(st, dev.linkLostSinceMs),
    });
  } else if (dev.linkLostSinceMs === dev.linkLostSinceMs && !dev.linkOpen && linkDueMs(dev, trip.params) > st.clockMs) {
    scheduleLink(st, dev, trip);
  }
}
