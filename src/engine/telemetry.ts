// Device reports: the hot path. Everything here runs per position, so it avoids allocation,
// closures and Date; geometry goes through the prepared indexes in src/core/geo.
//
// False-alarm hardening, in the order a report meets it:
// - exact duplicates: a report whose fix time equals the device's last is not a new position (its
//   seal states are re-applied, which for a true duplicate changes nothing);
// - late / out-of-order reports: a fix time older than the device's last applied report is history
//   only (the store keeps it); it changes no live state and raises nothing, except an explicit
//   `tampered` seal state newer than the sealing, which is evidence whatever its order;
// - imprecise fixes: hdop > maxHdop is not a position;
// - single outliers: a fix implying more than 200 km/h from the last accepted one is not used for
//   live state; if the next fix agrees with it rather than with the anchor, the anchor was the bad
//   one and the vehicle really is there;
// - buffered batches after a gap: in-order but late reports are applied in their own fix-time order
//   against geometry; signal_lost clears at the first of them; stop and dwell durations run on the
//   engine clock and restart after a silence, so the batch's old fixes raise no timer alert.
import { distanceM } from '../core/geo/ruler.ts';
import { pointInAny, segmentTouchesAny } from '../core/geo/polygon.ts';
import { isAuthorizedFacility } from '../core/rules/unauthorized-facility.ts';
import { PENDING } from '../core/rules/inspection-evasion.ts';
import type { EngineOutput, SealReport, SealState, Telemetry } from '../core/types.ts';
import { MAX_REPORT_AHEAD_MS, parseIsoMs } from './clock.ts';
import { runDeviceReport, runFix, runReport, runSealState } from './rules.ts';
import { isPreDeparture, type DeviceRec, type EngineState, type SealRec, type TripRec } from './state.ts';
import {
  activeTripForPlate, arrive, depart, ensureRoute, getDevice, inFacility, markCheckpointEntered, maybeClose,
  normPlate, reevaluatePreDeparture,
} from './trips.ts';

/**
 * A fix this close to the route's path is on the route's own road; farther, still inside the
 * corridor, it may be a parallel road (the way round a station).
 */
const ON_ROAD_M = 50;
/** 200 km/h: no container truck does this; a fix implying it is a GPS outlier. */
const MAX_PLAUSIBLE_MPS = 200 / 3.6;
/** Allowance for ordinary GPS noise between fixes a second or two apart. */
const JUMP_SLACK_M = 50;
/**
 * A vehicle reporting itself stopped (≤ 5 km/h) before and after cannot have covered more than a
 * crawl in between: a parked truck's 300 m outlier would otherwise pass the 200 km/h test and,
 * at the origin, count as departure.
 */
const STOPPED_KMH = 5;
const STOPPED_MAX_MPS = 5;

/**
 * A moving vehicle's reported speeds (GNSS Doppler, reliable where the position is not) bound how
 * far it can go between fixes: twice the faster of the two, plus hard acceleration over the
 * interval. A truck crawling through a terminal at 14 km/h whose fix lands 250 m away would pass the
 * 200 km/h test and, near the fence, count as departure and start the overdue clock early.
 */
const SPEED_FACTOR = 2;
const ACCEL_MPS2 = 1.5;

function isParked(prevKmh: number, reportedKmh: number | undefined): boolean {
  return reportedKmh !== undefined && reportedKmh <= STOPPED_KMH && prevKmh <= STOPPED_KMH;
}

function plausibleJumpM(dtS: number, prevKmh: number, reportedKmh: number | undefined): number {
  if (isParked(prevKmh, reportedKmh)) {
    return STOPPED_MAX_MPS * dtS + JUMP_SLACK_M;
  }
  const cap = MAX_PLAUSIBLE_MPS * dtS + JUMP_SLACK_M;
  if (reportedKmh === undefined || !(prevKmh >= 0)) return cap;
  const fastest = Math.max(prevKmh, reportedKmh) / 3.6;
  return Math.min(cap, SPEED_FACTOR * fastest * dtS + 0.5 * ACCEL_MPS2 * dtS * dtS + JUMP_SLACK_M);
}

