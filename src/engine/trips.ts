// Trips: created and reshaped by transport notes, moved through CONTRACT section 4's states.
import { resolveParams } from '../core/alert-params.ts';
import { pointInAny } from '../core/geo/polygon.ts';
import { resetCursor } from '../core/geo/route-index.ts';
import { ENTERED, PENDING } from '../core/rules/inspection-evasion.ts';
import { normalizeContainerNo } from '../core/rules/gate-mismatch.ts';
import type { AlertParams, EngineOutput, ManualUnseal, Route, SealConfirmation, TransportNote, TripState } from '../core/types.ts';
import { emitTrip, emitUnlock, setTripState } from './emit.ts';
import { CnRec, DeviceRec, isPreDeparture, isTerminal, SealRec, TripRec, type EngineState, type RouteEntry } from './state.ts';
import { scheduleRetirement } from './retire.ts';
import { runArrive, runCnAccepted, runDepart, runDeviceTripEnd, runEnd } from './rules.ts';

/** Plates are kept as customs stores them: uppercase, without "-" or spaces. */
export function normPlate(plate: string): string {
  return plate.replace(/[-\s]/g, '').toUpperCase();
}

export function odKey(origin: string, destination: string): string {
  return `${origin}\u0000${destination}`;
}

/**
 * The engine's copy of an identifier, interned (V8 interns property keys). Identifiers decoded from
 * JSON are interned too, so the per-position lookups and comparisons of device and seal ids are
 * pointer comparisons rather than reads of both strings.
 */
export function intern(id: string): string {
  const key: Record<string, number> = { [id]: 0 };
  for (const k in key) return k;
  return id;
}

export function getDevice(st: EngineState, id: string): DeviceRec {
  let dev = st.devices.get(id);
  if (dev === undefined) {
    const key = intern(id);
    dev = new DeviceRec(key);
    st.devices.set(key, dev);
  }
  return dev;
}

/**
 * Forgets the cached trip of the devices whose trip may have changed: the plate's OBUs and the
 * trip's seals. Targeted, so trips changing state somewhere do not make every other device in the
 * country look its trip up again on its next report.
 */
export function invalidateTrip(st: EngineState, trip: TripRec): void {
  const devs = st.plateDevices.get(trip.plate);
  if (devs !== undefined) for (const dev of devs) dev.mapVersion = -1;
  for (const seal of trip.seals) seal.dev.mapVersion = -1;
}

/**
 * The trip a plate's OBU reports belong to: the one on the road, else the newest. A vehicle may
 * already have its next CN while finishing a trip.
 */
export function activeTripForPlate(st: EngineState, plate: string): TripRec | null {
  const list = st.plateTrips.get(plate);
  if (list === undefined || list.length === 0) return null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].state === 'in_transit') return list[i];
  // Otherwise the newest: an arrived trip waiting for its seals to report unlocked gives way to
  // the vehicle's next CN (its unlock reports still reach it through the seals, see arrive()).
  return list[list.length - 1];
}

export function inFacility(st: EngineState, code: string, lon: number, lat: number): boolean {
  return pointInAny(st.facilityIndex().partsOf(code), lon, lat);
}

function routeOverrides(def: Route): Partial<AlertParams> {
  const o: Partial<AlertParams> = { ...(def.alertParams ?? {}) };
  if (typeof def.corridorWidthM === 'number') o.corridorWidthM = def.corridorWidthM;
  return o;
}

/** A route's resolved thresholds, shared by all its trips (one object per route, not per trip). */
export function routeParams(st: EngineState, entry: RouteEntry): AlertParams {
  if (entry.params === null) entry.params = resolveParams(st.globalOverrides, routeOverrides(entry.def));
  return entry.params;
}

/**
 * Binds the trip to its route (the CN's routeCode, else the route with the same origin and
 * destination) and places the route's checkpoints along the path. Cheap to call: it only works
 * when routes or facilities changed since the last binding.
 */
