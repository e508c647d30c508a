// The driver in the phone app (DOMAIN "The basic flow" step 2): after the account and password, the
// national ID and the plate bind this driver to the vehicle for its current task. A driver who
// tapped the RFID port pass on the OBU instead is found through the OBU's report carrying the card
// (telemetry `rfidCard`). The task is the live transport note(s) of the vehicle and the trip the
// engine follows, with the live state of each seal.
//
// A driver account is its fleet's: it binds only as a driver of its own company's fleet, and only
// to a vehicle of that fleet, whatever national ID the account records (an account made before that
// was checked, or a driver moved to another fleet since, binds to nothing of another fleet). A
// binding to another fleet's vehicle (an old log-in, or the port pass tapped on another fleet's OBU)
// does not count: no task, no pairing, no trips.
import type { AppContext } from '../platform.ts';
import { recordAudit, type Actor } from '../audit/trail.ts';
import type { Principal } from '../auth/roles.ts';
import { newId } from '../auth/secrets.ts';
import { conflict, FieldErrors, forbidden, invalidField, notFound } from '../core/errors.ts';
import { normalizePlate, validateNationalId, validatePlate } from '../core/ids/index.ts';
import type { SealView, TripView } from '../core/types.ts';
import { getDevice, updateDevice } from '../registry/devices.ts';
import { isFleetDriver } from '../registry/drivers.ts';
import type { Queryable, Row } from '../store/db.ts';
import { liveEngine } from './seal-trip.ts';

/** How recent an RFID tap must be to count as the current log-in. */
export const RFID_LOGIN_HOURS = 12;

export interface DriverBinding {
  nationalId: string;
  plate: string;
  source: 'app' | 'rfid';
  since: string;
  /** RFID: the OBU that read the card. */
  obuId?: string;
}

const iso = (v: unknown) => new Date(v as string).toISOString();

async function accountNationalId(q: Queryable, p: Principal): Promise<string | null> {
  const [u] = await q.query('select national_id from users where id = $1', [p.id]);
  return u?.national_id ?? null;
}

/** POST /field/driver/session */
export async function startDriverLogin(
  ctx: AppContext,
  actor: Actor,
  p: Principal,
  body: { nationalId: string; plate: string },
): Promise<DriverBinding> {
  if (p.kind !== 'user') throw forbidden('A driver logs in as a person', 'person.only');
  const errors = new FieldErrors();
  const id = validateNationalId(body.nationalId);
  if (!id.ok) errors.add('/body/nationalId', id.message, id.code, id.params);
  const plate = validatePlate(body.plate);
  if (!plate.ok) errors.add('/body/plate', plate.message, plate.code, plate.params);
  errors.throwIfAny('The log-in is not valid');
  const nationalId = id.ok ? id.value : '';
  const plateNo = plate.ok ? plate.value : '';

  const own = await accountNationalId(ctx.db, p);
  if (own && own !== nationalId) throw forbidden('This account belongs to another driver: the national ID does not match');
  // Another fleet's driver or vehicle is answered like an unknown one: the answer reveals nothing of other fleets.
  const [driver] = await ctx.db.query('select national_id from drivers where national_id = $1 and fleet_ubn = $2', [nationalId, p.companyUbn]);
  if (!driver) throw invalidField('/body/nationalId', 'no driver of your fleet is registered with this national ID', 'driver.not_in_fleet');
  if (!(await isOwnFleetVehicle(ctx.db, p, plateNo))) throw invalidField('/body/plate', `no vehicle ${plateNo} is registered in your fleet`, 'vehicle.not_in_fleet', { plate: plateNo });
  const [linked] = await ctx.db.query(
    `select 1 from driver_vehicles where national_id = $1 and plate = $2
     union all
     select 1 from transport_notes where driver_id = $1 and plate = $2 and status = 'live' and closed_at is null
     limit 1`,
    [nationalId, plateNo],
  );
  if (!linked) {
    throw invalidField('/body/plate', `driver ${nationalId} is not registered for vehicle ${plateNo} and no transport note names them together`, 'driver.not_for_vehicle', { nationalId, plate: plateNo });
  }
  const loginId = newId('dl');
  const row = await ctx.db.transaction(async (tx) => {
    await tx.query('update driver_logins set ended_at = now() where user_id = $1 and ended_at is null', [p.id]);
    const [row] = await tx.query(
      `insert into driver_logins (id, user_id, national_id, plate, source) values ($1,$2,$3,$4,'app') returning *`,
      [loginId, p.id, nationalId, plateNo],
    );
    const after = { loginId, nationalId, plate: plateNo, source: 'app' };
    await recordAudit(tx, actor, { action: 'driver_login', resource: 'vehicle', resourceId: plateNo, after });
    return row;
  });
  return { nationalId, plate: plateNo, source: 'app', since: iso(row.started_at) };
}