function resolveDevice(st: EngineState, dev: DeviceRec): void {
  dev.mapVersion = st.mapVersion;
  const def = dev.device;
  const seal = def !== null ? def.kind === 'seal' : st.sealTrip.has(dev.id) && !st.obuPlate.has(dev.id);
  if (seal) {
    const trip = st.sealTrip.get(dev.id) ?? null;
    dev.isSeal = true;
    dev.trip = trip;
    dev.plate = trip ? trip.plate : null;
    return;
  }
  dev.isSeal = false;
  const plate = def !== null && def.plate ? normPlate(def.plate) : (st.obuPlate.get(dev.id) ?? null);
  if (plate !== dev.plate && dev.plate !== null) st.plateDevices.get(dev.plate)?.delete(dev);
  if (plate !== null) {
    let devs = st.plateDevices.get(plate);
    if (devs === undefined) st.plateDevices.set(plate, (devs = new Set()));
    devs.add(dev);
  }
  dev.plate = plate;
  dev.trip = plate !== null ? activeTripForPlate(st, plate) : null;
}

export function applyTelemetry(st: EngineState, t: Telemetry, out: EngineOutput[]): void {
  const dev = getDevice(st, t.deviceId);
  let tsMs = parseIsoMs(t.ts);
  if (tsMs !== tsMs) {
    tsMs = Date.parse(t.ts);
    if (tsMs !== tsMs) {
      if (t.lat !== undefined) st.dropped.invalidTime++;
      return;
    }
  }
  if (dev.mapVersion !== st.mapVersion) resolveDevice(st, dev);
  // An unregistered device that reports a seal state and no seal list is a seal's own uplink.
  const asSeal = dev.isSeal || (dev.device === null && dev.plate === null && t.state !== undefined && t.seals === undefined);
  // A fix time far ahead of the clock is history only, like a late report (see MAX_REPORT_AHEAD_MS).
  if (tsMs < dev.lastTsMs || tsMs > st.clockMs + MAX_REPORT_AHEAD_MS) {
    lateReport(st, dev, t, tsMs, asSeal);
    return;
  }
  const newer = tsMs > dev.lastTsMs;
  dev.lastTsMs = tsMs;
  if (asSeal) {
    sealUplink(st, dev, t, tsMs, newer, out);
    return;
  }
  const trip = dev.trip;
  if (newer) {
    if (trip !== null) {
      trip.lastObuRxMs = st.clockMs;
      runReport(st, trip);
    }
    deviceReport(st, dev, trip, 'obu', tsMs, t.battery, undefined);
    if (t.lat !== undefined && t.lon !== undefined) applyFix(st, dev, trip, t, tsMs, out);
  } else if (t.lat !== undefined) {
    st.dropped.duplicate++;
  }
  const seals = t.seals;
  if (seals !== undefined) {
    for (let i = 0; i < seals.length; i++) obuSealReport(st, dev, trip, seals[i], tsMs, t, out);
  }
}

