// Who sees monitoring data (trips, their positions, alerts, container status): customs everything;
// a company what names it in `visible_to`, filled by the monitor from the engine's inputs: the
// vehicle's fleet, the senders of the trip's CNs and the operators of its destinations.
//
// A driver sees less than its fleet: only the trips (and their alerts) of the truck it is bound to
// now by an app log-in, and those whose transport note names it as the driver. A driver has its own
// task in the field app and no business with the rest of the fleet's movements; a customs system
// gives each person the least it needs, and a driver's phone is the device most easily lost. For
// the same reason a driver gets no live stream (the stream is per company). The rule applies to a
// principal whose only role is driver; a person with another role too sees what that role sees.
import { isCustoms, type Principal } from '../auth/roles.ts';
import type { Queryable, Row } from '../store/db.ts';
import type { StreamScope } from '../stream/hub.ts';

/** A principal that is a driver and nothing else. */
export function isDriverOnly(p: Principal): boolean {
  return p.roles.length > 0 && p.roles.every((r) => r === 'driver');
}

/**
 * The driver rule on a row with `plate` and `cn_nos`: the plate of the driver's open app log-in,
 * or a CN naming the driver (the account's national ID, else the one of its last log-in).
 */
function driverCondition(alias: string, userParam: string): string {
  const nationalId = `coalesce((select u.national_id from users u where u.id = ${userParam}),
      (select l.national_id from driver_logins l where l.user_id = ${userParam} order by l.started_at desc limit 1))`;
  return `(${alias}.plate in (select l.plate from driver_logins l where l.user_id = ${userParam} and l.ended_at is null)
    or exists (select 1 from transport_notes n where n.cn_no = any(${alias}.cn_nos) and n.driver_id = ${nationalId}))`;
}

/**
 * A SQL condition on `<alias>` (a trips or alerts row: visible_to, plate, cn_nos) for this caller
 * (null for customs), appending its parameters.
 */
export function visibleCondition(p: Principal, alias: string, params: unknown[]): string | null {
  if (isCustoms(p)) return null;
  params.push(p.companyUbn);
  const company = `$${params.length} = any(${alias}.visible_to)`;
  if (!isDriverOnly(p)) return company;
  params.push(p.id);
  return `(${company} and ${driverCondition(alias, `$${params.length}`)})`;
}

/** The same rule for one trips or alerts row already read (visible_to, plate, cn_nos). */
export async function canSee(q: Queryable, p: Principal, row: Row): Promise<boolean> {
  if (isCustoms(p)) return true;
  if (!((row.visible_to ?? []) as string[]).includes(p.companyUbn)) return false;
  if (!isDriverOnly(p)) return true;
  const params: unknown[] = [row.plate, row.cn_nos ?? [], row.visible_to ?? []];
  const cond = visibleCondition(p, 'r', params);
  const rows = await q.query(`select 1 from (select $1::text as plate, $2::text[] as cn_nos, $3::text[] as visible_to) r where ${cond}`, params);
  return rows.length > 0;
}

/** What the live stream sends this caller, or null when it gets no stream (a driver). */
export function streamScopeOf(p: Principal): StreamScope | null {
  if (isDriverOnly(p)) return null;
  return { all: isCustoms(p), companyUbn: p.companyUbn };
}
