// What happened during a trip, as moments on the replay slider: alerts opening, seals changing
// state (from the seal states each report carried), passive seal reads, gate passages and the
// trip's own state changes. Each event keeps its time so a click on its marker moves the replay there.
import type { Alert, Position, Severity, TripEvent } from '../api/types.ts';
import type { SealReadEntry } from './passive.ts';

/** A fix as replay reads it: what the report carried beside the position. */
export interface ReplayFix extends Position {
  battery?: number;
  sealBattery?: number;
  seals?: { id: string; state: string | null }[];
}

export type ReplayEventKind = 'alert' | 'seal' | 'read' | 'gate' | 'state';

/** A lane's record of the truck passing a gate. */
export interface GatePassage {
  at: string;
  facility: string;
  lane: string;
  direction: string;
}

export function gatePassagesOf(raw: unknown): GatePassage[] {
  const list = (raw as { gatePassages?: unknown })?.gatePassages;
  if (!Array.isArray(list)) return [];
  return list.flatMap((g) =>
    g && typeof g.at === 'string' && typeof g.facility === 'string' ? [{ at: g.at, facility: g.facility, lane: String(g.lane ?? ''), direction: String(g.direction ?? '') }] : [],
  );
}

export interface ReplayEvent {
  at: number;
  kind: ReplayEventKind;
  /** What the label says, filled by the view in the reader's language. */
  args: Record<string, string>;
  severity?: Severity;
}

/** A seal's reported state changing from one report to the next (the first report sets it). */
function sealChanges(track: ReplayFix[]): ReplayEvent[] {
  const last = new Map<string, string>();
  const out: ReplayEvent[] = [];
  for (const f of track) {
    for (const s of f.seals ?? []) {
      if (!s.state) continue;
      const before = last.get(s.id);
      last.set(s.id, s.state);
      if (before !== undefined && before !== s.state) out.push({ at: Date.parse(f.ts), kind: 'seal', args: { seal: s.id, state: s.state } });
    }
  }
  return out;
}

export function replayEvents(input: { track: ReplayFix[]; alerts: Alert[]; reads: SealReadEntry[]; history: TripEvent[]; gates?: GatePassage[] }): ReplayEvent[] {
  const events: ReplayEvent[] = [
    ...input.alerts.map((a) => ({ at: Date.parse(a.openedAt), kind: 'alert' as const, args: { type: a.alertType, severity: a.severity }, severity: a.severity })),
    ...sealChanges(input.track),
    ...input.reads.map((r) => ({ at: Date.parse(r.readAt), kind: 'read' as const, args: { seal: r.sealNo, event: r.event } })),
    ...(input.gates ?? []).map((g) => ({ at: Date.parse(g.at), kind: 'gate' as const, args: { facility: g.facility, lane: g.lane, direction: g.direction } })),
    ...input.history.map((h) => ({ at: Date.parse(h.at), kind: 'state' as const, args: { state: h.state } })),
  ];
  return events.filter((e) => Number.isFinite(e.at)).sort((a, b) => a.at - b.at);
}

/** Where a moment sits on a slider from start to end, as a fraction clamped to [0, 1]. */
export function sliderFraction(at: number, start: number, end: number): number {
  if (!(end > start)) return 0;
  return Math.min(1, Math.max(0, (at - start) / (end - start)));
}
