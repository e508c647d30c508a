// Fills the live store from REST (open alerts, trips under way with their last positions), then
// keeps it current from /stream.
import { has } from '../api/capabilities.ts';
import { api, query } from '../api/client.ts';
import type { AlertResource, TripSummary } from '../../shared/api-types.ts';
import { normalizeAlert, normalizeTrip } from '../api/normalize.ts';
import { connectStream, type StreamHandle } from './stream.ts';
import type { LiveStore } from './store.ts';

/** Trips whose vehicle belongs on the live map (a planned trip has not moved; closed ones are done). */
const ACTIVE_STATES = ['sealed', 'confirmed', 'in_transit', 'arrived'];
const UNRESOLVED = ['open', 'acknowledged'];

const list = <T>(path: string, params: Record<string, string | number>) => api.get<T[]>(`${path}${query(params)}`);

export async function loadSnapshot(store: LiveStore): Promise<void> {
  // The lists filter one state at a time: one request per state, in parallel.
  const [alerts, trips] = await Promise.all([
    has('/alerts') ? Promise.all(UNRESOLVED.map((status) => list<AlertResource>('/alerts', { status, limit: 1000 }))).then((l) => l.flat()) : Promise.resolve([]),
    has('/trips') ? Promise.all(ACTIVE_STATES.map((state) => list<TripSummary>('/trips', { state, limit: 1000 }))).then((l) => l.flat()) : Promise.resolve([]),
  ]);
  store.loadAlerts(alerts.map((a) => normalizeAlert(a)));
  for (const raw of trips) {
    const t = normalizeTrip(raw);
    store.upsertTrip({ tripId: t.id, plate: t.plate, cnNos: t.cnNos, containerNos: t.containers.map((c) => c.no), state: t.state });
    if (t.lastPosition && t.plate) store.setPosition({ ...t.lastPosition, plate: t.plate, tripId: t.id });
  }
}

export function startLive(store: LiveStore): StreamHandle | null {
  // OpenAPI does not describe WebSocket routes; the monitoring resources come with /stream.
  if (!has('/stream') && !has('/trips')) {
    loadSnapshot(store).catch(() => undefined);
    store.setStatus('offline');
    return null;
  }
  return connectStream(store, () => loadSnapshot(store));
}