function applyFix(st: EngineState, dev: DeviceRec, trip: TripRec | null, t: Telemetry, tsMs: number, out: EngineOutput[]): void {
  const lat = t.lat as number;
  const lon = t.lon as number;
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
    st.dropped.invalidPosition++;
    return;
  }
  const p = trip !== null ? trip.params : st.params;
  if (t.hdop !== undefined && t.hdop > p.maxHdop) {
    st.dropped.imprecise++;
    return;
  }
  let speed = t.speedKmh;
  if (dev.hasFix) {
    const dt = (tsMs - dev.fixTsMs) / 1000;
    const d = distanceM(dev.lon, dev.lat, lon, lat);
    if (d > plausibleJumpM(dt, dev.speedKmh, t.speedKmh)) {
      const agrees =
        dev.hasRejected &&
        distanceM(dev.rejLon, dev.rejLat, lon, lat) <= MAX_PLAUSIBLE_MPS * ((tsMs - dev.rejTsMs) / 1000) + JUMP_SLACK_M;
      if (!agrees) {
        if (isParked(dev.speedKmh, t.speedKmh)) st.dropped.parkedOutlier++;
        else st.dropped.outlier++;
        dev.hasRejected = true;
        dev.rejLat = lat;
        dev.rejLon = lon;
        dev.rejTsMs = tsMs;
        return;
      }
    }
    if (speed === undefined) speed = dt > 0 ? (d / dt) * 3.6 : 0;
  }
  dev.hasRejected = false;
  dev.hasFix = true;
  dev.lat = lat;
  dev.lon = lon;
  dev.fixTsMs = tsMs;
  dev.speedKmh = speed === undefined ? NaN : speed;
  dev.heading = t.heading === undefined ? null : t.heading;
  st.acceptedDev = dev;
  st.acceptedReport = t;
  if (trip === null) return;

  const hadPrev = trip.hasPos;
  const prevLat = trip.lat;
  const prevLon = trip.lon;
  const prevTsMs = trip.posTsMs;
  const prevSpeed = trip.speedKmh;
  // Evidence is fresh when the previous fix came within signalLostSeconds: durations never span a silence.
  const fresh = trip.lastFixRxMs === trip.lastFixRxMs && st.clockMs - trip.lastFixRxMs <= p.signalLostSeconds * 1000;
  trip.lastFixRxMs = st.clockMs;
  trip.hasPos = true;
  trip.lat = lat;
  trip.lon = lon;
  trip.posTsMs = tsMs;
  trip.speedKmh = dev.speedKmh;
  const state = trip.state;
  if (state === 'in_transit') {
    inTransitFix(st, trip, lat, lon, tsMs, t.ts, dev.speedKmh, hadPrev, prevLat, prevLon, prevTsMs, prevSpeed, fresh, out);
  } else if (isPreDeparture(state)) {
    // A sealed trip departs at its first fix outside the origin; an unsealed one departs too
    // (CONTRACT section 8), once it has been at the origin (a truck driving there to load is not
    // leaving it) and on a second fix outside in a row (a parked truck's pair of wandering fixes
    // that agree with each other is not leaving it either).
    if (!inFacility(st, trip.origin, lon, lat)) {
      if (trip.outsideFixes++ === 0) {
        trip.outsideSinceMs = tsMs;
        trip.outsideSince = t.ts;
      }
      if (state !== 'planned') {
        depart(st, trip, tsMs, t.ts, out);
        inTransitFix(st, trip, lat, lon, tsMs, t.ts, dev.speedKmh, hadPrev, prevLat, prevLon, prevTsMs, prevSpeed, true, out);
      } else if (trip.atOrigin && trip.outsideFixes >= 2) {
        // It left at the first of the two.
        depart(st, trip, trip.outsideSinceMs, trip.outsideSince, out);
        inTransitFix(st, trip, lat, lon, tsMs, t.ts, dev.speedKmh, hadPrev, prevLat, prevLon, prevTsMs, prevSpeed, true, out);
      }
    } else {
      trip.atOrigin = true;
      trip.outsideFixes = 0;
    }
  }
}

/**
 * How far along the road a vehicle could have driven between two fixes, from its speeds, with room
 * for the matching ambiguity where a road turns back on itself (a few hundred metres).
 */
function roadReach(dtMs: number, speedKmh: number, prevSpeedKmh: number): number {
  const a = speedKmh === speedKmh ? speedKmh : 0;
  const b = prevSpeedKmh === prevSpeedKmh ? prevSpeedKmh : 0;
  return ((a > b ? a : b) / 3.6) * (dtMs / 1000) * 1.5 + 300;
}