export function ensureRoute(st: EngineState, trip: TripRec): void {
  if (trip.routeVersion === st.routesVersion && trip.facilityVersion === st.facilityVersion) return;
  const requested = trip.cns.find((c) => !c.cancelled && c.note.routeCode)?.note.routeCode ?? null;
  const code = requested ?? st.routeByOd.get(odKey(trip.origin, trip.destination)) ?? null;
  const entry = code === null ? undefined : st.routes.get(code);
  const prepared = entry ? entry.prepared : null;
  const routeChanged = prepared !== trip.route;
  if (routeChanged) {
    trip.route = prepared;
    trip.routeDef = entry ? entry.def : null;
    resetCursor(trip);
    trip.params = entry ? routeParams(st, entry) : st.params;
  }
  trip.routeCode = entry ? entry.def.code : requested;
  trip.routeVersion = st.routesVersion;
  if (routeChanged || trip.facilityVersion !== st.facilityVersion) {
    const codes = trip.routeDef?.checkpoints ?? [];
    const index = st.facilityIndex();
    const parts = codes.map((c) => index.partsOf(c));
    const sameCodes = codes.length === trip.cpCodes.length && codes.every((c, i) => c === trip.cpCodes[i]);
    trip.cpCodes = codes.slice();
    trip.cpParts = parts;
    trip.cpOnPath = new Uint8Array(codes.length);
    trip.cpPositions = prepared ? prepared.checkpointPositions(parts, trip.cpOnPath) : new Float64Array(codes.length);
    if (!sameCodes) trip.cpStatus = new Uint8Array(codes.length);
    trip.cpPending = trip.cpStatus.reduce((n, s) => n + (s === PENDING ? 1 : 0), 0);
  }
  trip.facilityVersion = st.facilityVersion;
}

/** Where the CN set of a trip changed: containers, seals and the route request follow. */
function refreshTripCns(st: EngineState, trip: TripRec): void {
  const active = trip.cns.filter((c) => !c.cancelled);
  const containerNos: string[] = [];
  const sealIds: string[] = [];
  for (const cn of active) {
    for (const c of cn.note.containers ?? []) {
      if (!containerNos.includes(c.no)) containerNos.push(c.no);
      for (const s of c.sealNos ?? []) if (!sealIds.includes(s)) sealIds.push(s);
    }
  }
  for (const no of trip.containerNos) {
    const key = normalizeContainerNo(no);
    if (st.containerTrip.get(key) === trip) st.containerTrip.delete(key);
  }
  trip.containerNos = containerNos;
  for (const no of containerNos) st.containerTrip.set(normalizeContainerNo(no), trip);
  const old = new Map(trip.seals.map((s) => [s.id, s]));
  trip.seals = sealIds.map((id) => old.get(id) ?? new SealRec(intern(id), getDevice(st, id), trip));
  for (const [id, rec] of old) {
    rec.dev.mapVersion = -1;
    if (!sealIds.includes(id) && st.sealTrip.get(id) === trip) st.sealTrip.delete(id);
  }
  for (const id of sealIds) st.sealTrip.set(id, trip);
  trip.routeVersion = -1;
  invalidateTrip(st, trip);
}

/** Removes a finished trip from the live lookups (plate, seals, containers); its devices' rules hear it ended. */
function detachTrip(st: EngineState, trip: TripRec): void {
  const list = st.plateTrips.get(trip.plate);
  if (list !== undefined) {
    const i = list.indexOf(trip);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) st.plateTrips.delete(trip.plate);
  }
  for (const seal of trip.seals) {
    if (st.sealTrip.get(seal.id) === trip) st.sealTrip.delete(seal.id);
    if (st.arrivedSealTrip.get(seal.id) === trip) st.arrivedSealTrip.delete(seal.id);
    runDeviceTripEnd(st, seal.dev, trip);
  }
  const obus = st.plateDevices.get(trip.plate);
  if (obus !== undefined) for (const obu of obus) runDeviceTripEnd(st, obu, trip);
  for (const no of trip.containerNos) {
    const key = normalizeContainerNo(no);
    if (st.containerTrip.get(key) === trip) st.containerTrip.delete(key);
  }
  invalidateTrip(st, trip);
  scheduleRetirement(st, trip);
}

