// Building outputs. Every output of one step carries the engine clock (the input's `at`).
import { ALERT_SEVERITY } from '../core/rules/index.ts';
import type { AlertType, EngineOutput, TripState } from '../core/types.ts';
import type { EngineState, TripRec } from './state.ts';

export function activeCnNos(trip: TripRec): string[] {
  const active = trip.cns.filter((c) => !c.cancelled).map((c) => c.cnNo);
  return active.length ? active : trip.cns.map((c) => c.cnNo);
}

export function emitTrip(st: EngineState, out: EngineOutput[], trip: TripRec, previousState: TripState | null): void {
  out.push({
    at: st.at,
    type: 'trip',
    data: { tripId: trip.id, cnNos: activeCnNos(trip), plate: trip.plate, state: trip.state, previousState },
  });
}

/** Moves a trip to a new state and reports it. */
export function setTripState(st: EngineState, out: EngineOutput[], trip: TripRec, next: TripState): void {
  const previous = trip.state;
  if (previous === next) return;
  trip.state = next;
  emitTrip(st, out, trip, previous);
}

/**
 * Opens an alert. Ids are `${subject}:${alertType}:${n}`, n counting that subject's episodes of that
 * type from 1, so rebuilding the state from the stored inputs reproduces the same ids.
 */
export function openAlert(
  st: EngineState,
  out: EngineOutput[],
  alertType: AlertType,
  subject: string,
  trip: TripRec | null,
  plate: string,
  lat: number | null,
  lon: number | null,
  detail: Record<string, unknown>,
  containerNo?: string,
): string {
  const key = `${subject}:${alertType}`;
  const n = (st.alertCounters.get(key) ?? 0) + 1;
  st.alertCounters.set(key, n);
  const alertId = `${key}:${n}`;
  if (trip !== null) trip.openAlerts.push(alertId);
  out.push({
    at: st.at,
    type: 'alert',
    data: {
      alertId,
      alertType,
      severity: ALERT_SEVERITY[alertType],
      tripId: trip ? trip.id : null,
      cnNos: trip ? activeCnNos(trip) : [],
      plate,
      ...(containerNo !== undefined ? { containerNo } : {}),
      lat,
      lon,
      detail,
    },
  });
  return alertId;
}

/** Alert on a trip, positioned at the trip's last known position. */
export function openTripAlert(
  st: EngineState,
  out: EngineOutput[],
  alertType: AlertType,
  trip: TripRec,
  detail: Record<string, unknown>,
): string {
  return openAlert(st, out, alertType, trip.id, trip, trip.plate, trip.hasPos ? trip.lat : null, trip.hasPos ? trip.lon : null, detail);
}

export function clearAlert(
  st: EngineState,
  out: EngineOutput[],
  alertId: string,
  alertType: AlertType,
  trip: TripRec | null,
): void {
  if (trip !== null) {
    const i = trip.openAlerts.indexOf(alertId);
    if (i >= 0) trip.openAlerts.splice(i, 1);
  }
  out.push({ at: st.at, type: 'alertCleared', data: { alertId, alertType, tripId: trip ? trip.id : null } });
}

export function amendAlert(
  st: EngineState,
  out: EngineOutput[],
  alertId: string,
  alertType: AlertType,
  trip: TripRec | null,
  detail: Record<string, unknown>,
): void {
  for (const o of out) {
    if (o.type === 'alert' && o.data.alertId === alertId) {
      o.data.detail = { ...o.data.detail, ...detail };
      return;
    }
  }
  out.push({ at: st.at, type: 'alertUpdated', data: { alertId, alertType, tripId: trip ? trip.id : null, detail } });
}

export function emitUnlock(st: EngineState, out: EngineOutput[], deviceId: string, tripId: string | null): void {
  out.push({
    at: st.at,
    type: 'command',
    data: tripId === null ? { deviceId, command: 'unlock' } : { deviceId, command: 'unlock', tripId },
  });
}

/**
 * A time for alert details, written with the same UTC offset as the engine clock's `at`, so a
 * detail reads like the inputs it came from (Asia/Taipei inputs give +08:00 times).
 */
export function isoAt(st: EngineState, ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const m = /(Z|z|[+-]\d\d:?\d\d)$/.exec(st.at);
  if (m === null || m[1] === 'Z' || m[1] === 'z') return new Date(ms).toISOString().replace('.000Z', 'Z');
  const sign = m[1][0] === '-' ? -1 : 1;
  const digits = m[1].replace(':', '');
  const offsetMin = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  const local = new Date(ms + offsetMin * 60_000).toISOString().replace('.000Z', 'Z');
  return local.slice(0, -1) + `${m[1][0]}${digits.slice(1, 3)}:${digits.slice(3, 5)}`;
}