function inTransitFix(
  st: EngineState, trip: TripRec, lat: number, lon: number, tsMs: number, ts: string, speed: number,
  hadPrev: boolean, prevLat: number, prevLon: number, prevTsMs: number, prevSpeed: number, fresh: boolean,
  out: EngineOutput[],
): void {
  if (trip.routeVersion !== st.routesVersion || trip.facilityVersion !== st.facilityVersion) ensureRoute(st, trip);
  const p = trip.params;
  const route = trip.route;
  const m = st.match;
  const prevProgress = trip.progress;
  const prevOnRoad = trip.onRoad;
  if (route !== null) {
    route.match(lon, lat, trip, p.corridorWidthM, tsMs, m);
    trip.onRoad = m.inside && m.distM <= ON_ROAD_M;
  }
  // Checkpoints before arrival, so a fix that both passes a station and lands in the destination
  // counts the station. Sparse fixes: the straight segment from the previous fix crossing the area
  // counts as an entry, so a fast pass between two fixes is not an evasion; and where the route's
  // own road runs through the station, two fixes on that road on either side of it count too (a
  // turn inside a station between two fixes leaves no fix and no straight segment inside), if the
  // vehicle's speed could have covered that stretch of road: skipping a spur to a station jumps
  // progress further than the vehicle drove.
  if (trip.cpPending > 0) {
    const drivable = prevOnRoad && trip.onRoad ? roadReach(tsMs - prevTsMs, speed, prevSpeed) : -1;
    const status = trip.cpStatus;
    for (let i = 0; i < status.length; i++) {
      if (status[i] !== PENDING) continue;
      const parts = trip.cpParts[i];
      const pos = trip.cpPositions[i];
      if (
        pointInAny(parts, lon, lat) ||
        (hadPrev && segmentTouchesAny(parts, prevLon, prevLat, lon, lat)) ||
        (trip.cpOnPath[i] === 1 && prevProgress < pos && trip.progress >= pos && trip.progress - prevProgress <= drivable)
      ) {
        markCheckpointEntered(trip, i);
      }
    }
  }
  const index = st.facilityIndex();
  const hits = st.hits;
  const n = index.query(lon, lat, hits);
  let unauthorized: string | null = null;
  let authorized = false;
  for (let k = 0; k < n; k++) {
    const f = index.facilities[hits[k]];
    if (f.code === trip.destination) {
      arrive(st, trip, ts, out);
      return;
    }
    if (isAuthorizedFacility(f, trip.origin, trip.destination, trip.cpCodes)) authorized = true;
    else if (unauthorized === null) unauthorized = f.code;
  }
  if (authorized) unauthorized = null;

  const f = st.host.fix;
  f.lat = lat;
  f.lon = lon;
  f.tsMs = tsMs;
  f.speedKmh = speed;
  f.fresh = fresh;
  f.hasRoute = route !== null;
  f.outsideCorridor = route !== null && !m.inside;
  f.distM = m.distM;
  f.inFacility = n > 0;
  f.unauthorizedFacility = unauthorized;
  runFix(st, trip);
}

function findSeal(trip: TripRec | null, id: string): SealRec | null {
  if (trip === null) return null;
  const seals = trip.seals;
  for (let i = 0; i < seals.length; i++) if (seals[i].id === id) return seals[i];
  return null;
}

/**
 * The seal record an OBU's report names (null: on no trip), or undefined when the seal is not the
 * OBU's to report: an OBU speaks for the seals of its vehicle's trips and those the registry pairs
 * with it, so another fleet's seal id in its report changes nothing of that seal, trip or alerts.
 * Refused ids are kept for refusedSeals().
 */
function obuSeal(st: EngineState, obu: DeviceRec, trip: TripRec | null, sealId: string): SealRec | null | undefined {
  const rec = findSeal(trip, sealId);
  if (rec !== null) return rec;
  const bound = st.sealTrip.get(sealId) ?? null;
  if (bound !== null && obu.plate !== null && bound.plate === obu.plate) return findSeal(bound, sealId);
  const seal = st.devices.get(sealId);
  if (seal !== undefined && seal.device !== null && seal.device.obuId === obu.id) return findSeal(bound, sealId);
  st.refusedSeals.push(sealId);
  return undefined;
}

/** A seal as seen by its OBU over Bluetooth. Unchanged reports (the usual case) cost a few compares. */
function obuSealReport(
  st: EngineState, obu: DeviceRec, trip: TripRec | null, r: SealReport, tsMs: number, t: Telemetry, out: EngineOutput[],
): void {
  const rec = obuSeal(st, obu, trip, r.id);
  if (rec === undefined) return;
  const dev = rec !== null ? rec.dev : getDevice(st, r.id);
  deviceReport(st, dev, rec ? rec.trip : null, 'seal', tsMs, r.battery, r.link);
  if (r.state !== undefined) sealStateReport(st, dev, rec, r.state, tsMs, t, out);
}

/** A seal's own uplink (4G), possibly with its own position. */
function sealUplink(st: EngineState, dev: DeviceRec, t: Telemetry, tsMs: number, newer: boolean, out: EngineOutput[]): void {
  const trip = st.sealTrip.get(dev.id) ?? null;
  const rec = findSeal(trip, dev.id);
  if (newer) deviceReport(st, dev, trip, 'seal', tsMs, t.battery, undefined);
  if (t.state !== undefined) sealStateReport(st, dev, rec, t.state, tsMs, t, out);
}

