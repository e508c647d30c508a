// A point-to-point trip (CONTRACT section 8): a truck without an OBU carrying containers under
// passive seals (e-seals, e-paper seals), seen only where someone reads them. The yard sends the
// CN, a responsible person applies and reads the seals at the origin, the lane records the
// gate-out, the inspection stations on the route check the seals, the destination's lane records
// the gate-in and its reader logs each seal as it is cut off. No position between the points.
//
// Incidents: a seal never applied before the gate-out (departed_unsealed), a foreign seal found on
// a container at the destination (seal_mismatch), a seal read at a facility off the trip
// (seal_read_elsewhere), a seal cut off on the road (seal_tamper), the gate-in after the route's
// time limit counted from the gate-out (overdue).
import type { AlertType, ContainerEntry, SealRead, TransportNote } from '../core/types.ts';
import type { Facility } from '../core/types.ts';
import { facilityPoint, reachableDetours, type Sighting } from './detour.ts';
import { containerNo, cnNoFor, declarationNoFor } from './ids.ts';
import type { Rng } from './rng.ts';
import type { RoutePlan } from './route-plan.ts';
import type { TripOutcome, TripSettings, TripSpec } from './trip.ts';
import type { Incident, SimItem } from './types.ts';

/** The incidents only a point-to-point trip has. */
export const PASSIVE_INCIDENTS: readonly AlertType[] = ['departed_unsealed', 'seal_mismatch', 'seal_read_elsewhere'];

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Passive seal numbers are single-use and printed by their supplier: one series per CN. */
export function passiveSealNo(cnNo: string, i: number): string {
  return `EPS${cnNo.slice(2)}${i + 1}`;
}

function composeNote(rng: Rng, spec: TripSpec, settings: TripSettings, plate: string): TransportNote {
  const cnNo = cnNoFor(settings.runTag, spec.truck.no, spec.tripNo);
  const n = rng.chance(0.4) ? 2 : 1;
  const containers: ContainerEntry[] = Array.from({ length: n }, (_, i) => ({
    no: containerNo(rng),
    sealType: rng.chance(0.5) ? 'epaper_seal' : 'eseal',
    sealNos: [passiveSealNo(cnNo, i)],
  }));
  return {
    cnNo,
    function: '9',
    senderUbn: settings.yardUbn,
    origin: spec.plan.route.origin,
    destination: spec.plan.route.destination,
    routeCode: spec.plan.code,
    containers,
    plate,
    driverId: spec.truck.driver.nationalId,
    transportCategory: 4,
    declarationNo: declarationNoFor(rng),
    releaseCode: '1',
    requiresConfirmation: false,
  };
}

/**
 * A facility off the trip (not its origin, destination or checkpoints) where its seal could be
 * read, and when: the truck drives there and back between two of the containers' sightings at
 * the sim's road speeds, so the read is out of place but no teleport.
 */
function elsewhere(plan: RoutePlan, facilities: readonly Facility[], sightings: readonly Sighting[], rng: Rng): { facility: Facility; ms: number } | null {
  const onTrip = new Set([plan.route.origin, plan.route.destination, ...(plan.route.checkpoints ?? [])]);
  const off = facilities.filter((f) => !onTrip.has(f.code));
  const reachable = reachableDetours(sightings, off, rng);
  return reachable.length ? rng.pick(reachable) : null;
}

/** A point on the open road inside no facility, between a fifth and four fifths of the way, and how far along. */
function roadPoint(plan: RoutePlan, rng: Rng): { at: [number, number]; along: number } | null {
  for (let k = 0; k < 40; k++) {
    const along = rng.range(plan.originExitM + 0.2 * plan.openRoadM, plan.originExitM + 0.8 * plan.openRoadM);
    const p = plan.path.at(along);
    if (plan.lookup.containing(p).length === 0 && plan.lookup.nearestDistance(p, 600) > 300) return { at: p, along };
  }
  return null;
}

/**
 * The trip of a truck without an OBU (its `passivePlate`), or null when this route cannot host the
 * incident (the caller tries another).
 */
