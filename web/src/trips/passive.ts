// A passive-seal trip as the platform sees it: no track, only reads at points (CONTRACT §8). The
// trip answer carries the reads (`sealReads`) and the point-to-point summary (`pointToPoint`):
// where the cargo was last read, where it must be read next, and by when.
export type SealEvent = 'applied' | 'checked' | 'removed';

export interface SealReadEntry {
  readId: string;
  sealNo: string;
  event: SealEvent;
  facility: string | null;
  facilityName: string | null;
  lat: number | null;
  lon: number | null;
  containerNo: string | null;
  reader: string;
  by: string | null;
  readAt: string;
  receivedAt: string | null;
  late: boolean;
  photoUrl: string | null;
}

export interface P2PSeal {
  sealNo: string;
  containerNo: string | null;
  sealType: string;
  applied: boolean;
  removed: boolean;
  lastRead: { event: string; facility: string | null; readAt: string } | null;
}

export interface P2PPlace {
  facility: string | null;
  lat: number | null;
  lon: number | null;
}

export interface PointToPoint {
  seals: P2PSeal[];
  lastSeen: (P2PPlace & { at: string; source: string }) | null;
  next: (P2PPlace & { kind: string; name: string | null; dueBy: string | null }) | null;
}

export interface PassiveTrip {
  reads: SealReadEntry[];
  p2p: PointToPoint | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);

function read(r: Record<string, unknown>): SealReadEntry | null {
  const readAt = str(r.readAt);
  const sealNo = str(r.sealNo);
  if (!readAt || !sealNo) return null;
  return {
    readId: str(r.readId) ?? `${sealNo}@${readAt}`,
    sealNo,
    event: (str(r.event) ?? 'checked') as SealEvent,
    facility: str(r.facility),
    facilityName: str(r.facilityName),
    lat: num(r.lat),
    lon: num(r.lon),
    containerNo: str(r.containerNo),
    reader: str(r.reader) ?? 'manual',
    by: str(r.by),
    readAt,
    receivedAt: str(r.receivedAt),
    late: r.late === true,
    photoUrl: str(r.photoUrl),
  };
}

function place(v: unknown): P2PPlace | null {
  const o = obj(v);
  return o ? { facility: str(o.facility), lat: num(o.lat), lon: num(o.lon) } : null;
}

/** The reads and the point-to-point summary of a GET /trips/{id} answer (absent on truck e-seal trips). */
export function passiveOf(raw: unknown): PassiveTrip {
  const r = obj(raw) ?? {};
  const reads = (Array.isArray(r.sealReads) ? r.sealReads : [])
    .map((x) => (obj(x) ? read(x as Record<string, unknown>) : null))
    .filter((x): x is SealReadEntry => x !== null)
    .sort((a, b) => a.readAt.localeCompare(b.readAt));
  const p = obj(r.pointToPoint);
  if (!p) return { reads, p2p: null };
  const last = obj(p.lastSeen);
  const next = obj(p.next);
  return {
    reads,
    p2p: {
      seals: (Array.isArray(p.seals) ? p.seals : []).map((s) => {
        const o = obj(s) ?? {};
        const lr = obj(o.lastRead);
        return {
          sealNo: str(o.sealNo) ?? '',
          containerNo: str(o.containerNo),
          sealType: str(o.sealType) ?? 'other',
          applied: o.applied === true,
          removed: o.removed === true,
          lastRead: lr && str(lr.readAt) ? { event: str(lr.event) ?? '', facility: str(lr.facility), readAt: str(lr.readAt)! } : null,
        };
      }),
      lastSeen: last && str(last.at) ? { ...place(last)!, at: str(last.at)!, source: str(last.source) ?? 'read' } : null,
      next: next ? { ...place(next)!, kind: str(next.kind) ?? 'destination', name: str(next.name), dueBy: str(next.dueBy) } : null,
    },
  };
}