function sealStateReport(
  st: EngineState, dev: DeviceRec, rec: SealRec | null, state: SealState, tsMs: number, t: Telemetry, out: EngineOutput[],
): void {
  // The OBU and the seal's own uplink both report the seal: only the newest word counts, except
  // that an explicit tamper is evidence whatever its age.
  if (tsMs < dev.sealStateTsMs) {
    if (state === 'tampered') lateTamper(st, rec, tsMs, t);
    return;
  }
  dev.sealStateTsMs = tsMs;
  const previous = dev.sealState;
  if (state === previous) {
    if (state === 'locked' && rec !== null && !rec.lockSeen) {
      rec.lockSeen = true;
      rec.lockedTsMs = tsMs;
      if (isPreDeparture(rec.trip.state)) reevaluatePreDeparture(st, rec.trip, out);
    }
    return;
  }
  dev.sealState = state;
  if (state === 'unlocked' || state === 'free') {
    const arrived = st.arrivedSealTrip.get(dev.id);
    if (arrived !== undefined && (rec === null || arrived !== rec.trip)) maybeClose(st, arrived, out);
  }
  if (rec === null) return;
  const trip = rec.trip;
  if (state === 'locked') {
    rec.lockSeen = true;
    rec.lockedTsMs = tsMs;
    rec.authorised = false;
    sealRules(st, rec, state, previous, false, tsMs, t);
    if (isPreDeparture(trip.state)) reevaluatePreDeparture(st, trip, out);
    return;
  }
  sealRules(st, rec, state, previous, false, tsMs, t);
  if (trip.state === 'arrived') maybeClose(st, trip, out);
}

/** A device report reaching live state: the device's condition, then the device rules. */
function deviceReport(
  st: EngineState, dev: DeviceRec, trip: TripRec | null, kind: 'obu' | 'seal', tsMs: number,
  battery: number | undefined, link: 'ok' | 'lost' | undefined,
): void {
  const r = st.host.device;
  r.kind = kind;
  r.trip = trip;
  r.tsMs = tsMs;
  r.prevBattery = dev.battery === null ? NaN : dev.battery;
  r.battery = battery === undefined ? NaN : battery;
  r.prevLink = dev.link;
  r.link = link === undefined ? null : link;
  if (battery !== undefined) dev.battery = battery;
  if (link !== undefined) dev.link = link;
  runDeviceReport(st, dev);
}

/** A seal state for a seal of a trip, to the seal rules (seal_tamper). */
function sealRules(
  st: EngineState, rec: SealRec, state: SealState, previous: SealState | null, late: boolean, tsMs: number, t: Telemetry,
): void {
  const r = st.host.seal;
  const hasPos = t.lat !== undefined && t.lon !== undefined;
  r.state = state;
  r.previous = previous;
  r.late = late;
  r.tsMs = tsMs;
  r.ts = t.ts;
  r.hasPos = hasPos;
  r.lat = hasPos ? (t.lat as number) : NaN;
  r.lon = hasPos ? (t.lon as number) : NaN;
  runSealState(st, rec);
}

/** An out-of-order report: history only, but an explicit tamper inside it is still a tamper. */
function lateReport(st: EngineState, dev: DeviceRec, t: Telemetry, tsMs: number, asSeal: boolean): void {
  if (t.lat !== undefined && !asSeal) st.dropped.late++;
  if (asSeal) {
    if (t.state === 'tampered') lateTamper(st, findSeal(st.sealTrip.get(dev.id) ?? null, dev.id), tsMs, t);
    return;
  }
  const seals = t.seals;
  if (seals === undefined) return;
  for (const r of seals) {
    if (r.state !== 'tampered') continue;
    const rec = obuSeal(st, dev, dev.trip, r.id);
    if (rec !== undefined) lateTamper(st, rec, tsMs, t);
  }
}

function lateTamper(st: EngineState, rec: SealRec | null, tsMs: number, t: Telemetry): void {
  if (rec !== null) sealRules(st, rec, 'tampered', rec.dev.sealState, true, tsMs, t);
}
