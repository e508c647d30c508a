// Passive seals and point-to-point supervision (CONTRACT section 8). A passive seal (`eseal`,
// `epaper_seal`, `other`) reports nothing by itself: it is read at points by a phone, a lane reader
// or a handheld. Its trip is sealed when every such seal was read `applied`; a vehicle without an
// OBU departs at its gate-out from the origin or a `checked` read outside it and arrives at its
// gate-in at the destination; any vehicle arrives at a `checked`/`removed` read there. The read rules
// (seal_tamper, seal_mismatch, seal_read_elsewhere) run after those effects.
//
// Reads come late, twice and out of order (a phone queues reads taken with no signal and uploads
// them later, each with its own time):
// - the same read again (its readId, or the same event, place and time) changes nothing;
// - facts only accumulate: `applied` and `removed` stay true whatever order they arrive in, and
//   `appliedAtMs` keeps the earliest read time;
// - a late read never moves a trip back; it may still move it forward (a trip not yet departed
//   departs at the late read's own time, so `overdue` counts from when the truck really left);
// - the rules judge a read at its own time (seal_read_elsewhere: was the trip on the road then?);
// - a read time ahead of the engine clock by more than MAX_REPORT_AHEAD_MS is taken as now.
import { normalizeContainerNo } from '../core/rules/gate-mismatch.ts';
import type { EngineOutput, GateEvent, SealRead } from '../core/types.ts';
import { MAX_REPORT_AHEAD_MS, parseIsoMs } from './clock.ts';
import { runRead } from './rules.ts';
import { isPreDeparture, type EngineState, type SealRec, type TripRec } from './state.ts';
import { arrive, depart, ensureRoute, inFacility, markCheckpointEntered, maybeClose, reevaluatePreDeparture } from './trips.ts';

/** A read received this long after it was taken was queued on the reader (no signal) or uploaded late. */
const LATE_READ_MS = 2 * 60_000;

/** The vehicle has an OBU (registered on it, or one has reported for its plate). */
export function hasObu(st: EngineState, plate: string): boolean {
  if (st.vehicles.get(plate)?.obuId) return true;
  const devs = st.plateDevices.get(plate);
  return devs !== undefined && devs.size > 0;
}

/** Every facility whose area holds the point. */
function facilitiesAt(st: EngineState, lon: number, lat: number): string[] {
  const index = st.facilityIndex();
  const n = index.query(lon, lat, st.hits);
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(index.facilities[st.hits[k]].code);
  return out;
}

/** Departure without an OBU fix: by a gate-out or a read, at `atMs`. */
function departPointToPoint(st: EngineState, trip: TripRec, atMs: number, at: string, out: EngineOutput[]): void {
  if (!hasObu(st, trip.plate)) trip.pointToPoint = true;
  depart(st, trip, Math.max(atMs, trip.createdAtMs), at, out);
}

/** A read or a gate passage at the destination: the trip is there (it left its origin, whatever else was seen). */
function reachDestination(st: EngineState, trip: TripRec, atMs: number, at: string, out: EngineOutput[]): void {
  if (isPreDeparture(trip.state)) departPointToPoint(st, trip, atMs, at, out);
  if (trip.state === 'in_transit') arrive(st, trip, at, out, atMs);
}

function findSeal(trip: TripRec | null, sealNo: string): SealRec | null {
  if (trip === null) return null;
  for (const s of trip.seals) if (s.id === sealNo) return s;
  return null;
}

/** The read's effects on its seal and trip (sealing, departure, arrival), before the read rules. */
function readLifecycle(
  st: EngineState, rec: SealRec, r: SealRead, placedAt: readonly string[], outsideOrigin: boolean, tsMs: number, ts: string,
  out: EngineOutput[],
): void {
  const trip = rec.trip;
  const atOrigin = placedAt.includes(trip.origin);
  const atDestination = placedAt.includes(trip.destination);
  if (atOrigin && isPreDeparture(trip.state)) trip.atOrigin = true;
  if (r.event === 'applied') {
    rec.applied = true;
    if (!(rec.appliedAtMs <= tsMs)) rec.appliedAtMs = tsMs;
    return;
  }
  if (r.event === 'removed') {
    // Taking a seal off again at the origin before the trip is sealed undoes the application
    // (a wrong seal, a re-seal); any other removal is for the rules to judge.
    if (trip.state === 'planned' && !outsideOrigin && !atDestination) {
      rec.applied = false;
      rec.appliedAtMs = NaN;
      return;
    }
    rec.removed = true;
  }
  if (atDestination) {
    reachDestination(st, trip, tsMs, ts, out);
  } else if (r.event === 'checked' && outsideOrigin && isPreDeparture(trip.state) && !hasObu(st, trip.plate)) {
    departPointToPoint(st, trip, tsMs, ts, out);
  }
  if (trip.state === 'in_transit') enteredCheckpoints(st, trip, placedAt);
}

