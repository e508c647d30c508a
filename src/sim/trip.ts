// One trip of one truck, from arriving at the origin to switching off at the destination: the
// yard's inputs, the devices' reports as the platform receives them, and the ground truth of
// every alert the trip should raise.
//
// Cold start (the normal case): the truck parks in the origin area; the yard sends the CN; the
// driver inserts the seals, which lock because a task is bound; a responsible person confirms
// when the CN requires it; the truck passes the gate (gate-out event) and drives the route; it
// enters the destination (gate-in event), the platform unlocks the seals, the driver takes them
// off, and the OBU goes quiet. Warm start (the live demo, so trucks move at once): the yard steps
// happen within seconds and the truck appears already on its way.
import type { AlertType, ContainerEntry, GateEvent, Telemetry, TransportNote } from '../core/types.ts';
import { drainingBattery, failingBattery, obuReports, sealUplinkReports, type SealPlan } from './devices.ts';
import { insideArea } from './geo.ts';
import { containerNo, cnNoFor, declarationNoFor } from './ids.ts';
import { planAbnormalStop, planCrawl, planDeviation, planEvasion, planFacilityVisit, type MotionPlan } from './incidents.ts';
import { passiveSealNo } from './passive-trip.ts';
import { buildTrack, deepestInPassage, speedProfile, trafficStops, type BuiltTrack, type PathEvent } from './motion.ts';
import { deliver, planGaps, type Delivery, type NoiseParams } from './noise.ts';
import type { Rng } from './rng.ts';
import type { RoutePlan } from './route-plan.ts';
import { expectedFromTrack } from './truth.ts';
import type { Incident, SimItem, SimTrip, Truck } from './types.ts';

export interface TripSettings {
  intervalS: number;
  sealUplinkS: number;
  noise: NoiseParams;
  yardUbn: string;
  /** Who confirms sealings (the responsible person's id or name). */
  confirmer: string;
  /** Distinguishes the CN numbers of one run from another's. */
  runTag: string;
  /** Share of CNs that require a responsible person's confirmation. */
  confirmShare: number;
  /** Share of trips that take a break at a service area the route passes. */
  restShare: number;
}

export const DEFAULT_TRIP_SETTINGS: Readonly<Omit<TripSettings, 'noise' | 'yardUbn' | 'runTag'>> = {
  intervalS: 10,
  sealUplinkS: 60,
  confirmer: 'responsible-person',
  confirmShare: 0.5,
  restShare: 0.5,
};

export interface TripSpec {
  simTripId: string;
  tripNo: number;
  truck: Truck;
  plan: RoutePlan;
  startMs: number;
  incident: AlertType | null;
  /** Start already on the road, this many metres along the path (live demo). */
  warmAlong?: number;
  /** A device incident (tamper, link, battery) happens within this many seconds of departure (live demo). */
  incidentSoonS?: number;
  /** A mixed CN: one more container under a passive e-seal, applied and removed by reads (CONTRACT section 8). */
  passiveSeal?: boolean;
}

export interface TripOutcome {
  trip: SimTrip;
  items: SimItem[];
}

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Yard-side times at the origin. */
interface OriginSteps {
  cnMs: number;
  loginMs: number;
  locks: { insertMs: number; lockMs: number }[];
  confirmMs: number | null;
  dwellS: number;
}

function originSteps(rng: Rng, startMs: number, sealCount: number, needsConfirm: boolean, warm: boolean): OriginSteps {
  if (warm) {
    // Seconds apart, so that over a live network each step has landed before the next depends on it.
    const locks = Array.from({ length: sealCount }, (_, i) => ({ insertMs: startMs + 2000 + i * 500, lockMs: startMs + 2200 + i * 500 }));
    return { cnMs: startMs, loginMs: startMs, locks, confirmMs: needsConfirm ? startMs + 6000 : null, dwellS: 12 };
  }
  const cnMs = startMs + Math.round(rng.range(30, 120) * 1000);
  let t = cnMs + Math.round(rng.range(120, 300) * 1000);
  const locks = [];
  for (let i = 0; i < sealCount; i++) {
    const lockMs = t + Math.round(rng.range(3, 15) * 1000);
    locks.push({ insertMs: t, lockMs });
    t = lockMs + Math.round(rng.range(20, 90) * 1000);
  }
  const lastLock = locks[locks.length - 1].lockMs;
  const confirmMs = needsConfirm ? lastLock + Math.round(rng.range(60, 240) * 1000) : null;
  const moveMs = Math.max(lastLock, confirmMs ?? 0) + Math.round(rng.range(60, 180) * 1000);
  return { cnMs, loginMs: startMs + Math.round(rng.range(10, 60) * 1000), locks, confirmMs, dwellS: (moveMs - startMs) / 1000 };
}

