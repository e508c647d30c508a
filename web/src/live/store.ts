// The live picture of the fleet: latest position per vehicle, trip states, open alerts. Filled from
// a REST snapshot and then kept current by /stream. Positions are not React state: at thousands of
// vehicles a second, the map reads them straight from here (see map/VehicleLayer.ts).
import type { StreamAlert, StreamAlertCleared, StreamAlertUpdated } from '../../shared/api-types.ts';
import { normalizeAlert, normalizeLivePosition } from '../api/normalize.ts';
import { SEVERITY_RANK, type Alert, type LivePosition, type Severity, type TripState } from '../api/types.ts';
import type { PositionColumns, SlotIdentity } from './stream-protocol.ts';

export type StreamStatus = 'connecting' | 'live' | 'offline';
// `trips` also changes when a vehicle joins or leaves the map, so counts and lists keyed on it
// follow the fleet without re-rendering on every position.
type Topic = 'positions' | 'alerts' | 'trips' | 'status';

export interface LiveTrip {
  tripId: string;
  plate: string;
  cnNos: string[];
  containerNos: string[];
  state: TripState;
}

const FINISHED: TripState[] = ['closed', 'cancelled'];

export class LiveStore {
  readonly vehicles = new Map<string, LivePosition>();
  readonly trips = new Map<string, LiveTrip>();
  readonly alerts = new Map<string, Alert>();
  status: StreamStatus = 'connecting';
  /** Changes a React view can key on (useSyncExternalStore needs a new value per change). */
  readonly versions: Record<Topic, number> = { positions: 0, alerts: 0, trips: 0, status: 0 };
  /** When the oldest position not yet drawn arrived (performance.now()), for update-to-screen delay. */
  pendingSince: number | null = null;
  /** The server's time stamp (`at`) of the oldest position not yet drawn, in ms since the epoch. */
  pendingAt: number | null = null;
  private listeners: Record<Topic, Set<() => void>> = { positions: new Set(), alerts: new Set(), trips: new Set(), status: new Set() };
  private alertListeners = new Set<(a: Alert) => void>();

  subscribe(topic: Topic, fn: () => void): () => void {
    this.listeners[topic].add(fn);
    return () => this.listeners[topic].delete(fn);
  }

  /** Called once per newly opened alert (not for snapshot loads): sound and flash hang off this. */
  onNewAlert(fn: (a: Alert) => void): () => void {
    this.alertListeners.add(fn);
    return () => this.alertListeners.delete(fn);
  }

  private emit(topic: Topic): void {
    this.versions[topic]++;
    for (const fn of this.listeners[topic]) fn();
  }

  setStatus(s: StreamStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.emit('status');
  }

  /** One message from /stream: `{type, data}`; a batch may arrive as an array of them. */
  apply(message: unknown): void {
    if (Array.isArray(message)) {
      for (const m of message) this.applyOne(m);
      return;
    }
    this.applyOne(message);
  }

