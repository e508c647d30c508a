// Timer alerts: wake-ups due by the engine clock fire before the input that advanced it (they
// happened first), on a `tick` or any other input. Each handler re-checks its rule, so a wake-up
// made stale by later reports does nothing or reschedules itself.
import { isOverdue } from '../core/rules/overdue.ts';
import { isSignalLost, signalDueMs } from '../core/rules/signal-lost.ts';
import { onStopWake, stopDueMs } from '../core/rules/abnormal-stop.ts';
import { dwellDueMs, onDwellWake } from '../core/rules/unauthorized-facility.ts';
import { linkDueMs, onLinkWake } from '../core/rules/seal-link-lost.ts';
import type { EngineOutput } from '../core/types.ts';
import { isoAt, openAlert, openTripAlert } from './emit.ts';
import { DeviceRec, TripRec, type EngineState } from './state.ts';
import { WAKE_DWELL, WAKE_LINK, WAKE_OVERDUE, WAKE_SIGNAL, WAKE_STOP } from './timers.ts';

export function scheduleSignal(st: EngineState, trip: TripRec): void {
  const due = signalDueMs(trip.lastObuRxMs, trip.params);
  trip.signalWakeDue = due;
  st.wakes.push(due, WAKE_SIGNAL, trip);
}

export function scheduleStop(st: EngineState, trip: TripRec): void {
  if (trip.stopWakeDue !== 0) return;
  const due = stopDueMs(trip, trip.params);
  trip.stopWakeDue = due;
  st.wakes.push(due, WAKE_STOP, trip);
}

export function scheduleDwell(st: EngineState, trip: TripRec): void {
  if (trip.dwellWakeDue !== 0) return;
  const due = dwellDueMs(trip, trip.params);
  trip.dwellWakeDue = due;
  st.wakes.push(due, WAKE_DWELL, trip);
}

export function scheduleLink(st: EngineState, dev: DeviceRec, trip: TripRec | null): void {
  if (dev.linkWakeDue !== 0) return;
  const due = linkDueMs(dev, trip ? trip.params : st.params);
  dev.linkWakeDue = due;
  st.wakes.push(due, WAKE_LINK, dev);
}

export function scheduleOverdue(st: EngineState, trip: TripRec): void {
  st.wakes.push(trip.overdueDueMs, WAKE_OVERDUE, trip);
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
    const trip = target;
    switch (w.kind) {
      case WAKE_OVERDUE:
        if (!trip.overdueRaised && isOverdue(trip.state, now, trip.overdueDueMs)) {
          trip.overdueRaised = true;
          openTripAlert(st, out, 'overdue', trip, {
            departedAt: trip.departedAt,
            deadline: isoAt(st, trip.overdueDueMs),
            maxDurationMin: trip.routeDef ? trip.routeDef.maxDurationMin : null,
          });
        }
        break;
      case WAKE_SIGNAL:
        trip.signalWakeDue = 0;
        if (trip.state !== 'in_transit' || trip.signalAlertId !== null) break;
        if (isSignalLost(trip.state, now, trip.lastObuRxMs, trip.params)) {
          trip.signalAlertId = openTripAlert(st, out, 'signal_lost', trip, {
            lastReportAt: isoAt(st, trip.lastObuRxMs),
            silentSeconds: Math.round((now - trip.lastObuRxMs) / 1000),
          });
        } else {
          scheduleSignal(st, trip);
        }
        break;
      case WAKE_STOP:
        trip.stopWakeDue = 0;
        if (trip.state !== 'in_transit') break;
        if (onStopWake(trip, now, trip.lastFixRxMs, trip.params)) {
          trip.stopAlertId = openTripAlert(st, out, 'abnormal_stop', trip, stopDetail(st, trip, now));
        } else if (trip.stopActive && !trip.stopOpen && stopDueMs(trip, trip.params) > now) {
          scheduleStop(st, trip);
        }
        break;
      case WAKE_DWELL:
        trip.dwellWakeDue = 0;
        if (trip.state !== 'in_transit') break;
        if (onDwellWake(trip, now, trip.lastFixRxMs, trip.params)) {
          trip.dwellAlertId = openTripAlert(st, out, 'unauthorized_facility', trip, dwellDetail(st, trip, now));
        } else if (trip.dwellCode !== null && !trip.dwellOpen && dwellDueMs(trip, trip.params) > now) {
          scheduleDwell(st, trip);
        }
        break;
    }
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

export function stopDetail(st: EngineState, trip: TripRec, now: number): Record<string, unknown> {
  return {
    since: isoAt(st, trip.stopSinceMs),
    minutes: Math.floor((now - trip.stopSinceMs) / 60_000),
    radiusM: trip.params.stopRadiusM,
  };
}

export function dwellDetail(st: EngineState, trip: TripRec, now: number): Record<string, unknown> {
  const code = trip.dwellCode as string;
  const f = st.facilities.get(code);
  return {
    facility: code,
    facilityKind: f ? f.kind : null,
    facilityName: f ? f.name : null,
    since: isoAt(st, trip.dwellSinceMs),
    minutes: Math.floor((now - trip.dwellSinceMs) / 60_000),
  };
}