function composeNote(rng: Rng, spec: TripSpec, settings: TripSettings, needsConfirm: boolean): TransportNote {
  const two = rng.chance(0.3);
  const containers: ContainerEntry[] = two
    ? [0, 1].map((i) => ({ no: containerNo(rng), sealType: 'truck_eseal', sealNos: [spec.truck.sealIds[i]] }))
    : [{ no: containerNo(rng), sealType: 'truck_eseal', sealNos: spec.truck.sealIds.slice(0, rng.chance(0.25) ? 2 : 1) }];
  const cnNo = cnNoFor(settings.runTag, spec.truck.no, spec.tripNo);
  if (spec.passiveSeal) containers.push({ no: containerNo(rng), sealType: 'eseal', sealNos: [passiveSealNo(cnNo, 8)] });
  return {
    cnNo,
    function: '9',
    senderUbn: settings.yardUbn,
    origin: spec.plan.route.origin,
    destination: spec.plan.route.destination,
    routeCode: spec.plan.code,
    containers,
    plate: spec.truck.plate,
    driverId: spec.truck.driver.nationalId,
    transportCategory: spec.truck.vehicle.category,
    declarationNo: declarationNoFor(rng),
    releaseCode: 'B',
    requiresConfirmation: needsConfirm,
  };
}

function planMotion(type: AlertType | null, plan: RoutePlan, rng: Rng): MotionPlan | null | undefined {
  switch (type) {
    case 'abnormal_stop':
      return planAbnormalStop(plan, rng);
    case 'route_deviation':
      return planDeviation(plan, rng);
    case 'unauthorized_facility':
      return planFacilityVisit(plan, rng);
    case 'inspection_evasion':
      return planEvasion(plan, rng);
    default:
      return undefined;
  }
}

/** Inspection stops, a service-area break, and traffic, around what the incident occupies. */
function ordinaryEvents(plan: RoutePlan, rng: Rng, startAlong: number, motion: MotionPlan | null, withRest: boolean): PathEvent[] {
  const busy: [number, number][] = [...(motion?.busy ?? [])];
  const free = (a: number) => !busy.some(([x, y]) => a >= x - 300 && a <= y + 300);
  const events: PathEvent[] = [];
  for (const cp of plan.checkpointPassages()) {
    if (cp.code === motion?.skipCheckpoint || cp.from < startAlong) continue;
    const at = deepestInPassage(plan, cp.code, cp.from, cp.to);
    if (!free(at)) continue;
    events.push({ kind: 'stop', at, seconds: Math.round(rng.range(60, 240)), tag: `inspection:${cp.code}` });
    busy.push([at, at]);
  }
  const rest = plan.restAreaPassages().filter((p) => p.from > startAlong);
  if (withRest && rest.length > 0) {
    const p = rng.pick(rest);
    const at = deepestInPassage(plan, p.code, p.from, p.to);
    if (free(at)) {
      events.push({ kind: 'stop', at, seconds: Math.round(rng.range(10, 30) * 60), tag: `rest:${p.code}` });
      busy.push([at, at]);
    }
  }
  events.push(...trafficStops(plan, rng, startAlong, plan.destPark.along, busy));
  return events;
}

function firstInside(built: BuiltTrack, area: Parameters<typeof insideArea>[1], fromMs: number, want: boolean): number | null {
  return built.track.firstTime((p) => insideArea(p, area) === want, fromMs, built.track.endMs, 1000);
}

interface Attempt {
  built: BuiltTrack;
  motion: MotionPlan | null;
  exitMs: number;
  entryMs: number;
  steps: OriginSteps;
}

/**
 * Builds the drive; null when this attempt cannot give an unambiguous trip (the caller retries
 * with other draws, then another route).
 */