/** Whether the vehicle belongs to the caller's fleet. */
async function isOwnFleetVehicle(q: Queryable, p: Principal, plate: string): Promise<boolean> {
  return (await q.query('select 1 from vehicles where plate = $1 and fleet_ubn = $2', [plate, p.companyUbn])).length > 0;
}

/**
 * DELETE /field/driver/session: ends the open app log-in, or the card's log-in (kept as an ended
 * row, so that the card read behind it binds no more), audited when there was one.
 */
export async function endDriverLogin(ctx: AppContext, actor: Actor, p: Principal): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const ended = await tx.query('update driver_logins set ended_at = now() where user_id = $1 and ended_at is null returning id', [p.id]);
    if (!ended.length) {
      const card = await currentBinding(tx, p);
      if (card?.source !== 'rfid') return;
      await tx.query(
        `insert into driver_logins (id, user_id, national_id, plate, source, started_at, ended_at) values ($1,$2,$3,$4,'rfid',$5,now())`,
        [newId('dl'), p.id, card.nationalId, card.plate, card.since],
      );
    }
    await recordAudit(tx, actor, { action: 'driver_logout', resource: 'user', resourceId: p.id });
  });
}

/** The driver's national ID: the account's, else the one given at the last app log-in. */
async function driverIdOf(q: Queryable, p: Principal): Promise<string | null> {
  const own = await accountNationalId(q, p);
  if (own) return own;
  const [last] = await q.query('select national_id from driver_logins where user_id = $1 order by started_at desc limit 1', [p.id]);
  return last?.national_id ?? null;
}

/**
 * Whether the driver ended the task after this card read began: a read made before the end (an OBU
 * reporting late), or the card still sitting in the same OBU's reader since before the end (reported
 * again in each later report), must not bring the ended task back. A new tap does: on another OBU,
 * or on the same one after a report without the card.
 */
async function endedSinceTap(q: Queryable, userId: string, rfidCard: string, tap: DriverBinding): Promise<boolean> {
  const [last] = await q.query('select max(ended_at) as ended from driver_logins where user_id = $1', [userId]);
  if (!last?.ended) return false;
  const ended = iso(last.ended);
  if (Date.parse(tap.since) <= Date.parse(ended)) return true;
  const [before] = await q.query(
    `select 1 from engine_inputs where type = 'telemetry' and data->>'rfidCard' = $1 and data->>'deviceId' = $2 and at <= $3 limit 1`,
    [rfidCard, tap.obuId, ended],
  );
  if (!before) return false;
  const [gap] = await q.query(
    `select 1 from engine_inputs where type = 'telemetry' and data->>'deviceId' = $1 and coalesce(data->>'rfidCard', '') <> $2
     and at > $3 and at < $4 limit 1`,
    [tap.obuId, rfidCard, ended, tap.since],
  );
  return !gap;
}