const PRE_DEPARTURE_RANK: Partial<Record<TripState, number>> = { planned: 0, sealed: 1, confirmed: 2 };

/**
 * Before departure the state follows from the facts: every seal locked (reported while on this
 * trip) → sealed; and, when some CN requires it, every such CN confirmed → confirmed. Moving
 * forward reports each state passed through; a CN change that adds an unlocked seal moves back.
 */
export function reevaluatePreDeparture(st: EngineState, trip: TripRec, out: EngineOutput[]): void {
  if (!isPreDeparture(trip.state)) return;
  const active = trip.cns.filter((c) => !c.cancelled);
  const allLocked = trip.seals.every((s) => s.lockSeen && s.dev.sealState === 'locked');
  const needs = active.some((c) => c.requiresConfirmation);
  const allConfirmed = active.every((c) => !c.requiresConfirmation || c.confirmed);
  const target: TripState = !allLocked ? 'planned' : needs && allConfirmed ? 'confirmed' : 'sealed';
  const from = PRE_DEPARTURE_RANK[trip.state] as number;
  const to = PRE_DEPARTURE_RANK[target] as number;
  if (to > from) {
    if (from < 1) setTripState(st, out, trip, 'sealed');
    if (to === 2) setTripState(st, out, trip, 'confirmed');
  } else if (to < from) {
    setTripState(st, out, trip, target);
  }
}