function attemptDrive(spec: TripSpec, settings: TripSettings, rng: Rng, note: TransportNote, withRest: boolean): Attempt | null {
  const { plan } = spec;
  const warm = spec.warmAlong !== undefined;
  const sealCount = truckSealIds(note).length;
  const steps = originSteps(rng, spec.startMs, sealCount, note.requiresConfirmation && spec.incident !== 'departed_unconfirmed', warm);
  const startAlong = warm ? spec.warmAlong! : plan.originPark.along;
  const speedAt = speedProfile(plan, rng.fork('speed'), spec.truck.speedFactor);
  const motion = planMotion(spec.incident, plan, rng.fork('incident'));
  if (motion === null) return null;
  const events = [...(motion?.events ?? []), ...ordinaryEvents(plan, rng.fork('events'), startAlong, motion ?? null, withRest)];
  const destDwellS = rng.range(8, 15) * 60;
  const build = (evs: PathEvent[]) =>
    buildTrack({ plan, startMs: spec.startMs, startAlong, dwellS: steps.dwellS, events: evs, speedAt, destDwellS });
  let built = build(events);
  let plannedMotion = motion ?? null;
  const times = (b: BuiltTrack) => {
    const exitMs = warm ? b.moveMs : firstInside(b, plan.origin.area, b.moveMs, false);
    const entryMs = exitMs === null ? null : firstInside(b, plan.destination.area, b.approachMs, true);
    return { exitMs, entryMs };
  };
  let { exitMs, entryMs } = times(built);
  if (exitMs === null || entryMs === null) return null;
  const deadlineMs = exitMs + plan.route.maxDurationMin * MIN;
  if (spec.incident === 'overdue') {
    const extraS = (deadlineMs - entryMs) / 1000 + rng.range(10, 25) * 60;
    const crawl = planCrawl(plan, rng.fork('crawl'), extraS, speedAt);
    if (!crawl) return null;
    const [a, b] = crawl.busy[0];
    // Stops inside the jammed stretch would happen at the wrong place; the jam replaces them.
    const kept = events.filter((e) => e.kind !== 'stop' || e.at < a - 300 || e.at > b + 300);
    built = build([...crawl.events, ...kept]);
    plannedMotion = crawl;
    ({ exitMs, entryMs } = times(built));
    if (exitMs === null || entryMs === null || entryMs < deadlineMs + 5 * MIN) return null;
  } else if (entryMs > deadlineMs - 5 * MIN) {
    return null;
  }
  return { built, motion: plannedMotion, exitMs, entryMs, steps };
}

/** The seal plans of the trip: inserted, locked, maybe tampered or cut off, unlocked at the destination. */
function sealPlans(
  spec: TripSpec,
  rng: Rng,
  sealIds: string[],
  a: Attempt,
  unlockMs: number,
  freeMs: number,
): { seals: SealPlan[]; incidentSeal: string | null; incidentMs: number; incidentEndMs: number; tamperState: 'tampered' | 'unlocked' } {
  const startMs = spec.startMs;
  const warm = spec.warmAlong !== undefined;
  const windowFrom = a.exitMs + (warm ? 10_000 : 5 * MIN);
  let windowTo = a.entryMs - (spec.incident === 'seal_link_lost' ? 15 * MIN : 5 * MIN);
  if (spec.incidentSoonS !== undefined) windowTo = Math.min(windowTo, windowFrom + spec.incidentSoonS * 1000);
  const incidentMs = Math.round(rng.range(windowFrom, Math.max(windowFrom + 1, windowTo)));
  const incidentSeal = ['seal_tamper', 'seal_link_lost'].includes(spec.incident ?? '') || (spec.incident === 'low_battery' && rng.chance(0.7)) ? rng.pick(sealIds) : null;
  const linkS = rng.range(180, 600);
  const tamperState = rng.chance(0.5) ? 'tampered' : 'unlocked';
  const seals = sealIds.map((id, i): SealPlan => {
    const lock = a.steps.locks[i];
    const states: SealPlan['states'] = [
      { t: startMs, state: 'free' },
      { t: lock.insertMs, state: 'inserted' },
      { t: lock.lockMs, state: 'locked' },
    ];
    const mine = id === incidentSeal;
    if (mine && spec.incident === 'seal_tamper') states.push({ t: incidentMs, state: tamperState });
    states.push({ t: unlockMs, state: 'unlocked' }, { t: freeMs, state: 'free' });
    const battery =
      mine && spec.incident === 'low_battery'
        ? failingBattery(rng.range(21.5, 23.9), startMs, incidentMs)
        : drainingBattery(rng.range(40, 100), startMs, 0.3);
    return { id, states, linkLost: mine && spec.incident === 'seal_link_lost' ? [incidentMs, incidentMs + linkS * 1000] : null, battery };
  });
  return { seals, incidentSeal, incidentMs, incidentEndMs: incidentMs + linkS * 1000, tamperState };
}