/** The current binding: an open app log-in, else the driver's RFID card read by an OBU recently. */
export async function currentBinding(q: Queryable, p: Principal): Promise<DriverBinding | null> {
  const [open] = await q.query('select * from driver_logins where user_id = $1 and ended_at is null order by started_at desc limit 1', [p.id]);
  const nationalId = open?.national_id ?? (await driverIdOf(q, p));
  if (!nationalId || !(await isFleetDriver(q, nationalId, p.companyUbn))) return null;
  const [card] = await q.query('select rfid_card from drivers where national_id = $1', [nationalId]);
  let rfid: DriverBinding | null = null;
  if (card?.rfid_card) {
    const [tap] = await q.query(
      `select data->>'deviceId' as device_id, at from engine_inputs
       where type = 'telemetry' and data->>'rfidCard' = $1 and at > now() - make_interval(hours => $2)
       order by seq desc limit 1`,
      [card.rfid_card, RFID_LOGIN_HOURS],
    );
    if (tap) {
      const [obu] = await q.query(
        `select plate from devices where id = $1 and plate is not null
         union all select plate from vehicles where obu_id = $1 limit 1`,
        [tap.device_id],
      );
      if (obu?.plate) rfid = { nationalId, plate: obu.plate, source: 'rfid', since: iso(tap.at), obuId: tap.device_id };
    }
  }
  if (rfid && !(await isOwnFleetVehicle(q, p, rfid.plate))) rfid = null;
  if (rfid && !open && (await endedSinceTap(q, p.id, card.rfid_card, rfid))) rfid = null;
  let app: DriverBinding | null = open ? { nationalId, plate: open.plate, source: 'app', since: iso(open.started_at) } : null;
  if (app && !(await isOwnFleetVehicle(q, p, app.plate))) app = null;
  if (app && rfid) return Date.parse(rfid.since) > Date.parse(app.since) ? rfid : app;
  return app ?? rfid;
}

export interface TaskSeal extends SealView {
  containerNo: string;
  pairedObu: string | null;
}

export interface DriverTask {
  tripId: string | null;
  state: string | null;
  cnNos: string[];
  plate: string;
  driverId: string;
  driverMatches: boolean;
  containers: { no: string; sealType: string; sealNos: string[] }[];
  origin: { code: string; name: string | null };
  destination: { code: string; name: string | null };
  route: { code: string; maxDurationMin: number; path: unknown; checkpoints: string[] } | null;
  departedAt: string | null;
  /** Arrival deadline: departure + the route's maxDurationMin (null before departure). */
  deadline: string | null;
  seals: TaskSeal[];
  vehicleObu: string | null;
  lastPosition: TripView['lastPosition'];
}

/** The vehicle's task now: its live transport notes and the trip the engine follows. */
export async function taskForVehicle(ctx: AppContext, plate: string, nationalId: string): Promise<DriverTask | null> {
  const notes = await ctx.db.query(
    `select * from transport_notes where plate = $1 and status = 'live' and closed_at is null order by created_at`,
    [normalizePlate(plate)],
  );
  if (!notes.length) return null;
  const engine = liveEngine(ctx);
  let view: TripView | null = engine?.tripForPlate(plate) ?? null;
  if (!view) {
    const [row] = await ctx.db.query(
      `select view from trips where plate = $1 and state not in ('closed','cancelled') order by created_at desc limit 1`,
      [plate],
    );
    view = (row?.view as TripView | null) ?? null;
  }
  // The notes of the trip, else the newest (a trip not created yet).
  const onTrip = view ? notes.filter((n) => view!.cnNos.includes(n.cn_no)) : [];
  const chosen: Row[] = onTrip.length ? onTrip : [notes[notes.length - 1]];
  const first = chosen[0];
  const containers = chosen.flatMap((n) => (n.body.containers ?? []) as DriverTask['containers']);
  const sealIds = containers.flatMap((c) => c.sealNos);
  const facilities = await ctx.db.query('select code, name from facilities where code = any($1)', [[first.origin, first.destination]]);
  const nameOf = (code: string) => facilities.find((f) => f.code === code)?.name ?? null;
  const routeCode = view?.routeCode ?? first.route_code ?? first.body.routeCode ?? null;
  const [route] = routeCode ? await ctx.db.query('select body from routes where code = $1', [routeCode]) : [];
  const devices = await ctx.db.query('select id, obu_id from devices where id = any($1)', [sealIds]);
  const [vehicle] = await ctx.db.query('select obu_id from vehicles where plate = $1', [plate]);
  const live = new Map((view?.seals ?? []).map((s) => [s.id, s]));
  const seals: TaskSeal[] = containers.flatMap((c) =>
    c.sealNos.map((id) => ({
      id,
      state: live.get(id)?.state ?? null,
      link: live.get(id)?.link ?? null,
      battery: live.get(id)?.battery ?? null,
      lastTs: live.get(id)?.lastTs ?? null,
      containerNo: c.no,
      pairedObu: devices.find((d) => d.id === id)?.obu_id ?? null,
    })),
  );
  const maxMin = route?.body?.maxDurationMin as number | undefined;
  const departedAt = view?.departedAt ?? null;
  return {
    tripId: view?.tripId ?? null,
    state: view?.state ?? null,
    cnNos: chosen.map((n) => n.cn_no),
    plate,
    driverId: first.driver_id,
    driverMatches: chosen.every((n) => n.driver_id === nationalId),
    containers,
    origin: { code: first.origin, name: nameOf(first.origin) },
    destination: { code: first.destination, name: nameOf(first.destination) },
    route: route
      ? { code: routeCode, maxDurationMin: route.body.maxDurationMin, path: route.body.path, checkpoints: route.body.checkpoints ?? [] }
      : null,
    departedAt,
    deadline: departedAt && maxMin ? new Date(Date.parse(departedAt) + maxMin * 60_000).toISOString() : null,
    seals,
    vehicleObu: vehicle?.obu_id ?? null,
    lastPosition: view?.lastPosition ?? null,
  };
}

