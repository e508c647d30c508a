// Everything the trip view shows, from REST, then kept current from the live store: state
// changes and new positions of this trip arrive without reloading.
import { useEffect, useState } from 'react';
import { has } from '../api/capabilities.ts';
import { api, ApiError, asList, query } from '../api/client.ts';
import { normalizeAlert, normalizePosition, normalizeTrip } from '../api/normalize.ts';
import type { Alert, Trip } from '../api/types.ts';
import { liveStore } from '../live/store.ts';
import { passiveOf, type PassiveTrip } from './passive.ts';
import { gatePassagesOf, type GatePassage, type ReplayFix } from './replayEvents.ts';

export interface NoteInfo {
  cnNo: string;
  declarationNo?: string;
  driverId?: string;
  origin?: string;
  destination?: string;
  containers: { no: string; sealType: string; sealNos: string[] }[];
}

export interface TripData {
  trip: Trip | null;
  track: ReplayFix[];
  alerts: Alert[];
  notes: NoteInfo[];
  driverName: string | null;
  vehicle: { plate: string; kind?: string; category?: number; fleetUbn?: string } | null;
  /** Passive seals: the reads and the point-to-point summary. */
  passive: PassiveTrip;
  /** The lanes' records of the truck passing a gate on this trip. */
  gates: GatePassage[];
  error: string | null;
  loading: boolean;
}

const pct = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What a report carried beside its fix (list answers only): batteries and seal states. */
function reported(raw: any, p: ReplayFix): ReplayFix {
  const seals = Array.isArray(raw?.seals) ? raw.seals.filter((s: any) => typeof s?.id === 'string').map((s: any) => ({ id: s.id as string, state: typeof s.state === 'string' ? s.state : null })) : undefined;
  return { ...p, battery: pct(raw?.battery), sealBattery: pct(raw?.sealBattery), ...(seals?.length ? { seals } : {}) };
}

/** A track may come as a list of fixes or as GeoJSON with a `times` list beside the line. */
export function trackFrom(raw: any): ReplayFix[] {
  if (raw?.type === 'Feature' && raw.geometry?.type === 'LineString') {
    const times: string[] = raw.properties?.times ?? raw.properties?.coordTimes ?? [];
    return raw.geometry.coordinates.map((c: number[], i: number) => ({ lon: c[0], lat: c[1], ts: times[i] ?? '' }));
  }
  const list = asList(raw?.positions ?? raw?.track ?? raw);
  return list
    .flatMap((raw) => {
      const p = normalizePosition(raw);
      return p ? [reported(raw, p)] : [];
    })
    .sort((a, b) => a.ts.localeCompare(b.ts));
}

const optional = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

export function useTrip(tripId: string): TripData {
  const [data, setData] = useState<TripData>({ trip: null, track: [], alerts: [], notes: [], driverName: null, vehicle: null, passive: { reads: [], p2p: null }, gates: [], error: null, loading: true });

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const id = encodeURIComponent(tripId);
        const [rawTrip, rawTrack] = await Promise.all([api.get<any>(`/trips/${id}`), has('/trips/{}/track') ? optional(api.get<any>(`/trips/${id}/track?format=list`)) : null]);
        const trip = normalizeTrip(rawTrip);
        // The trip answer carries its CNs and alerts; older servers need them asked for.
        const rawAlerts = Array.isArray(rawTrip.alerts) ? rawTrip.alerts : has('/alerts') ? await optional(api.get<any>(`/alerts${query({ tripId, limit: 500 })}`)) : null;
        const notes = Array.isArray(rawTrip.transportNotes)
          ? rawTrip.transportNotes
          : await Promise.all(trip.cnNos.map((cn) => (has('/transport-notes/{}') ? optional(api.get<any>(`/transport-notes/${encodeURIComponent(cn)}`)) : Promise.resolve(null))));
        const noteInfos: NoteInfo[] = notes.filter(Boolean).map((n: any) => ({ ...(n.note ?? n.body ?? n), cnNo: (n.note ?? n.body ?? n).cnNo, containers: (n.note ?? n.body ?? n).containers ?? [] }));
        const driverId = trip.driverId ?? noteInfos[0]?.driverId ?? null;
        const [driver, vehicle] = await Promise.all([
          driverId && has('/drivers/{}') ? optional(api.get<any>(`/drivers/${encodeURIComponent(driverId)}`)) : null,
          trip.plate && has('/vehicles/{}') ? optional(api.get<any>(`/vehicles/${encodeURIComponent(trip.plate)}`)) : null,
        ]);
        if (!live) return;
        const containers = trip.containers.length ? trip.containers : noteInfos.flatMap((n) => n.containers as Trip['containers']);
        setData({
          trip: { ...trip, driverId, containers, declarationNos: trip.declarationNos.length ? trip.declarationNos : noteInfos.map((n) => n.declarationNo).filter((d): d is string => !!d) },
          track: rawTrack ? trackFrom(rawTrack) : [],
          alerts: rawAlerts ? asList(rawAlerts).map((a) => normalizeAlert(a)) : [],
          notes: noteInfos,
          driverName: driver?.name ?? null,
          vehicle,
          passive: passiveOf(rawTrip),
          gates: gatePassagesOf(rawTrip),
          error: null,
          loading: false,
        });
      } catch (err) {
        if (live) setData((d) => ({ ...d, loading: false, error: err instanceof ApiError && err.status === 404 ? 'notFound' : err instanceof Error ? err.message : String(err) }));
      }
    })();
    return () => {
      live = false;
    };
  }, [tripId]);

  // Live: this trip's state, its vehicle's new fixes, its alerts.
  useEffect(() => {
    const offTrips = liveStore.subscribe('trips', () => {
      const t = liveStore.trips.get(tripId);
      if (!t) return;
      // A passive trip changes state on a read: fetch its reads and point-to-point summary again.
      setData((d) => {
        if (d.trip && d.trip.state !== t.state && d.passive.p2p) {
          api.get<unknown>(`/trips/${encodeURIComponent(tripId)}`).then((raw) => setData((x) => ({ ...x, passive: passiveOf(raw) })), () => undefined);
        }
        return d;
      });
      setData((d) =>
        d.trip && d.trip.state !== t.state
          ? { ...d, trip: { ...d.trip, state: t.state, history: [...d.trip.history, { at: new Date().toISOString(), state: t.state, previousState: d.trip.state }] } }
          : d,
      );
    });
    const offPositions = liveStore.subscribe('positions', () => {
      setData((d) => {
        if (!d.trip) return d;
        const v = liveStore.vehicles.get(d.trip.plate);
        if (!v || (v.tripId && v.tripId !== tripId)) return d;
        const last = d.track[d.track.length - 1];
        if (last && last.ts >= v.ts) return d;
        return { ...d, track: [...d.track, { ts: v.ts, lat: v.lat, lon: v.lon, speedKmh: v.speedKmh, heading: v.heading }] };
      });
    });
    const offAlerts = liveStore.subscribe('alerts', () => {
      setData((d) => {
        const mine = [...liveStore.alerts.values()].filter((a) => a.tripId === tripId);
        if (mine.length === 0) return d;
        const merged = new Map(d.alerts.map((a) => [a.id, a]));
        for (const a of mine) merged.set(a.id, a);
        return { ...d, alerts: [...merged.values()] };
      });
    });
    return () => {
      offTrips();
      offPositions();
      offAlerts();
    };
  }, [tripId]);

  return data;
}