function uniqueTripId(st: EngineState, cnNo: string): string {
  const base = `TR-${cnNo}`;
  const taken = (id: string) => st.trips.has(id) || st.retiredTripIds.has(id);
  if (!taken(base)) return base;
  let n = 2;
  while (taken(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A CN joins its plate's trip still at the origin with the same origin and destination, or starts one. */
function attachCn(st: EngineState, cn: CnRec, out: EngineOutput[]): void {
  const { plate, origin, destination } = cn.note;
  const list = st.plateTrips.get(plate) ?? [];
  let trip: TripRec | null = null;
  for (let i = list.length - 1; i >= 0; i--) {
    const t = list[i];
    if (isPreDeparture(t.state) && t.origin === origin && t.destination === destination) {
      trip = t;
      break;
    }
  }
  if (trip !== null) {
    cn.trip = trip;
    trip.cns.push(cn);
    refreshTripCns(st, trip);
    runCnAccepted(st, trip, cn);
    reevaluatePreDeparture(st, trip, out);
    return;
  }
  trip = new TripRec(uniqueTripId(st, cn.cnNo), plate, origin, destination, st.clockMs, st.params);
  st.trips.set(trip.id, trip);
  list.push(trip);
  st.plateTrips.set(plate, list);
  cn.trip = trip;
  trip.cns.push(cn);
  refreshTripCns(st, trip);
  ensureRoute(st, trip);
  emitTrip(st, out, trip, null);
  runCnAccepted(st, trip, cn);
  reevaluatePreDeparture(st, trip, out);
}

/** Takes a CN off a trip that has not departed; a trip left without CNs is cancelled. */
function detachCn(st: EngineState, trip: TripRec, cn: CnRec, out: EngineOutput[]): void {
  const remaining = trip.cns.filter((c) => c !== cn && !c.cancelled);
  if (remaining.length === 0) {
    setTripState(st, out, trip, 'cancelled');
    detachTrip(st, trip);
    return;
  }
  trip.cns = trip.cns.filter((c) => c !== cn);
  refreshTripCns(st, trip);
  reevaluatePreDeparture(st, trip, out);
}

export function applyTransportNote(st: EngineState, raw: TransportNote, out: EngineOutput[]): void {
  const cn = st.cns.get(raw.cnNo);
  if (raw.function === '1') {
    // Cancelling is for CNs whose trip has not left; after departure only customs can intervene,
    // and the trip stays monitored.
    if (cn === undefined || cn.cancelled || cn.trip === null || !isPreDeparture(cn.trip.state)) return;
    const trip = cn.trip;
    cn.cancelled = true;
    if (trip.cns.every((c) => c.cancelled)) {
      setTripState(st, out, trip, 'cancelled');
      detachTrip(st, trip);
    } else {
      detachCn(st, trip, cn, out);
    }
    return;
  }
  const note: TransportNote = { ...raw, plate: normPlate(raw.plate) };
  if (cn !== undefined && !cn.cancelled && cn.trip !== null && !isTerminal(cn.trip.state)) {
    const trip = cn.trip;
    const moved = note.plate !== trip.plate || note.origin !== trip.origin || note.destination !== trip.destination;
    if (moved && isPreDeparture(trip.state)) {
      detachCn(st, trip, cn, out);
      cn.note = note;
      cn.trip = null;
      attachCn(st, cn, out);
      return;
    }
    // Replacement (or a repeated original): seals and containers may change; the trip keeps going.
    cn.note = note;
    refreshTripCns(st, trip);
    reevaluatePreDeparture(st, trip, out);
    return;
  }
  const fresh = new CnRec(note);
  st.cns.set(note.cnNo, fresh);
  attachCn(st, fresh, out);
}

export function applySealConfirmation(st: EngineState, c: SealConfirmation, out: EngineOutput[]): void {
  const cn = st.cns.get(c.cnNo);
  if (cn === undefined || cn.cancelled) return;
  cn.confirmed = true;
  cn.confirmedBy = c.confirmedBy ?? null;
  if (cn.trip !== null) reevaluatePreDeparture(st, cn.trip, out);
}

/** An authorised person unseals: no tamper follows from the seal opening, and the seal is told to unlock. */
export function applyManualUnseal(st: EngineState, u: ManualUnseal, out: EngineOutput[]): void {
  const trip = st.sealTrip.get(u.sealId) ?? null;
  const rec = trip ? trip.seals.find((s) => s.id === u.sealId) : undefined;
  if (rec !== undefined) rec.authorised = true;
  emitUnlock(st, out, u.sealId, trip ? trip.id : null);
  if (trip !== null && trip.state === 'arrived') maybeClose(st, trip, out);
}

/** First fix outside the origin area of a sealed (or confirmed) trip. */
export function depart(st: EngineState, trip: TripRec, tsMs: number, ts: string, out: EngineOutput[]): void {
  ensureRoute(st, trip);
  setTripState(st, out, trip, 'in_transit');
  trip.departedAtMs = tsMs;
  trip.departedAt = ts;
  resetCursor(trip);
  if (!Number.isFinite(trip.lastObuRxMs)) trip.lastObuRxMs = st.clockMs;
  runDepart(st, trip);
  invalidateTrip(st, trip);
}

export function markCheckpointEntered(trip: TripRec, i: number): void {
  if (trip.cpStatus[i] !== PENDING) return;
  trip.cpStatus[i] = ENTERED;
  trip.cpPending--;
}

/** First fix inside the destination area: arrival, then unlock every seal of the trip. */
export function arrive(st: EngineState, trip: TripRec, ts: string, out: EngineOutput[]): void {
  runArrive(st, trip);
  setTripState(st, out, trip, 'arrived');
  trip.arrivedAt = ts;
  // The in-transit alerts end: their condition ("in transit and ...") no longer holds.
  runEnd(st, trip);
  for (const seal of trip.seals) {
    seal.authorised = true;
    // The same seals may be bound to the vehicle's next CN before they report unlocked here.
    st.arrivedSealTrip.set(seal.id, trip);
    emitUnlock(st, out, seal.id, trip.id);
  }
  invalidateTrip(st, trip);
  maybeClose(st, trip, out);
}

/** An arrived trip closes once every seal has reported unlocked (or removed, `free`). */
export function maybeClose(st: EngineState, trip: TripRec, out: EngineOutput[]): void {
  if (trip.state !== 'arrived') return;
  for (const s of trip.seals) {
    const state = s.dev.sealState;
    if (state !== 'unlocked' && state !== 'free') return;
  }
  setTripState(st, out, trip, 'closed');
  st.closedTripByPlate.set(trip.plate, trip);
  detachTrip(st, trip);
}