/** The seal on the driver's task may be paired to the vehicle's OBU: the binding and task it is checked against. */
export async function checkPairing(ctx: AppContext, p: Principal, sealId: string, obuId: string): Promise<{ binding: DriverBinding; task: DriverTask }> {
  const binding = await currentBinding(ctx.db, p);
  if (!binding) throw conflict('Log in on a vehicle first (national ID and plate, or the RFID port pass)', 'driver.not_logged_in');
  const task = await taskForVehicle(ctx, binding.plate, binding.nationalId);
  if (!task) throw conflict(`Vehicle ${binding.plate} has no transport note in progress`, 'vehicle.no_note_in_progress', { plate: binding.plate });
  const errors = new FieldErrors();
  if (!task.seals.some((s) => s.id === sealId)) errors.add('/body/sealId', `seal ${sealId} is not on the transport note of ${binding.plate}`, 'seal.not_on_note', { id: sealId, plate: binding.plate });
  const [seal] = await ctx.db.query('select id, kind from devices where id = $1', [sealId]);
  if (!seal || seal.kind !== 'seal') errors.add('/body/sealId', `no seal ${sealId} is registered`, 'seal.unknown', { id: sealId });
  const [obu] = await ctx.db.query('select id, kind, plate from devices where id = $1', [obuId]);
  if (!obu || obu.kind !== 'obu') errors.add('/body/obuId', `no OBU ${obuId} is registered`, 'obu.unknown', { id: obuId });
  else if (obu.plate !== binding.plate && task.vehicleObu !== obuId) errors.add('/body/obuId', `OBU ${obuId} is not installed on ${binding.plate}`, 'obu.not_on_vehicle', { id: obuId, plate: binding.plate });
  errors.throwIfAny('The pairing is not valid');
  return { binding, task };
}

export interface Pairing {
  sealId: string;
  obuId: string;
  plate: string;
  paired: true;
}

/**
 * POST /field/driver/seals/pair: the seal's device record names the OBU; the device row, its audit
 * entry and the engine's `device` input commit together.
 */
export async function pairSeal(ctx: AppContext, actor: Actor, p: Principal, sealId: string, obuId: string): Promise<Pairing> {
  const { binding } = await checkPairing(ctx, p, sealId, obuId);
  return ctx.inputs.transact(async (tx) => {
    const before = await getDevice(tx, sealId);
    if (!before) throw invalidField('/body/sealId', `no seal ${sealId} is registered`, 'seal.unknown', { id: sealId });
    const after = { ...before, obuId };
    await updateDevice(tx, after);
    await recordAudit(tx, actor, { action: 'pair', resource: 'device', resourceId: sealId, before, after: { ...after, plate: binding.plate } });
    return { result: { sealId, obuId, plate: binding.plate, paired: true as const }, inputs: [{ type: 'device' as const, data: after }] };
  });
}

export function requireTask<T>(t: T | null, plate: string): T {
  if (!t) throw notFound(`A transport note in progress for ${plate}`, 'transport_note_in_progress', plate);
  return t;
}
