// A container's timeline: everything customs knows of its movement, in one order. The sources are
// the terminal's yard events, the lanes' gate passages, the trips that carried it (their state
// changes) and the clearance statuses of its declarations; each entry is put in its phase of the
// usual journey (discharge → yard moves → gate-out → trip → gate-in → loading), and the container's
// status is the phase of its latest movement.

export const PHASES = ['clearance', 'discharge', 'yard', 'gate_out', 'trip', 'gate_in', 'loading'] as const;
export type Phase = (typeof PHASES)[number];

export interface YardSource {
  at: string;
  facility: string;
  event: 'discharged' | 'loaded' | 'moved';
  equipmentId?: string | null;
  position?: string | null;
}

export interface GateSource {
  at: string;
  id: string;
  facility: string;
  lane: string;
  direction: 'in' | 'out';
  plate: string;
  decision: 'pass' | 'hold' | null;
  reasons: string[];
  officerDecision?: 'released' | 'refused' | null;
  images?: string[];
  tripId?: string | null;
}

export interface TripSource {
  tripId: string;
  plate: string;
  origin: string | null;
  destination: string | null;
  events: { at: string; state: string }[];
}

export interface ClearanceSource {
  at: string;
  declarationNo: string;
  kind: string;
  status: string;
  releaseCode?: string | null;
}

export interface TimelineEntry {
  at: string;
  phase: Phase;
  /** What happened: a yard event, `gate_in`/`gate_out`, a trip state, or `clearance_<status>`. */
  kind: string;
  facility: string | null;
  detail: Record<string, unknown>;
}

/** The trip states that are movements (the others are paperwork before departure). */
const TRIP_MOVES = new Set(['in_transit', 'arrived', 'closed']);

export function buildTimeline(src: { yard?: YardSource[]; gates?: GateSource[]; trips?: TripSource[]; clearances?: ClearanceSource[] }): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const y of src.yard ?? []) {
    out.push({
      at: y.at,
      phase: y.event === 'discharged' ? 'discharge' : y.event === 'loaded' ? 'loading' : 'yard',
      kind: y.event,
      facility: y.facility,
      detail: { equipmentId: y.equipmentId ?? null, position: y.position ?? null },
    });
  }
  for (const g of src.gates ?? []) {
    out.push({
      at: g.at,
      phase: g.direction === 'out' ? 'gate_out' : 'gate_in',
      kind: g.direction === 'out' ? 'gate_out' : 'gate_in',
      facility: g.facility,
      detail: {
        passageId: g.id, lane: g.lane, plate: g.plate, decision: g.decision, reasons: g.reasons,
        officerDecision: g.officerDecision ?? null, images: g.images ?? [], tripId: g.tripId ?? null,
      },
    });
  }
  for (const t of src.trips ?? []) {
    for (const e of t.events) {
      out.push({
        at: e.at,
        phase: 'trip',
        kind: e.state,
        facility: e.state === 'arrived' || e.state === 'closed' ? t.destination : t.origin,
        detail: { tripId: t.tripId, plate: t.plate, origin: t.origin, destination: t.destination },
      });
    }
  }
  for (const c of src.clearances ?? []) {
    out.push({
      at: c.at,
      phase: 'clearance',
      kind: `clearance_${c.status}`,
      facility: null,
      detail: { declarationNo: c.declarationNo, kind: c.kind, status: c.status, releaseCode: c.releaseCode ?? null },
    });
  }
  // By time; at the same moment, in the order of the journey.
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
}

export type MovementStatus = 'not_seen' | 'discharged' | 'in_yard' | 'gate_out' | 'in_transit' | 'arrived' | 'gate_in' | 'loaded';

/** Where the container is in its journey: the latest movement (clearance entries and trip paperwork are no movement). */
export function movementStatus(timeline: readonly TimelineEntry[]): { status: MovementStatus; lastEventAt: string | null; facility: string | null } {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e.phase === 'clearance' || (e.phase === 'trip' && !TRIP_MOVES.has(e.kind))) continue;
    const status: MovementStatus =
      e.kind === 'discharged' ? 'discharged'
        : e.kind === 'moved' ? 'in_yard'
          : e.kind === 'loaded' ? 'loaded'
            : e.kind === 'gate_out' ? 'gate_out'
              : e.kind === 'gate_in' ? 'gate_in'
                : e.kind === 'in_transit' ? 'in_transit'
                  : 'arrived';
    return { status, lastEventAt: e.at, facility: e.facility };
  }
  return { status: 'not_seen', lastEventAt: null, facility: null };
}
