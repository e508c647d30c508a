// Who sees monitoring data: trips (with their positions and track), alerts, a container's status
// and the live stream.
//
// - Customs sees everything.
// - A company sees what names it in `visible_to`, filled by the monitor from the engine's inputs:
//   the vehicle's fleet, the senders of the trip's CNs and the operators of its destinations.
// - A driver sees less than its fleet: only the trips (and their alerts) of the truck it is bound
//   to now by an app log-in, and those whose transport note names it as the driver. A driver has
//   its own task in the field app and no business with the rest of the fleet's movements; a customs
//   system gives each person the least it needs, and a driver's phone is the device most easily
//   lost. For the same reason a driver gets no live stream (the stream is per company). The rule
//   applies to a principal whose only role is driver; a person with another role too sees what
//   that role sees.
// - A judicial principal sees the trips and alerts customs referred to its company (an alert also
//   when its trip was referred: the case is the trip), however far from its own company.
// - A trader sees the status of a container carried under a transport note its company sent (the
//   note names no importer or declarant, so the sender stands for the trader when the sender
//   company is registered with the trader role).
//
// Each rule is a predicate on a record's facts (for one record read) next to the same rule as SQL
// (for lists); test/access/policy.test.ts runs both over the same rows.
import { hasRole, isCustoms, type Principal } from '../auth/roles.ts';
import type { Queryable, Row } from '../store/db.ts';
import type { StreamScope } from '../stream/hub.ts';
import { referredTo, referredToCaller, referredWhere } from './referrals.ts';
import { bind, type Condition } from './sql.ts';

/** A principal that is a driver and nothing else. */
export function isDriverOnly(p: Principal): boolean {
  return p.roles.length > 0 && p.roles.every((r) => r === 'driver');
}

/** What the driver rule knows of a driver: the plates of its open app log-ins and its national ID. */
export interface DriverFacts {
  loginPlates: string[];
  /** The account's national ID, else the one given at its last log-in. */
  nationalId: string | null;
}

/** A trip or alert as the rules read it. */
export interface MonitoredRecord {
  visibleTo: string[];
  plate: string | null;
  /** The drivers named by the transport notes of the record (only read for a driver). */
  noteDriverIds: string[];
  /** The judicial companies the record (or an alert's trip) is referred to. */
  referredTo: string[];
}

export function mayReadMonitored(p: Principal, r: MonitoredRecord, driver?: DriverFacts | null): boolean {
  if (isCustoms(p)) return true;
  if (referredToCaller(p, r.referredTo)) return true;
  if (!r.visibleTo.includes(p.companyUbn)) return false;
  if (!isDriverOnly(p)) return true;
  if (!driver) return false;
  return (!!r.plate && driver.loginPlates.includes(r.plate)) || (!!driver.nationalId && r.noteDriverIds.includes(driver.nationalId));
}

/** The driver rule on a row with `plate` and `cn_nos`, the driver's facts read by the database. */
function driverWhere(alias: string, userParam: string): string {
  const nationalId = `coalesce((select u.national_id from users u where u.id = ${userParam}),
      (select l.national_id from driver_logins l where l.user_id = ${userParam} order by l.started_at desc limit 1))`;
  return `(${alias}.plate in (select l.plate from driver_logins l where l.user_id = ${userParam} and l.ended_at is null)
    or exists (select 1 from transport_notes n where n.cn_no = any(${alias}.cn_nos) and n.driver_id = ${nationalId}))`;
}

function monitoredWhere(p: Principal, alias: string, params: unknown[], referral: string | null): Condition {
  if (isCustoms(p)) return null;
  let own = `${bind(params, p.companyUbn)} = any(${alias}.visible_to)`;
  if (isDriverOnly(p)) own = `(${own} and ${driverWhere(alias, bind(params, p.id))})`;
  return referral ? `(${own} or ${referral})` : own;
}

/** Trips (`<alias>`: a trips row) this caller sees; null for customs. */
export function tripsWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  return monitoredWhere(p, alias, params, referredWhere(p, [['trip', `${alias}.trip_id`]], params));
}

/** Alerts (`<alias>`: an alerts row) this caller sees; null for customs. */
export function alertsWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  const referral = referredWhere(p, [['alert', `${alias}.alert_id`], ['trip', `${alias}.trip_id`]], params);
  return monitoredWhere(p, alias, params, referral);
}