  private applyOne(m: any): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'position':
      case 'positions': {
        const list = Array.isArray(m.data) ? m.data : [m.data];
        const known = this.vehicles.size;
        for (const raw of list) {
          const p = normalizeLivePosition(raw ?? {});
          if (p) this.vehicles.set(p.plate, p);
        }
        if (this.vehicles.size !== known) this.emit('trips');
        if (this.pendingSince === null) this.pendingSince = performance.now();
        const at = Date.parse(m.at);
        if (Number.isFinite(at) && (this.pendingAt === null || at < this.pendingAt)) this.pendingAt = at;
        this.emit('positions');
        break;
      }
      case 'trip':
        this.upsertTrip(m.data);
        break;
      case 'alert': {
        const data = m.data as StreamAlert;
        const fresh = !this.alerts.has(data.alertId);
        const a = normalizeAlert(data);
        this.alerts.set(a.id, { ...this.alerts.get(a.id), ...a });
        this.emit('alerts');
        this.emit('positions'); // vehicle colour follows the worst open alert
        if (fresh && a.status === 'open') for (const fn of this.alertListeners) fn(a);
        break;
      }
      case 'alertUpdated': {
        // Another seal of the same tampering, say: the queue shows the seal ids as they now stand.
        const u = m.data as StreamAlertUpdated;
        const a = this.alerts.get(u.alertId);
        if (!a) break;
        const detail = u.detail && typeof u.detail === 'object' ? u.detail : a.detail;
        this.alerts.set(u.alertId, { ...a, detail, status: (u.status as Alert['status']) ?? a.status });
        this.emit('alerts');
        this.emit('positions');
        break;
      }
      case 'alertCleared': {
        const id = (m.data as StreamAlertCleared).alertId;
        const a = this.alerts.get(id);
        if (a) this.alerts.set(id, { ...a, clearedAt: m.at ?? new Date().toISOString() });
        this.emit('alerts');
        this.emit('positions');
        break;
      }
    }
  }

  /** Who each slot of the stream worker's position columns is (see stream.worker.ts). */
  private slots: SlotIdentity[] = [];

  /** A new stream worker numbers its vehicles afresh. */
  resetSlots(): void {
    this.slots = [];
  }

  /**
   * A batch of latest positions from the stream worker, as columns: the vehicle objects are
   * updated in place and one change notice covers them all.
   */
  applyColumns(c: PositionColumns, identities: SlotIdentity[], arrivedAt: number, serverAt: number | null): void {
    for (const id of identities) this.slots[id.slot] = id;
    const known = this.vehicles.size;
    for (let i = 0; i < c.slot.length; i++) {
      const id = this.slots[c.slot[i]];
      if (!id) continue;
      const ms = c.ts[i];
      const ts = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
      const speed = c.speedKmh[i];
      const heading = c.heading[i];
      const v = this.vehicles.get(id.plate);
      if (v && v.ts > ts) continue;
      const p: LivePosition = v ?? { plate: id.plate, tripId: null, ts, lat: 0, lon: 0 };
      p.tripId = id.tripId;
      if (id.deviceId) p.deviceId = id.deviceId;
      p.ts = ts;
      p.lat = c.lat[i];
      p.lon = c.lon[i];
      p.speedKmh = Number.isNaN(speed) ? undefined : speed;
      p.heading = Number.isNaN(heading) ? undefined : heading;
      if (!v) this.vehicles.set(id.plate, p);
    }
    if (this.pendingSince === null || arrivedAt < this.pendingSince) this.pendingSince = arrivedAt;
    if (serverAt !== null && (this.pendingAt === null || serverAt < this.pendingAt)) this.pendingAt = serverAt;
    if (this.vehicles.size !== known) this.emit('trips');
    this.emit('positions');
  }

  upsertTrip(data: any): void {
    if (!data) return;
    const tripId = String(data.tripId);
    const trip: LiveTrip = { tripId, plate: data.plate ?? '', cnNos: data.cnNos ?? [], containerNos: data.containerNos ?? this.trips.get(tripId)?.containerNos ?? [], state: data.state };
    this.trips.set(tripId, trip);
    if (FINISHED.includes(trip.state)) {
      const v = this.vehicles.get(trip.plate);
      if (v && (v.tripId === tripId || v.tripId === null)) this.vehicles.delete(trip.plate);
    }
    this.emit('trips');
    this.emit('positions');
  }

  /** Replaces alerts with a server snapshot (after login or a reconnect). */
  loadAlerts(alerts: Alert[]): void {
    this.alerts.clear();
    for (const a of alerts) this.alerts.set(a.id, a);
    this.emit('alerts');
    this.emit('positions');
  }

  /** Applies a changed alert from a REST answer (ack, resolve, ...). */
  updateAlert(a: Alert): void {
    this.alerts.set(a.id, { ...this.alerts.get(a.id), ...a });
    this.emit('alerts');
    this.emit('positions');
  }

  setPosition(p: LivePosition): void {
    const cur = this.vehicles.get(p.plate);
    if (cur && cur.ts > p.ts) return;
    this.vehicles.set(p.plate, p);
    if (!cur) this.emit('trips');
    this.emit('positions');
  }

  /** Containers of an alert: those of its trip (alerts name the trip, not the boxes). */
  alertContainers(a: Alert): string[] {
    return a.tripId ? (this.trips.get(a.tripId)?.containerNos ?? []) : [];
  }

  tripState(tripId: string | null): TripState | null {
    return tripId ? (this.trips.get(tripId)?.state ?? null) : null;
  }

  /** The worst severity among unresolved alerts of each vehicle, by plate. */
  worstAlertByPlate(): Map<string, Severity> {
    const out = new Map<string, Severity>();
    for (const a of this.alerts.values()) {
      if (a.status === 'resolved' || !a.plate) continue;
      const cur = out.get(a.plate);
      if (!cur || SEVERITY_RANK[a.severity] > SEVERITY_RANK[cur]) out.set(a.plate, a.severity);
    }
    return out;
  }
}

export const liveStore = new LiveStore();
