// A passive-seal trip seen point to point (CONTRACT section 8), for the monitoring centre's map and
// trip page: its passive seals and their last reads, where it was last seen, where it must be read
// next and by when. Built from the stored reads, the trip's CNs and its route, so it reads the
// same for a trip on the road and one long closed.
import type { Queryable, Row } from '../store/db.ts';
import type { SealReadView } from './present.ts';

export interface PointToPointView {
  seals: {
    sealNo: string;
    containerNo: string;
    sealType: string;
    applied: boolean;
    removed: boolean;
    lastRead: { event: string; facility: string | null; readAt: string } | null;
  }[];
  lastSeen: { facility: string | null; name: string | null; lat: number | null; lon: number | null; at: string; source: 'read' } | null;
  next: { facility: string; kind: 'origin' | 'checkpoint' | 'destination'; name: string | null; lat: number | null; lon: number | null; dueBy: string | null } | null;
}

interface Place {
  name: string;
  lat: number | null;
  lon: number | null;
}

/** The middle of a facility's area's bounding box. */
function centre(area: unknown): { lat: number; lon: number } | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (v: unknown): void => {
    if (!Array.isArray(v)) return;
    if (typeof v[0] === 'number' && typeof v[1] === 'number') {
      minX = Math.min(minX, v[0]);
      maxX = Math.max(maxX, v[0]);
      minY = Math.min(minY, v[1]);
      maxY = Math.max(maxY, v[1]);
      return;
    }
    for (const x of v) walk(x);
  };
  walk((area as { coordinates?: unknown } | null)?.coordinates);
  return Number.isFinite(minX) ? { lat: (minY + maxY) / 2, lon: (minX + maxX) / 2 } : null;
}

async function places(q: Queryable, codes: string[]): Promise<Map<string, Place>> {
  const rows = await q.query('select code, name, body from facilities where code = any($1)', [codes]);
  return new Map(rows.map((r) => {
    const c = centre(r.body?.area);
    return [r.code as string, { name: r.name as string, lat: c ? c.lat : null, lon: c ? c.lon : null }];
  }));
}

/** The view of a trip (its stored row) with these reads; null when none of its seals is passive. */
export async function pointToPointView(q: Queryable, trip: Row, notes: Row[], reads: SealReadView[]): Promise<PointToPointView | null> {
  const sealsOn: { sealNo: string; containerNo: string; sealType: string }[] = [];
  for (const n of notes) {
    if (n.status === 'cancelled') continue;
    for (const c of (n.body?.containers ?? []) as { no: string; sealType: string; sealNos: string[] }[]) {
      if (c.sealType === 'truck_eseal') continue;
      for (const s of c.sealNos ?? []) if (!sealsOn.some((x) => x.sealNo === s)) sealsOn.push({ sealNo: s, containerNo: c.no, sealType: c.sealType });
    }
  }
  if (sealsOn.length === 0) return null;
  const [route] = trip.route_code
    ? await q.query('select body from routes where code = $1', [trip.route_code])
    : await q.query('select body from routes where origin = $1 and destination = $2 order by updated_at desc limit 1', [trip.origin, trip.destination]);
  const checkpoints: string[] = route?.body?.checkpoints ?? [];
  const maxMin: number | null = typeof route?.body?.maxDurationMin === 'number' ? route.body.maxDurationMin : null;
  const at = await places(q, [trip.origin, trip.destination, ...checkpoints, ...reads.map((r) => r.facility).filter((f): f is string => !!f)]);
  const place = (code: string | null) => (code ? (at.get(code) ?? null) : null);

  const seals = sealsOn.map((s) => {
    const mine = reads.filter((r) => r.sealNo.toUpperCase() === s.sealNo.toUpperCase());
    const last = mine[mine.length - 1];
    return {
      ...s,
      applied: mine.some((r) => r.event === 'applied'),
      removed: mine.some((r) => r.event === 'removed'),
      lastRead: last ? { event: last.event, facility: last.facility, readAt: last.readAt } : null,
    };
  });
  const lastRead = reads[reads.length - 1];
  const lastPlace = lastRead ? place(lastRead.facility) : null;
  const lastSeen = lastRead
    ? {
        facility: lastRead.facility,
        name: lastPlace?.name ?? null,
        lat: lastRead.lat ?? lastPlace?.lat ?? null,
        lon: lastRead.lon ?? lastPlace?.lon ?? null,
        at: lastRead.readAt,
        source: 'read' as const,
      }
    : null;
  const dueBy = trip.departed_at && maxMin !== null ? new Date(new Date(trip.departed_at).getTime() + maxMin * 60_000).toISOString() : null;
  let next: PointToPointView['next'] = null;
  const nextAt = (facility: string, kind: 'origin' | 'checkpoint' | 'destination') => {
    const p = place(facility);
    return { facility, kind, name: p?.name ?? null, lat: p?.lat ?? null, lon: p?.lon ?? null, dueBy: kind === 'origin' ? null : dueBy };
  };
  const preDeparture = ['planned', 'sealed', 'confirmed'].includes(trip.state);
  if (preDeparture && !seals.every((s) => s.applied)) {
    next = nextAt(trip.origin, 'origin');
  } else if (preDeparture || trip.state === 'in_transit') {
    const cp = checkpoints.find((c) => !reads.some((r) => r.facility === c));
    next = cp ? nextAt(cp, 'checkpoint') : nextAt(trip.destination, 'destination');
  } else if (trip.state === 'arrived') {
    next = nextAt(trip.destination, 'destination');
  }
  return { seals, lastSeen, next };
}