function toItems(deliveries: Delivery<Telemetry>[], truck: number): SimItem[] {
  return deliveries.map((d) => ({
    atMs: d.atMs,
    input: { at: iso(d.atMs), type: 'telemetry', data: d.body },
    truck,
    ...(d.batch ? { batch: d.batch } : {}),
  }));
}

/** The gate-out event as the lane reads it; for gate_mismatch, misread one way or another. */
function gateOut(rng: Rng, spec: TripSpec, note: TransportNote, mismatch: boolean): { event: GateEvent; plates: string[]; what: string | null } {
  const containerNos = note.containers.map((c) => c.no);
  const sealNos = note.containers.flatMap((c) => c.sealNos);
  const event: GateEvent = { facility: note.origin, lane: `L${rng.int(1, 4)}`, direction: 'out', plate: note.plate, containerNos, sealNos, source: 'ocr' };
  if (!mismatch) return { event, plates: [note.plate], what: null };
  const what = rng.pick(['container', 'plate', 'seal']);
  if (what === 'container') {
    let other = containerNo(rng);
    while (containerNos.includes(other)) other = containerNo(rng);
    event.containerNos = [other, ...containerNos.slice(1)];
  } else if (what === 'plate') {
    const digits = note.plate.replace(/\D/g, '');
    const last = Number(digits[digits.length - 1]);
    event.plate = `${note.plate.slice(0, -1)}${(last + rng.int(1, 9)) % 10}`;
  } else {
    event.sealNos = [`TS${String(rng.int(0, 99_999_999)).padStart(8, '0')}`, ...sealNos.slice(1)];
  }
  return { event, plates: [note.plate, event.plate], what };
}

/** The trip, or null when this route cannot host the requested incident cleanly. */
export function generateTrip(spec: TripSpec, settings: TripSettings, rng: Rng): TripOutcome | null {
  const note = composeNote(rng.fork('note'), spec, settings, spec.incident === 'departed_unconfirmed' || rng.fork('confirm').chance(settings.confirmShare));
  let attempt: Attempt | null = null;
  for (let k = 0; k < 6 && !attempt; k++) {
    const withRest = k < 3 && rng.fork(`rest${k}`).chance(settings.restShare);
    attempt = attemptDrive(spec, settings, rng.fork(`attempt${k}`), note, withRest);
  }
  if (!attempt) return null;
  return assembleTrip(spec, settings, rng.fork('devices'), note, attempt);
}

