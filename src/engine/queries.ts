// Read-only views of the engine state for the live server (trip pages, container status, /stream).
import type { PositionOutput, SealView, TripView } from '../core/types.ts';
import { isoAt } from './emit.ts';
import type { DroppedFixes, EngineState, TripRec } from './state.ts';
import { activeTripForPlate, normPlate } from './trips.ts';

function view(st: EngineState, trip: TripRec): TripView {
  return {
    tripId: trip.id,
    cnNos: trip.cns.filter((c) => !c.cancelled).map((c) => c.cnNo),
    plate: trip.plate,
    state: trip.state,
    origin: trip.origin,
    destination: trip.destination,
    routeCode: trip.routeCode,
    containerNos: trip.containerNos.slice(),
    seals: trip.seals.map(
      (s): SealView => ({
        id: s.id,
        state: s.dev.sealState,
        link: s.dev.link,
        battery: s.dev.battery,
        lastTs: isoAt(st, s.dev.sealStateTsMs),
      }),
    ),
    lastPosition: trip.hasPos
      ? { lat: trip.lat, lon: trip.lon, ts: isoAt(st, trip.posTsMs) as string, speedKmh: Number.isFinite(trip.speedKmh) ? trip.speedKmh : null }
      : null,
    departedAt: trip.departedAt,
    arrivedAt: trip.arrivedAt,
    openAlerts: trip.openAlerts.slice(),
  };
}

export function getTrip(st: EngineState, tripId: string): TripView | null {
  const trip = st.trips.get(tripId);
  return trip ? view(st, trip) : null;
}

/** Every trip the engine knows, in creation order (finished ones included). */
export function listTrips(st: EngineState): TripView[] {
  return [...st.trips.values()].map((t) => view(st, t));
}

/** The trip a device's reports currently go to: an OBU's vehicle's trip, or a seal's trip. */
export function tripIdForDevice(st: EngineState, deviceId: string): string | null {
  const sealTrip = st.sealTrip.get(deviceId);
  const dev = st.devices.get(deviceId);
  if (dev?.device?.kind === 'seal' || (sealTrip && !dev?.device)) return sealTrip ? sealTrip.id : null;
  const plate = dev?.device?.plate ? normPlate(dev.device.plate) : st.obuPlate.get(deviceId);
  if (!plate) return sealTrip ? sealTrip.id : null;
  return activeTripForPlate(st, plate)?.id ?? null;
}

/** A device's last known condition (battery, seal state, link, newest report), for fleet health views; null if it never reported. */
export function deviceStatus(st: EngineState, deviceId: string): { battery: number | null; sealState: string | null; link: string | null; lastTs: string | null } | null {
  const dev = st.devices.get(deviceId);
  if (!dev) return null;
  const last = Math.max(dev.lastTsMs, dev.sealStateTsMs);
  return { battery: dev.battery, sealState: dev.sealState, link: dev.link, lastTs: Number.isFinite(last) ? isoAt(st, last) : null };
}

/** The vehicle's current trip (on the road, else the newest not yet departed), or null. */
export function tripForPlate(st: EngineState, plate: string): TripView | null {
  const trip = activeTripForPlate(st, normPlate(plate));
  return trip ? view(st, trip) : null;
}

/** The trip carrying a container now (not finished), for the container status query. */
export function tripForContainer(st: EngineState, containerNo: string): TripView | null {
  const trip = st.containerTrip.get(containerNo.replace(/\s+/g, '').toUpperCase());
  return trip ? view(st, trip) : null;
}

/**
 * The position the last applyInput accepted into live state (after duplicate, order, hdop and
 * outlier filtering), or null: what the store and /stream should record for that step.
 */
export function acceptedPosition(st: EngineState): PositionOutput | null {
  const dev = st.acceptedDev;
  const t = st.acceptedReport;
  if (dev === null || t === null) return null;
  const trip = dev.isSeal ? null : dev.trip;
  const p: PositionOutput = {
    tripId: trip ? trip.id : null,
    plate: dev.plate ?? '',
    deviceId: dev.id,
    ts: t.ts,
    lat: dev.lat,
    lon: dev.lon,
  };
  if (t.speedKmh !== undefined) p.speedKmh = t.speedKmh;
  if (t.heading !== undefined) p.heading = t.heading;
  return p;
}

/** Fixes the position filters have kept out of live state since the engine started, by reason. */
export function droppedFixes(st: EngineState): Readonly<DroppedFixes> {
  return { ...st.dropped };
}

/**
 * The seal ids the last applyInput ignored because the reporting OBU may not speak for them (not
 * on its trip, not paired with it): for the caller to log and count. Valid until the next apply.
 */
export function refusedSeals(st: EngineState): readonly string[] {
  return st.refusedSeals;
}
