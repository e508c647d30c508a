// Trips and alerts as the API shows them, from stored rows and, for trips, the engine's live view.
import type { TripView } from '../core/types.ts';
import type { Row } from '../store/db.ts';

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export interface TripSummary extends TripView {
  createdAt: string;
  updatedAt: string;
}

/** A stored trip, with the engine's live view when the engine has it (its position is current). */
export function presentTrip(r: Row, live: TripView | null): TripSummary {
  const stored = (r.view ?? null) as TripView | null;
  const view: TripView = live ?? stored ?? {
    tripId: r.trip_id,
    cnNos: r.cn_nos,
    plate: r.plate,
    state: r.state,
    origin: r.origin,
    destination: r.destination,
    routeCode: r.route_code,
    containerNos: r.container_nos,
    seals: (r.seal_ids as string[]).map((id) => ({ id, state: null, link: null, battery: null, lastTs: null })),
    lastPosition: null,
    departedAt: iso(r.departed_at),
    arrivedAt: iso(r.arrived_at),
    openAlerts: [],
  };
  return { ...view, createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)! };
}

export function presentAlert(r: Row) {
  return {
    alertId: r.alert_id as string,
    alertType: r.alert_type as string,
    severity: r.severity as string,
    tripId: r.trip_id as string | null,
    plate: r.plate as string | null,
    cnNos: r.cn_nos as string[],
    lat: r.lat as number | null,
    lon: r.lon as number | null,
    detail: r.detail as Record<string, unknown>,
    openedAt: iso(r.opened_at),
    clearedAt: iso(r.cleared_at),
    /** The engine still sees the condition (stateful alerts clear when it ends). */
    active: r.cleared_at === null,
    status: r.status as 'open' | 'acknowledged' | 'resolved',
    acknowledgedBy: r.acknowledged_by ?? null,
    acknowledgedAt: iso(r.acknowledged_at),
    assignedTo: r.assigned_to ?? null,
    resolution: r.resolution ?? null,
    resolutionNote: r.resolution_note ?? null,
    resolvedBy: r.resolved_by ?? null,
    resolvedAt: iso(r.resolved_at),
  };
}

export function presentAlertEvent(r: Row) {
  return { at: iso(r.at), kind: r.kind as string, actor: r.actor ?? null, ...(r.data ? { data: r.data } : {}) };
}