export function generatePassiveTrip(spec: TripSpec, settings: TripSettings, rng: Rng, facilities: readonly Facility[]): TripOutcome | null {
  const { plan, truck } = spec;
  const type = spec.incident;
  const plate = truck.passivePlate;
  const note = composeNote(rng.fork('note'), spec, settings, plate);
  const seals = note.containers.flatMap((c) => c.sealNos.map((s) => ({ sealNo: s, containerNo: c.no })));
  const p = plan.params;
  const items: SimItem[] = [];
  const add = (atMs: number, input: SimItem['input']) => items.push({ atMs: Math.round(atMs), input, truck: truck.no });
  const read = (atMs: number, r: SealRead) => add(atMs, { at: iso(Math.round(atMs)), type: 'sealRead', data: r });
  const person = `${settings.confirmer}`;

  // The origin: the CN, then each seal applied and read by the responsible person.
  const cnMs = spec.startMs + rng.range(30, 120) * 1000;
  add(cnMs, { at: iso(Math.round(cnMs)), type: 'transportNote', data: note });
  let t = cnMs + rng.range(120, 300) * 1000;
  const skip = type === 'departed_unsealed' ? rng.int(0, seals.length - 1) : -1;
  seals.forEach((s, i) => {
    if (i !== skip) {
      read(t, { sealNo: s.sealNo, event: 'applied', facility: note.origin, containerNo: s.containerNo, reader: rng.chance(0.7) ? 'phone_nfc' : 'phone_camera', by: person, readId: `${s.sealNo}-a` });
    }
    t += rng.range(30, 90) * 1000;
  });
  // Out through the gate; the road at 40–60 km/h; each inspection station checks the first seal.
  const departMs = Math.round(t + rng.range(120, 360) * 1000);
  add(departMs, { at: iso(departMs), type: 'gateEvent', data: { facility: note.origin, lane: `L${rng.int(1, 4)}`, direction: 'out', plate, containerNos: note.containers.map((c) => c.no), source: 'ocr' } });
  // Overdue: a slow, long trip (a jam, a breakdown) reaching the gate 10–25 minutes after the limit.
  const limitMs = plan.route.maxDurationMin * MIN;
  const roadMs = type === 'overdue' ? limitMs + rng.range(10, 25) * MIN - 6 * MIN : (plan.openRoadM / (rng.range(40, 60) / 3.6)) * 1000;
  const msAlong = (m: number) => departMs + 2 * MIN + ((m - plan.originExitM) / plan.openRoadM) * roadMs;
  const arriveMs = Math.round(msAlong(plan.destEntryM) + rng.range(60, 240) * 1000);
  if (type !== 'overdue' && arriveMs - departMs > limitMs - 10 * MIN) return null;
  if (type === 'overdue' && arriveMs - departMs < limitMs + 5 * MIN) return null;
  const passages = plan.checkpointPassages();
  // Where the containers are seen on the way, in time order: the origin's gate, each checkpoint, the destination's gate.
  const sightings: Sighting[] = [{ at: facilityPoint(plan.origin), ms: departMs }];
  for (const code of plan.route.checkpoints ?? []) {
    const cp = passages.find((x) => x.code === code);
    const at = msAlong(cp ? (cp.from + cp.to) / 2 : plan.originExitM + plan.openRoadM / 2);
    const f = plan.checkpoints.find((x) => x.code === code);
    if (f) sightings.push({ at: facilityPoint(f), ms: at });
    read(at, { sealNo: seals[0].sealNo, event: 'checked', facility: code, containerNo: seals[0].containerNo, reader: 'handheld', by: 'customs officer', readId: `${seals[0].sealNo}-c-${code}` });
  }
  const incidents: Incident[] = [];
  const incident = (alertType: AlertType, startMs: number, windowS: number, detail: Record<string, unknown>) =>
    incidents.push({ alertType, simTripId: spec.simTripId, plates: [plate], cnNos: [note.cnNo], startMs, endMs: startMs, windowS, derived: false, detail });
  let cut: string | null = null;
  if (type === 'overdue') {
    incident(type, departMs + limitMs, 0, { lateMin: Math.round((arriveMs - departMs - limitMs) / MIN), pointToPoint: true });
  } else if (type === 'departed_unsealed') {
    incident(type, departMs, p.unsealedReadGraceMin * 60, { sealNo: seals[skip].sealNo });
  } else if (type === 'seal_read_elsewhere') {
    sightings.push({ at: facilityPoint(plan.destination), ms: arriveMs });
    const off = elsewhere(plan, facilities, sightings.sort((a, b) => a.ms - b.ms), rng.fork('elsewhere'));
    if (off === null) return null;
    const s = rng.pick(seals);
    read(off.ms, { sealNo: s.sealNo, event: 'checked', facility: off.facility.code, containerNo: s.containerNo, reader: 'handheld', by: 'customs officer', readId: `${s.sealNo}-x` });
    incident(type, off.ms, 0, { sealNo: s.sealNo, facility: off.facility.code });
  } else if (type === 'seal_tamper') {
    const road = roadPoint(plan, rng.fork('road'));
    if (road === null) return null;
    const s = rng.pick(seals);
    cut = s.sealNo;
    // Read where the truck is at the time: the read places its container.
    const cutMs = msAlong(road.along);
    read(cutMs, { sealNo: s.sealNo, event: 'removed', lat: road.at[1], lon: road.at[0], containerNo: s.containerNo, reader: 'phone_camera', by: 'unknown', readId: `${s.sealNo}-cut` });
    incident(type, Math.round(cutMs), 0, { sealNo: s.sealNo, removedOnTheRoad: true });
  }
  // The destination: the gate-in, a check of every seal by the lane reader, then each cut off.
  add(arriveMs, { at: iso(arriveMs), type: 'gateEvent', data: { facility: note.destination, lane: `L${rng.int(1, 4)}`, direction: 'in', plate, containerNos: note.containers.map((c) => c.no), source: 'ocr' } });
  t = arriveMs + rng.range(30, 120) * 1000;
  if (type === 'seal_mismatch') {
    const s = rng.pick(seals);
    const foreign = `EPS9${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    read(t, { sealNo: foreign, event: 'checked', facility: note.destination, containerNo: s.containerNo, reader: 'lane_reader', readerId: 'LANE-1', readId: `${note.cnNo}-m` });
    incident(type, Math.round(t), 0, { containerNo: s.containerNo, sealNo: foreign });
    t += rng.range(30, 90) * 1000;
  }
  for (const s of seals) {
    if (s.sealNo === cut) continue;
    read(t, { sealNo: s.sealNo, event: 'removed', facility: note.destination, containerNo: s.containerNo, reader: 'lane_reader', readerId: 'LANE-1', readId: `${s.sealNo}-r` });
    t += rng.range(30, 90) * 1000;
  }
  items.sort((x, y) => x.atMs - y.atMs);
  return {
    trip: {
      simTripId: spec.simTripId,
      truckNo: truck.no,
      plate,
      routeCode: plan.code,
      cnNos: [note.cnNo],
      startMs: spec.startMs,
      departMs,
      arriveMs,
      endMs: Math.round(t),
      incident: type,
      incidents,
      kind: 'point_to_point',
    },
    items,
  };
}
