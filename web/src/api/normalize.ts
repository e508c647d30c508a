// Maps what the server sends (REST rows or /stream messages) onto the app's shapes, tolerating
// both the engine's output names (alertId, tripId) and the REST resource names (id).
import type { Alert, AlertNote, AlertStatus, LivePosition, Position, SealStatus, Trip, TripEvent } from './types.ts';

type Raw = Record<string, any>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

function alertStatus(r: Raw): AlertStatus {
  if (r.status === 'resolved' || r.resolvedAt || r.resolution) return 'resolved';
  if (r.status === 'acknowledged' || r.acknowledgedAt || r.ackAt) return 'acknowledged';
  return 'open';
}

/** Notes come as a list, or as the `note` events of an alert's history. */
function notes(r: Raw): AlertNote[] {
  const list = Array.isArray(r.notes) ? r.notes : arr<Raw>(r.history).filter((e) => e.kind === 'note').map((e) => ({ at: e.at, by: e.actor, text: e.data?.note }));
  return list.map((n: Raw) => ({ at: str(n.at ?? n.createdAt) ?? '', by: str(n.byName ?? n.by ?? n.author ?? n.actor) ?? '', text: str(n.text ?? n.note) ?? '' }));
}

export function normalizeAlert(r: Raw, at?: string): Alert {
  const detail: Raw = r.detail && typeof r.detail === 'object' ? r.detail : {};
  const containerNos = arr<string>(r.containerNos ?? detail.containerNos);
  return {
    id: String(r.id ?? r.alertId),
    alertType: r.alertType ?? r.type,
    severity: r.severity ?? 'medium',
    tripId: str(r.tripId),
    cnNos: arr<string>(r.cnNos),
    plate: str(r.plate) ?? '',
    containerNos,
    lat: num(r.lat ?? r.position?.lat),
    lon: num(r.lon ?? r.position?.lon),
    detail,
    openedAt: str(r.openedAt ?? r.at ?? r.createdAt) ?? at ?? new Date().toISOString(),
    status: alertStatus(r),
    clearedAt: str(r.clearedAt),
    acknowledgedAt: str(r.acknowledgedAt ?? r.ackAt),
    acknowledgedBy: str(r.acknowledgedByName ?? r.acknowledgedBy ?? r.ackBy),
    assignee: str(r.assigneeName ?? r.assignee ?? r.assignedTo ?? r.assigneeId),
    notes: notes(r),
    resolution: str(r.resolution),
    resolutionNote: str(r.resolutionNote),
    resolvedBy: str(r.resolvedByName ?? r.resolvedBy),
    resolvedAt: str(r.resolvedAt),
  };
}

export function normalizePosition(r: Raw | null | undefined): Position | null {
  if (!r) return null;
  const lat = num(r.lat);
  const lon = num(r.lon);
  if (lat === null || lon === null) return null;
  return { ts: str(r.ts ?? r.at) ?? '', lat, lon, speedKmh: num(r.speedKmh) ?? undefined, heading: num(r.heading) ?? undefined };
}

export function normalizeLivePosition(r: Raw): LivePosition | null {
  const p = normalizePosition(r);
  const plate = str(r.plate);
  if (!p || !plate) return null;
  return { ...p, plate, tripId: str(r.tripId), deviceId: str(r.deviceId) ?? undefined };
}

function history(r: Raw): TripEvent[] {
  const timeline = arr<Raw>(r.timeline).filter((e) => e.kind === 'state');
  const list = timeline.length ? timeline : arr<Raw>(r.history ?? r.states ?? r.stateHistory);
  return list.map((e) => ({ at: str(e.at ?? e.ts) ?? '', state: e.state ?? e.to, previousState: e.previousState ?? e.from ?? null })).filter((e) => e.state);
}

function seals(r: Raw): SealStatus[] {
  // The trip detail lists its commands: each seal's latest unlock is shown beside it.
  const unlocks = new Map<string, { status: string; attempts: number }>();
  for (const c of arr<Raw>(r.commands)) if (c.command === 'unlock') unlocks.set(String(c.deviceId), { status: String(c.status), attempts: num(c.attempts) ?? 0 });
  return arr<any>(r.seals).map((s) => {
    const base: SealStatus =
      typeof s === 'string' ? { id: s, state: '' } : { id: String(s.id ?? s.sealId), state: str(s.state) ?? '', link: str(s.link) ?? undefined, battery: num(s.battery) ?? undefined };
    const unlock = unlocks.get(base.id);
    return unlock ? { ...base, unlock } : base;
  });
}

/** A trip from /trips (the engine's view), /trips/{id} (plus its transport notes and timeline) or /stream. */
export function normalizeTrip(r: Raw): Trip {
  // /trips/{id} carries each CN as the note view ({cnNo, status, note: body}).
  const notes = arr<Raw>(r.transportNotes).map((n) => (n.note && typeof n.note === 'object' ? n.note : n));
  const fromNotes = notes.flatMap((n) => arr<Raw>(n.containers));
  const containers = fromNotes.length
    ? fromNotes.map((c) => ({ no: c.no ?? c.containerNo, sealType: c.sealType, sealNos: arr<string>(c.sealNos) }))
    : arr<string>(r.containerNos).map((no) => ({ no, sealType: '' as never, sealNos: [] }));
  const first = notes[0] ?? {};
  return {
    id: String(r.tripId ?? r.id),
    state: r.state,
    plate: str(r.plate) ?? '',
    cnNos: arr<string>(r.cnNos).length ? arr<string>(r.cnNos) : notes.map((n) => n.cnNo).filter(Boolean),
    routeCode: str(r.routeCode ?? first.routeCode),
    origin: str(r.origin ?? first.origin),
    destination: str(r.destination ?? first.destination),
    driverId: str(r.driverId ?? first.driverId),
    driverName: str(r.driverName),
    containers,
    declarationNos: [...new Set(notes.map((n) => n.declarationNo).filter((d): d is string => typeof d === 'string' && d !== ''))],
    seals: seals(r),
    createdAt: str(r.createdAt),
    departedAt: str(r.departedAt),
    arrivedAt: str(r.arrivedAt),
    closedAt: str(r.closedAt),
    lastPosition: normalizePosition(r.lastPosition),
    history: history(r),
  };
}
