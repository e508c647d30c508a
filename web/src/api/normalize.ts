// Maps what the server sends onto the app's shapes: alerts from /alerts, /alerts/{id} and the
// alert messages of /stream; trips from /trips, /trips/{id}, /search. Each field is read under the
// one name the server gives it (web/shared/api-types.ts names the answers).
import type { AlertDetail, AlertEvent, AlertResource, StreamAlert, TripDetail, TripSummary } from '../../shared/api-types.ts';
import type { Alert, AlertNote, Position, LivePosition, SealStatus, Trip, TripEvent } from './types.ts';

/** An alert from REST (with its history when read alone) or from /stream (open, no handling yet). */
export type AlertAnswer = (AlertResource & Partial<Pick<AlertDetail, 'history'>>) | StreamAlert;
/** A trip from the list or search (summary) or read alone (with notes, commands and timeline). */
export type TripAnswer = TripSummary & Partial<Pick<TripDetail, 'transportNotes' | 'commands' | 'timeline'>>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** Notes are the `note` events of an alert's history. */
function notes(history: AlertEvent[] | undefined): AlertNote[] {
  return (history ?? []).filter((e) => e.kind === 'note').map((e) => ({ at: str(e.at) ?? '', by: str(e.actor) ?? '', text: str(e.data?.note) ?? '' }));
}

export function normalizeAlert(r: AlertAnswer): Alert {
  const handled: Partial<AlertResource> = 'active' in r ? r : {};
  const detail = r.detail && typeof r.detail === 'object' ? r.detail : {};
  return {
    id: r.alertId,
    alertType: r.alertType as Alert['alertType'],
    severity: r.severity as Alert['severity'],
    tripId: str(r.tripId),
    cnNos: r.cnNos ?? [],
    plate: str(r.plate) ?? '',
    lat: num(r.lat),
    lon: num(r.lon),
    detail,
    openedAt: str(r.openedAt) ?? '',
    status: r.status,
    clearedAt: str(handled.clearedAt),
    acknowledgedAt: str(handled.acknowledgedAt),
    acknowledgedBy: str(handled.acknowledgedBy),
    assignee: str(handled.assignedTo),
    notes: notes('history' in r ? r.history : undefined),
    resolution: str(handled.resolution),
    resolutionNote: str(handled.resolutionNote),
    resolvedBy: str(handled.resolvedBy),
    resolvedAt: str(handled.resolvedAt),
  };
}

/** A fix from a trip's last position, its track list or /stream. */
export function normalizePosition(r: { ts: string; lat: unknown; lon: unknown; speedKmh?: unknown; heading?: unknown } | null | undefined): Position | null {
  if (!r) return null;
  const lat = num(r.lat);
  const lon = num(r.lon);
  if (lat === null || lon === null) return null;
  return { ts: str(r.ts) ?? '', lat, lon, speedKmh: num(r.speedKmh) ?? undefined, heading: num(r.heading) ?? undefined };
}

export function normalizeLivePosition(r: Record<string, unknown>): LivePosition | null {
  const p = normalizePosition(r as { ts: string; lat: unknown; lon: unknown });
  const plate = str(r.plate);
  if (!p || !plate) return null;
  return { ...p, plate, tripId: str(r.tripId), deviceId: str(r.deviceId) ?? undefined };
}

function history(r: TripAnswer): TripEvent[] {
  return (r.timeline ?? []).flatMap((e) => (e.kind === 'state' ? [{ at: e.at, state: e.state, previousState: e.previousState }] : []));
}

function seals(r: TripAnswer): SealStatus[] {
  // The trip detail lists its commands: each seal's latest unlock is shown beside it.
  const unlocks = new Map<string, { status: string; attempts: number }>();
  for (const c of r.commands ?? []) if (c.command === 'unlock') unlocks.set(c.deviceId, { status: c.status, attempts: c.attempts });
  return r.seals.map((s) => {
    const base: SealStatus = { id: s.id, state: s.state ?? '', link: s.link ?? undefined, battery: num(s.battery) ?? undefined };
    const unlock = unlocks.get(s.id);
    return unlock ? { ...base, unlock } : base;
  });
}

export function normalizeTrip(r: TripAnswer): Trip {
  // /trips/{id} carries each CN as the note view ({cnNo, status, note: body}).
  const notes = (r.transportNotes ?? []).map((n) => n.note);
  const fromNotes = notes.flatMap((n) => n.containers ?? []);
  const containers = fromNotes.length ? fromNotes : r.containerNos.map((no) => ({ no, sealType: '' as never, sealNos: [] }));
  return {
    id: r.tripId,
    state: r.state,
    plate: r.plate,
    cnNos: r.cnNos,
    routeCode: str(r.routeCode),
    origin: str(r.origin),
    destination: str(r.destination),
    // The driver is on the transport note, not on the trip.
    driverId: str(notes[0]?.driverId),
    containers,
    declarationNos: [...new Set(notes.map((n) => n.declarationNo).filter((d): d is string => typeof d === 'string' && d !== ''))],
    seals: seals(r),
    createdAt: str(r.createdAt),
    departedAt: str(r.departedAt),
    arrivedAt: str(r.arrivedAt),
    lastPosition: normalizePosition(r.lastPosition),
    history: history(r),
  };
}