function assembleTrip(spec: TripSpec, settings: TripSettings, rng: Rng, note: TransportNote, a: Attempt): TripOutcome | null {
  const { plan, truck } = spec;
  const warm = spec.warmAlong !== undefined;
  const { track } = a.built;
  const endMs = track.endMs;
  const type = spec.incident;
  // The platform unlocks on the first fix inside the destination and the seal opens seconds later.
  // Open-loop, the simulator waits for at least three reports from inside the area, so the
  // platform has certainly seen the arrival before the seal reports itself open.
  const unlockMs = a.entryMs + Math.max(3 * settings.intervalS + 10, rng.range(40, 90)) * 1000;
  const freeMs = unlockMs + Math.round(rng.range(60, 180) * 1000);
  const sealIds = truckSealIds(note);
  const passiveSeals = note.containers.filter((c) => c.sealType !== 'truck_eseal').flatMap((c) => c.sealNos.map((s) => ({ sealNo: s, containerNo: c.no })));
  const sp = sealPlans(spec, rng.fork('seals'), sealIds, a, unlockMs, freeMs);
  const obuOnMs = warm ? a.built.moveMs : spec.startMs + Math.round(rng.range(0, 5) * 1000);
  const silent: [number, number][] = [];
  if (type === 'signal_lost') {
    // Not while passing a checkpoint: with no fix there, skipping it and going quiet look alike.
    const stations = [...a.built.marks].filter(([tag]) => tag.startsWith('inspection:')).map(([, m]) => m);
    const len = rng.range(360, 720) * 1000;
    const from = a.exitMs + 5 * MIN;
    const to = a.entryMs - 5 * MIN - len;
    for (let k = 0; k < 20 && to > from && silent.length === 0; k++) {
      const s = Math.round(rng.range(from, to));
      if (!stations.some((m) => m.endMs + 3 * MIN > s && m.startMs - 3 * MIN < s + len)) silent.push([s, s + len]);
    }
    if (silent.length === 0) return null;
  }
  const obuBattery =
    type === 'low_battery' && sp.incidentSeal === null
      ? failingBattery(rng.range(21.5, 23.9), spec.startMs, sp.incidentMs)
      : drainingBattery(rng.range(92, 100), spec.startMs, 0.5);

  // Tunnels only on the open road, and never where they would hide the moment an incident shows
  // (a delayed batch there would measure the network, not the platform).
  const quiet: [number, number][] = [];
  const mark = a.built.marks.get('incident');
  if (type === 'signal_lost') quiet.push([silent[0][0] - 3 * MIN, silent[0][1] + 3 * MIN]);
  else if (type === 'overdue') {
    const deadline = a.exitMs + plan.route.maxDurationMin * MIN;
    quiet.push([deadline - 3 * MIN, deadline + 3 * MIN]);
  } else if (mark) quiet.push([mark.startMs - 3 * MIN, mark.endMs + 3 * MIN]);
  else if (type) quiet.push([sp.incidentMs - 3 * MIN, sp.incidentEndMs + 3 * MIN]);
  const gapWindows = subtract([[a.exitMs + 3 * MIN, a.entryMs - 3 * MIN]], quiet);
  const gaps = planGaps(rng.fork('gaps'), gapWindows, settings.noise);

  const obu = obuReports(
    {
      obuId: truck.obuId,
      rfidCard: truck.rfidCard,
      track,
      seals: sp.seals,
      fromMs: obuOnMs,
      toMs: endMs,
      intervalS: settings.intervalS,
      loginMs: a.steps.loginMs,
      obuBattery,
      silent,
      noise: settings.noise,
    },
    rng.fork('obu'),
  );
  const obuDeliveries = deliver(rng.fork('obu-delivery'), obu, gaps, settings.noise, `${spec.simTripId}:obu`);
  const items: SimItem[] = toItems(obuDeliveries, truck.no);
  for (const seal of sp.seals) {
    const reports = sealUplinkReports(
      { seal, track, fromMs: spec.startMs, toMs: endMs, periodS: settings.sealUplinkS, positionFromMs: obuOnMs, noise: settings.noise },
      rng.fork(`uplink:${seal.id}`),
    );
    items.push(...toItems(deliver(rng.fork(`uplink-delivery:${seal.id}`), reports, gaps, settings.noise, `${spec.simTripId}:${seal.id}`), truck.no));
  }

  // The yard side.
  const yard = (atMs: number, input: SimItem['input']) => items.push({ atMs, input, truck: truck.no });
  yard(a.steps.cnMs, { at: iso(a.steps.cnMs), type: 'transportNote', data: note });
  let confirmMs = a.steps.confirmMs;
  if (type === 'departed_unconfirmed' && rng.chance(0.5)) confirmMs = a.exitMs + Math.round(rng.range(5, 20) * MIN);
  if (confirmMs !== null) yard(confirmMs, { at: iso(confirmMs), type: 'sealConfirmation', data: { cnNo: note.cnNo, confirmedBy: settings.confirmer } });
  const gate = gateOut(rng.fork('gate'), spec, note, type === 'gate_mismatch');
  const gateOutMs = warm ? null : Math.max(a.built.moveMs, a.exitMs - Math.round(rng.range(10, 30) * 1000));
  if (gateOutMs !== null) yard(gateOutMs, { at: iso(gateOutMs), type: 'gateEvent', data: gate.event });
  // The gate sits on the geofence; its OCR record comes a few seconds to two minutes after the
  // truck enters the area, before or after the seals have opened.
  const gateInMs = a.entryMs + Math.round(rng.range(3, 120) * 1000);
  const gateIn: GateEvent = {
    facility: note.destination,
    lane: `L${rng.int(1, 4)}`,
    direction: 'in',
    plate: note.plate,
    containerNos: note.containers.map((c) => c.no),
    sealNos: note.containers.flatMap((c) => c.sealNos),
    source: 'ocr',
  };
  yard(gateInMs, { at: iso(gateInMs), type: 'gateEvent', data: gateIn });
  // A mixed CN's passive seal: applied after the truck e-seals locked, cut off after they opened.
  const lastLockMs = a.steps.locks.length ? a.steps.locks[a.steps.locks.length - 1].lockMs : spec.startMs;
  for (const ps of passiveSeals) {
    const base2 = { sealNo: ps.sealNo, containerNo: ps.containerNo, by: settings.confirmer };
    if (type !== 'departed_unsealed') {
      const appliedMs = lastLockMs + 20_000;
      yard(appliedMs, { at: iso(appliedMs), type: 'sealRead', data: { ...base2, event: 'applied', facility: note.origin, reader: 'phone_nfc', readId: `${ps.sealNo}-a` } });
    }
    const removedMs = freeMs + 30_000;
    yard(removedMs, { at: iso(removedMs), type: 'sealRead', data: { ...base2, event: 'removed', facility: note.destination, reader: 'phone_nfc', readId: `${ps.sealNo}-r` } });
  }
  items.sort((x, y) => x.atMs - y.atMs);

  // Ground truth.
  const base = { simTripId: spec.simTripId, plates: [truck.plate], cnNos: [note.cnNo], derived: false };
  const p = plan.params;
  const incidents: Incident[] = [];
  const add = (alertType: AlertType, startMs: number, endMs2: number, windowS: number, detail: Record<string, unknown> = {}) =>
    incidents.push({ ...base, alertType, startMs, endMs: endMs2, windowS, detail });
  switch (type) {
    case 'seal_tamper':
      add(type, sp.incidentMs, sp.incidentMs, 0, { sealId: sp.incidentSeal, state: sp.tamperState });
      break;
    case 'seal_link_lost':
      add(type, sp.incidentMs, sp.incidentEndMs, p.sealLinkLostSeconds, { sealId: sp.incidentSeal });
      break;
    case 'low_battery':
      add(type, sp.incidentMs, sp.incidentMs, 0, { deviceId: sp.incidentSeal ?? truck.obuId });
      break;
    case 'signal_lost': {
      const [s, e] = silent[0];
      const before = obuDeliveries.filter((d) => d.tsMs < s);
      const after = obuDeliveries.find((d) => d.tsMs >= e);
      const lastRx = before.length ? Math.max(...before.map((d) => d.atMs)) : s;
      add(type, lastRx, after ? after.atMs : e, p.signalLostSeconds, { silentS: Math.round((e - s) / 1000) });
      break;
    }
    case 'departed_unconfirmed':
      add(type, a.exitMs, a.exitMs, 0, { confirmedAt: confirmMs === null ? null : iso(confirmMs) });
      break;
    case 'departed_unsealed':
      add(type, a.exitMs, a.exitMs, p.unsealedReadGraceMin * 60, { notApplied: passiveSeals.map((s) => s.sealNo) });
      break;
    case 'gate_mismatch':
      incidents.push({ ...base, plates: gate.plates, alertType: type, startMs: gateOutMs!, endMs: gateOutMs!, windowS: 0, detail: { misread: gate.what } });
      break;
    case 'overdue': {
      const deadline = a.exitMs + plan.route.maxDurationMin * MIN;
      add(type, deadline, deadline, 0, { ...a.motion?.detail, lateMin: Math.round((a.entryMs - deadline) / MIN) });
      break;
    }
    default:
      break;
  }
  const derived = expectedFromTrack(spec, a.built, a.motion, a.entryMs);
  if (derived === null) return null;
  for (const d of derived) incidents.push({ ...base, ...d, derived: d.alertType !== type });
  if (type && !incidents.some((i) => i.alertType === type)) return null;

  const trip: SimTrip = {
    simTripId: spec.simTripId,
    truckNo: truck.no,
    plate: truck.plate,
    routeCode: plan.code,
    cnNos: [note.cnNo],
    startMs: spec.startMs,
    departMs: a.exitMs,
    arriveMs: a.entryMs,
    endMs: Math.max(endMs, ...items.map((i) => i.atMs)),
    incident: type,
    incidents,
    kind: spec.passiveSeal ? 'mixed' : 'truck_eseal',
  };
  return { trip, items };
}

/** The truck e-seals of a CN (the ones that report; a mixed CN's passive seal is read instead). */
function truckSealIds(note: TransportNote): string[] {
  return note.containers.filter((c) => c.sealType === 'truck_eseal').flatMap((c) => c.sealNos);
}

/** Windows minus holes. */
function subtract(windows: [number, number][], holes: [number, number][]): [number, number][] {
  let out = windows.filter(([a, b]) => b > a);
  for (const [ha, hb] of holes) {
    out = out.flatMap(([a, b]): [number, number][] => {
      if (hb <= a || ha >= b) return [[a, b]];
      const parts: [number, number][] = [];
      if (ha > a) parts.push([a, ha]);
      if (hb < b) parts.push([hb, b]);
      return parts;
    });
  }
  return out;
}
