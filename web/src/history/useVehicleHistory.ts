// A vehicle's fixes, trips and alerts over a date range, from REST: the positions endpoint for the
// track (one bounded page; `truncated` says when the range held more), the vehicle's trips that
// touch the range and the alerts opened in it.
import { useEffect, useState } from 'react';
import { api, ApiError, asList, query } from '../api/client.ts';
import { normalizeAlert, normalizeTrip } from '../api/normalize.ts';
import type { Alert, Trip } from '../api/types.ts';
import { trackFrom } from '../trips/useTrip.ts';
import type { ReplayFix } from '../trips/replayEvents.ts';

export const HISTORY_PAGE = 20_000;

export interface VehicleHistory {
  fixes: ReplayFix[];
  tripIds: Set<string>;
  trips: Trip[];
  alerts: Alert[];
  truncated: boolean;
  loading: boolean;
  error: string | null;
}

const EMPTY: VehicleHistory = { fixes: [], tripIds: new Set(), trips: [], alerts: [], truncated: false, loading: true, error: null };

export function useVehicleHistory(plate: string, from: number, to: number): VehicleHistory {
  const [data, setData] = useState<VehicleHistory>(EMPTY);
  useEffect(() => {
    if (!(to > from)) {
      setData({ ...EMPTY, loading: false });
      return;
    }
    let live = true;
    setData((d) => ({ ...d, loading: true, error: null }));
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    (async () => {
      try {
        const p = encodeURIComponent(plate);
        const [rawFixes, rawTrips, rawAlerts] = await Promise.all([
          api.get<any>(`/vehicles/${p}/positions${query({ ...range, limit: HISTORY_PAGE })}`),
          api.get<any>(`/trips${query({ plate, limit: 500 })}`),
          api.get<any>(`/alerts${query({ plate, limit: 1000 })}`),
        ]);
        if (!live) return;
        const fixes = trackFrom(rawFixes);
        const tripIds = new Set<string>(asList(rawFixes?.positions).map((f: any) => f?.tripId).filter((id: unknown): id is string => typeof id === 'string'));
        // A trip belongs to the range when it has a fix there or its span overlaps it.
        const trips = asList(rawTrips)
          .map((r) => normalizeTrip(r))
          .filter((t) => {
            if (tripIds.has(t.id)) return true;
            const start = Date.parse(t.createdAt ?? t.departedAt ?? '');
            const end = t.arrivedAt ? Date.parse(t.arrivedAt) : Date.now();
            return Number.isFinite(start) && start <= to && end >= from;
          })
          .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
        const alerts = asList(rawAlerts)
          .map((a) => normalizeAlert(a))
          .filter((a) => {
            const at = Date.parse(a.openedAt);
            return at >= from && at <= to;
          })
          .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
        setData({ fixes, tripIds, trips, alerts, truncated: rawFixes?.next !== null && rawFixes?.next !== undefined, loading: false, error: null });
      } catch (err) {
        if (live) setData({ ...EMPTY, loading: false, error: err instanceof ApiError ? err.message : String(err) });
      }
    })();
    return () => {
      live = false;
    };
  }, [plate, from, to]);
  return data;
}
