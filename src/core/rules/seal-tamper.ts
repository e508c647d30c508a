// seal_tamper (critical): a seal unlocked or reported tampered, free or inserted while its trip is
// sealed and not inside the destination area, without an authorised unseal (CONTRACT section 4);
// and a passive seal read `removed` away from its destination once its trip was sealed or had left
// (section 8: before arrival, the destination is not where the truck is).
//
// One break-in is one alert: a truck with two seals reports both open at once (in one OBU report or
// in two uplinks seconds apart), and the officer has one truck to stop. Seals of the same trip
// opening within TAMPER_MERGE_MS of the trip's last tamper alert join that alert: its `sealIds`
// lists every seal, `sealId` stays the first one (the alert body as before).
import type { SealState, Severity, TripState } from '../types.ts';
import { OncePerTrip } from './point-to-point.ts';
import type { ReadRule, RuleHost, RuleSeal, RuleTrip, SealReadFacts, SealRule, SealStateReport } from './rule.ts';

export const alertType = 'seal_tamper';

/** Seals of one trip opening within this long of each other are one tampering. */
export const TAMPER_MERGE_MS = 10 * 60_000;

interface TripTamper {
  alertId: string;
  atMs: number;
  sealIds: string[];
}

/** The last tamper alert of each trip (the trip's engine record keys it; a new trip starts afresh). */
const lastTamper = new WeakMap<object, TripTamper>();

/**
 * Opens the trip's tamper alert for `sealId`, or adds the seal to the one opened within the
 * window. `open` builds and opens the alert (given the seal list) and returns its id.
 */
function openOrJoin(host: RuleHost, trip: RuleTrip, sealId: string, open: (sealIds: string[]) => string): void {
  const last = lastTamper.get(trip);
  // The same seal opening again (relocked in between) is a new episode, so a new alert.
  if (last !== undefined && host.clockMs - last.atMs <= TAMPER_MERGE_MS && !last.sealIds.includes(sealId)) {
    last.sealIds = [...last.sealIds, sealId];
    host.amendAlert(last.alertId, alertType, trip, { sealIds: last.sealIds });
    return;
  }
  const sealIds = [sealId];
  lastTamper.set(trip, { alertId: open(sealIds), atMs: host.clockMs, sealIds });
}
export const severity: Severity = 'critical';

/** A trip is "sealed" in the sense of section 4 from the moment all seals locked until arrival. */
export function isSealedTripState(s: TripState): boolean {
  return s === 'sealed' || s === 'confirmed' || s === 'in_transit';
}

export interface TamperContext {
  tripState: TripState;
  /** An authorised person unsealed it (manual unseal, or the platform's unlock on arrival). */
  authorised: boolean;
  insideDestination: boolean;
}

export function isTampering(sealState: SealState, ctx: TamperContext): boolean {
  if (sealState === 'locked') return false;
  return isSealedTripState(ctx.tripState) && !ctx.authorised && !ctx.insideDestination;
}

export interface TamperEpisode {
  tamperOpen: boolean;
}

/**
 * One alert per episode: a seal that keeps reporting `tampered` is one alert; locking it again ends
 * the episode, so a second opening is a second alert. Returns true when an alert should open.
 */
export function onSealState(ep: TamperEpisode, sealState: SealState, ctx: TamperContext): boolean {
  if (sealState === 'locked') {
    ep.tamperOpen = false;
    return false;
  }
  if (ep.tamperOpen || !isTampering(sealState, ctx)) return false;
  ep.tamperOpen = true;
  return true;
}

function tamperAlert(host: RuleHost, seal: RuleSeal, r: SealStateReport, lat: number | null, lon: number | null): void {
  const trip = seal.trip;
  const container = trip.cns
    .flatMap((c) => c.note.containers ?? [])
    .find((c) => (c.sealNos ?? []).includes(seal.id));
  openOrJoin(host, trip, seal.id, (sealIds) =>
    host.openAlert(alertType, trip.id, trip, trip.plate, lat ?? (trip.hasPos ? trip.lat : null), lon ?? (trip.hasPos ? trip.lon : null), {
    sealId: seal.id,
    sealIds,
    sealState: r.state,
    previousState: r.previous,
    containerNo: container ? container.no : null,
    reportTs: r.ts,
    late: r.late,
  }));
}

/** Its state on each seal of each trip: the episode (a new trip's seal starts a new one). */
export const sealRule: SealRule<TamperEpisode> = {
  alertType,
  newState: () => ({ tamperOpen: false }),
  state(host: RuleHost, seal: RuleSeal, ep: TamperEpisode, r: SealStateReport): void {
    const trip = seal.trip;
    if (r.late) {
      // A report from before this seal was locked for the trip says nothing about the trip.
      if (r.tsMs < seal.lockedTsMs) return;
      const insideDestination = r.hasPos && host.inFacility(trip.destination, r.lon, r.lat);
      if (onSealState(ep, r.state, { tripState: trip.state, authorised: seal.authorised, insideDestination })) {
        tamperAlert(host, seal, r, r.hasPos ? r.lat : null, r.hasPos ? r.lon : null);
      }
      return;
    }
    if (r.state === 'locked') {
      ep.tamperOpen = false;
      return;
    }
    if (!isSealedTripState(trip.state)) return;
    const lat = r.hasPos ? r.lat : trip.lat;
    const lon = r.hasPos ? r.lon : trip.lon;
    const insideDestination = (r.hasPos || trip.hasPos) && host.inFacility(trip.destination, lon, lat);
    if (onSealState(ep, r.state, { tripState: trip.state, authorised: seal.authorised, insideDestination })) {
      tamperAlert(host, seal, r, r.hasPos ? lat : null, r.hasPos ? lon : null);
    }
  },
};

/**
 * A `removed` read is tampering when the trip was sealed (or had departed, sealed or not) and the
 * read was not taken at the destination. A read there counts as arriving (the engine has applied
 * that before the rules run), so "before arrival" is "away from the destination".
 */
export function isRemovalTamper(trip: RuleTrip, placedAt: readonly string[]): boolean {
  const sealedOrGone = trip.state === 'sealed' || trip.state === 'confirmed' || Number.isFinite(trip.departedAtMs);
  return sealedOrGone && !placedAt.includes(trip.destination);
}

const removedOnce = new OncePerTrip('seal_tamper:removed');

/** Passive seals: a `removed` read (CONTRACT section 8). */
export const readRule: ReadRule = {
  alertType,
  read(host: RuleHost, r: SealReadFacts): void {
    if (r.event !== 'removed' || r.seal === null) return;
    const seal = r.seal;
    const trip = seal.trip;
    if (!isRemovalTamper(trip, r.placedAt) || !removedOnce.first(trip, seal.id)) return;
    const centre = r.placedAt.length > 0 ? host.facilityCentre(r.placedAt[0]) : null;
    const lat = r.hasPos ? r.lat : centre ? centre.lat : trip.hasPos ? trip.lat : null;
    const lon = r.hasPos ? r.lon : centre ? centre.lon : trip.hasPos ? trip.lon : null;
    openOrJoin(host, trip, seal.id, (sealIds) => host.openAlert(alertType, trip.id, trip, trip.plate, lat, lon, {
      sealId: seal.id,
      sealIds,
      sealState: null,
      previousState: null,
      containerNo: seal.containerNo,
      reportTs: r.ts,
      late: r.late,
      source: 'read',
      event: r.event,
      readId: r.readId,
      facility: r.placedAt[0] ?? null,
      reader: r.reader,
      by: r.by,
    }));
  },
};
