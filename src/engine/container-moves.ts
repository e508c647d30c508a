// Container movements in the engine (CONTRACT section 9): the clearances it knows per container,
// where each container was seen last, and the container rules run for every sighting (a gate
// passage's containers, a yard event, a seal read naming its container). Kept beside
// the engine state rather than in it, so that the trip and device paths are untouched by it.
import { CONTAINER_RULES } from '../core/rules/index.ts';
import { normalizeContainerNo } from '../core/rules/gate-mismatch.ts';
import type { ContainerSighting } from '../core/rules/rule.ts';
import type { Clearance, GateEvent, SealRead, YardEvent } from '../core/types.ts';
import { parseIsoMs } from './clock.ts';
import { tripAtGate } from './gate.ts';
import type { EngineState, TripRec } from './state.ts';
import { normPlate } from './trips.ts';

const NONE: readonly Clearance[] = [];

export class MovementState {
  /** Each declaration at its latest statusAt. */
  readonly clearances = new Map<string, Clearance>();
  /** The declarations naming each container (normalised number). */
  readonly byContainer = new Map<string, Clearance[]>();
  /** Where each container was seen last. */
  readonly lastSeen = new Map<string, ContainerSighting>();
  /** Index in the current step's outputs where the input's own effects begin (after timers). */
  inputFrom = 0;
  /** The trip the last gate passage was about, for the lane's answer. */
  lastGateTripId: string | null = null;
  /** Off only to measure what the movement rules cost (bench/gate.ts): no clearance kept, no container rule run. */
  enabled = true;
}

const STATES = new WeakMap<EngineState, MovementState>();

export function movementsOf(st: EngineState): MovementState {
  let m = STATES.get(st);
  if (m === undefined) {
    m = new MovementState();
    STATES.set(st, m);
  }
  return m;
}

/** Makes `m` the movement state of `st` (a snapshot restored: src/snapshots). */
export function adoptMovements(st: EngineState, m: MovementState): void {
  STATES.set(st, m);
}

export function clearancesOf(st: EngineState, containerNo: string): readonly Clearance[] {
  return movementsOf(st).byContainer.get(containerNo) ?? NONE;
}

/** A clearance status: the latest statusAt of a declaration stands (an older one changes nothing). */
export function applyClearance(st: EngineState, raw: Clearance): void {
  const m = movementsOf(st);
  if (!m.enabled) return;
  const c: Clearance = { ...raw, containerNos: raw.containerNos.map(normalizeContainerNo) };
  const before = m.clearances.get(c.declarationNo);
  if (before !== undefined) {
    if (parseIsoMs(c.statusAt) < parseIsoMs(before.statusAt)) return;
    for (const no of before.containerNos) {
      const list = m.byContainer.get(no);
      if (list === undefined) continue;
      const rest = list.filter((x) => x.declarationNo !== c.declarationNo);
      if (rest.length) m.byContainer.set(no, rest);
      else m.byContainer.delete(no);
    }
  }
  m.clearances.set(c.declarationNo, c);
  for (const no of c.containerNos) {
    const list = m.byContainer.get(no);
    if (list === undefined) m.byContainer.set(no, [c]);
    else list.push(c);
  }
}

/** Runs the container rules on a sighting, then remembers it as the container's last. */
export function seeContainer(st: EngineState, c: ContainerSighting): void {
  const m = movementsOf(st);
  const previous = m.lastSeen.get(c.containerNo) ?? null;
  for (let i = 0; i < CONTAINER_RULES.length; i++) CONTAINER_RULES[i].sighting(st.host, c, previous);
  m.lastSeen.set(c.containerNo, c);
}

function sighting(
  st: EngineState, containerNo: string, via: ContainerSighting['via'], event: string, facility: string, lane: string | null,
  plate: string | null, trip: TripRec | null,
): ContainerSighting {
  const at = st.host.facilityCentre(facility);
  return {
    containerNo, via, event, facility, lane, plate, trip, atMs: st.clockMs, hasPos: at !== null, lat: at ? at.lat : NaN, lon: at ? at.lon : NaN,
  };
}

/** After the gate rules: each container of the passage is a sighting. */
export function applyGateMovements(st: EngineState, g: GateEvent): void {
  const plate = normPlate(g.plate);
  const trip = tripAtGate(st, plate, g);
  const m = movementsOf(st);
  m.lastGateTripId = trip ? trip.id : null;
  if (!m.enabled) return;
  const seen = new Set<string>();
  for (const raw of g.containerNos ?? []) {
    const no = normalizeContainerNo(raw);
    if (no === '' || seen.has(no)) continue;
    seen.add(no);
    seeContainer(st, sighting(st, no, 'gate', g.direction, g.facility, g.lane, plate, trip));
  }
}

export function applyYardEvent(st: EngineState, e: YardEvent): void {
  if (!movementsOf(st).enabled) return;
  const no = normalizeContainerNo(e.containerNo);
  const trip = st.containerTrip.get(no) ?? null;
  seeContainer(st, sighting(st, no, 'yard', e.event, e.facility, null, trip ? trip.plate : null, trip));
}

/**
 * A seal read naming its container is a sighting too, placed by its facility or else its own
 * position, at the time it was taken. A read older than the container's last sighting (uploaded
 * late from a phone) says nothing of where the container is now, and a read with no place says
 * nothing of where it was: neither is one (either would hide the next sighting's conflict).
 */
export function applySealReadSighting(st: EngineState, r: SealRead): void {
  const m = movementsOf(st);
  if (!m.enabled || !r.containerNo) return;
  const no = normalizeContainerNo(r.containerNo);
  if (no === '') return;
  let atMs = st.clockMs;
  if (r.readAt !== undefined) {
    const ms = parseIsoMs(r.readAt);
    // A time in the future (a phone's clock ahead) counts as now.
    if (ms === ms && ms <= st.clockMs) atMs = ms;
  }
  const previous = m.lastSeen.get(no);
  if (previous !== undefined && atMs < previous.atMs) return;
  const centre = r.facility ? st.host.facilityCentre(r.facility) : null;
  const own = typeof r.lat === 'number' && typeof r.lon === 'number';
  if (centre === null && !own) return;
  const trip = st.containerTrip.get(no) ?? null;
  seeContainer(st, {
    containerNo: no, via: 'seal_read', event: r.event, facility: centre ? r.facility! : null, lane: null, plate: trip ? trip.plate : null, trip,
    atMs, hasPos: true, lat: centre ? centre.lat : r.lat!, lon: centre ? centre.lon : r.lon!,
  });
}

/** Marks where the current input's own outputs begin (timers that fell due come before). */
export function markInputStart(st: EngineState, index: number): void {
  movementsOf(st).inputFrom = index;
}

/** What the last input's own effects were, for the lane's answer to a gate passage: where they begin in its outputs, and the passage's trip. */
export function gateOutcome(st: EngineState): { inputFrom: number; tripId: string | null } {
  const m = movementsOf(st);
  return { inputFrom: m.inputFrom, tripId: m.lastGateTripId };
}

/** Turns the container movement rules on or off (a benchmark's baseline runs without them). */
export function setMovementRules(st: EngineState, enabled: boolean): void {
  movementsOf(st).enabled = enabled;
}