/** A read or a gate passage at a route checkpoint shows the vehicle went through it (inspection_evasion). */
function enteredCheckpoints(st: EngineState, trip: TripRec, placedAt: readonly string[]): void {
  if (placedAt.length === 0) return;
  ensureRoute(st, trip);
  for (let i = 0; i < trip.cpCodes.length; i++) if (placedAt.includes(trip.cpCodes[i])) markCheckpointEntered(trip, i);
}

export function applySealRead(st: EngineState, r: SealRead, out: EngineOutput[]): void {
  let tsMs = st.clockMs;
  let ts = st.at;
  if (r.readAt !== undefined) {
    const ms = parseIsoMs(r.readAt);
    if (ms === ms && ms <= st.clockMs + MAX_REPORT_AHEAD_MS) {
      tsMs = ms;
      ts = r.readAt;
    }
  }
  const trip = st.sealTrip.get(r.sealNo) ?? null;
  const rec = findSeal(trip, r.sealNo);
  const hasPos = typeof r.lat === 'number' && typeof r.lon === 'number';
  const placedAt = r.facility ? [r.facility] : hasPos ? facilitiesAt(st, r.lon as number, r.lat as number) : [];
  let late = false;
  if (rec !== null) {
    const key = r.readId ?? `${r.event}\u0000${r.facility ?? `${r.lat},${r.lon}`}\u0000${tsMs}`;
    if (rec.reads === null) rec.reads = new Set();
    if (rec.reads.has(key)) return;
    rec.reads.add(key);
    late = tsMs < rec.lastReadMs || st.clockMs - tsMs > LATE_READ_MS;
    if (tsMs > rec.lastReadMs) rec.lastReadMs = tsMs;
    const origin = rec.trip.origin;
    const outsideOrigin = r.facility ? r.facility !== origin : hasPos && !inFacility(st, origin, r.lon as number, r.lat as number);
    readLifecycle(st, rec, r, placedAt, outsideOrigin, tsMs, ts, out);
  }
  const containerNo = r.containerNo ? normalizeContainerNo(r.containerNo) : null;
  const f = st.host.read;
  f.readId = r.readId ?? null;
  f.sealNo = r.sealNo;
  f.event = r.event;
  f.reader = r.reader;
  f.by = r.by ?? null;
  f.containerNo = containerNo;
  f.placedAt = placedAt;
  f.hasPos = hasPos;
  f.lat = hasPos ? (r.lat as number) : NaN;
  f.lon = hasPos ? (r.lon as number) : NaN;
  f.tsMs = tsMs;
  f.ts = ts;
  f.late = late;
  f.seal = rec;
  f.containerTrip = containerNo !== null ? (st.containerTrip.get(containerNo) ?? null) : null;
  runRead(st);
  if (rec === null) return;
  const t = rec.trip;
  if (isPreDeparture(t.state)) reevaluatePreDeparture(st, t, out);
  else if (t.state === 'arrived') maybeClose(st, t, out);
}

/**
 * A gate passage's effects on a trip (after the gate rules): a gate-in at the origin puts the
 * vehicle there; for a vehicle without an OBU, a gate-out from the origin departs and a gate-in at
 * the destination arrives (one with an OBU departs and arrives by its fixes). A lane that read the containers
 * but not the plate still finds the trip by a container.
 */
export function gatePassage(st: EngineState, g: GateEvent, plateTrip: TripRec | null): void {
  let trip = plateTrip;
  if (trip === null || (trip.origin !== g.facility && trip.destination !== g.facility)) {
    for (const no of g.containerNos ?? []) {
      const t = st.containerTrip.get(normalizeContainerNo(no));
      if (t !== undefined && (t.origin === g.facility || t.destination === g.facility)) {
        trip = t;
        break;
      }
    }
  }
  if (trip !== null && trip.state === 'in_transit' && trip.cpCodes.includes(g.facility)) enteredCheckpoints(st, trip, [g.facility]);
  if (trip === null) return;
  const out = st.host.out;
  if (g.direction === 'out') {
    if (g.facility === trip.origin && isPreDeparture(trip.state) && !hasObu(st, trip.plate)) {
      departPointToPoint(st, trip, st.clockMs, st.at, out);
    }
    return;
  }
  if (g.facility === trip.destination) {
    if (!hasObu(st, trip.plate)) reachDestination(st, trip, st.clockMs, st.at, out);
  } else if (g.facility === trip.origin && isPreDeparture(trip.state)) trip.atOrigin = true;
}