/** The facts the driver rule needs about a caller (null for anyone but a driver). */
export async function driverFactsOf(q: Queryable, p: Principal): Promise<DriverFacts | null> {
  if (!isDriverOnly(p)) return null;
  const logins = await q.query('select plate from driver_logins where user_id = $1 and ended_at is null', [p.id]);
  const [id] = await q.query(
    `select coalesce((select national_id from users where id = $1),
       (select national_id from driver_logins where user_id = $1 order by started_at desc limit 1)) as national_id`,
    [p.id],
  );
  return { loginPlates: logins.map((l) => l.plate as string), nationalId: (id?.national_id as string | null) ?? null };
}

/**
 * A trips or alerts row read for this caller as the predicate reads it. Facts only some rules
 * consult are read only for the callers those rules apply to (note drivers for a driver,
 * referrals for a judicial principal).
 */
export async function monitoredRecordOf(q: Queryable, p: Principal, row: Row): Promise<MonitoredRecord> {
  const cnNos = (row.cn_nos ?? []) as string[];
  const noteDriverIds =
    isDriverOnly(p) && cnNos.length
      ? (await q.query('select driver_id from transport_notes where cn_no = any($1)', [cnNos])).map((n) => n.driver_id as string)
      : [];
  const targets: ['trip' | 'alert', string | null][] = [['trip', row.trip_id ?? null]];
  if (row.alert_id) targets.push(['alert', row.alert_id]);
  return {
    visibleTo: (row.visible_to ?? []) as string[],
    plate: (row.plate ?? null) as string | null,
    noteDriverIds,
    referredTo: hasRole(p, ['judicial']) ? await referredTo(q, targets) : [],
  };
}

/** Whether this caller sees a trips or alerts row already read. */
export async function canSeeMonitored(q: Queryable, p: Principal, row: Row): Promise<boolean> {
  if (isCustoms(p)) return true;
  return mayReadMonitored(p, await monitoredRecordOf(q, p, row), await driverFactsOf(q, p));
}

/** A container's status as the rules read it: the trip carrying it, and who sent its notes on that trip. */
export interface ContainerRecord {
  trip: MonitoredRecord;
  /** Senders, registered with the trader role, of the trip's transport notes naming the container. */
  traderSenders: string[];
}

export function mayReadContainer(p: Principal, c: ContainerRecord, driver?: DriverFacts | null): boolean {
  return mayReadMonitored(p, c.trip, driver) || (hasRole(p, ['trader']) && c.traderSenders.includes(p.companyUbn));
}

/** The same rule on a trips row `<alias>` carrying container `containerNo`. */
export function containersWhere(p: Principal, alias: string, containerNo: string, params: unknown[]): Condition {
  const trip = tripsWhere(p, alias, params);
  if (trip === null || !hasRole(p, ['trader'])) return trip;
  const ubn = bind(params, p.companyUbn);
  return `(${trip} or exists (select 1 from transport_note_containers c
      join transport_notes n on n.cn_no = c.cn_no join companies co on co.ubn = n.sender_ubn
     where c.container_no = ${bind(params, containerNo)} and c.cn_no = any(${alias}.cn_nos) and n.sender_ubn = ${ubn} and 'trader' = any(co.roles)))`;
}

/** Whether this caller sees the status of container `containerNo` carried by this trips row. */
export async function canSeeContainer(q: Queryable, p: Principal, trip: Row, containerNo: string): Promise<boolean> {
  if (isCustoms(p)) return true;
  const traderSenders = hasRole(p, ['trader'])
    ? (
        await q.query(
          `select distinct n.sender_ubn from transport_note_containers c
             join transport_notes n on n.cn_no = c.cn_no join companies co on co.ubn = n.sender_ubn
            where c.container_no = $1 and c.cn_no = any($2) and 'trader' = any(co.roles)`,
          [containerNo, trip.cn_nos ?? []],
        )
      ).map((r) => r.sender_ubn as string)
    : [];
  return mayReadContainer(p, { trip: await monitoredRecordOf(q, p, trip), traderSenders }, await driverFactsOf(q, p));
}

/**
 * What the live stream sends this caller, or null when it gets no stream (a driver, above). The
 * stream is per company: referred records reach a judicial company through the API only.
 */
export function streamScopeOf(p: Principal): StreamScope | null {
  if (isDriverOnly(p)) return null;
  return { all: isCustoms(p), companyUbn: p.companyUbn };
}
