// Who sees stored positions outside a single trip (a vehicle's history over a date range): customs
// all of them; anyone else only the fixes that belong to a trip they may see, by the trip rule
// (tripsWhere). A fix with no trip (a truck between jobs) is customs' alone: no company is named
// on it, and a fleet's own record of where its trucks go belongs to its own fleet software.
import { isCustoms, type Principal } from '../auth/roles.ts';
import { tripsWhere } from './monitoring.ts';
import type { Condition } from './sql.ts';

/** Positions (`<alias>`: a positions row) this caller sees; null for customs. */
export function positionsWhere(p: Principal, alias: string, params: unknown[]): Condition {
  if (isCustoms(p)) return null;
  const trips = tripsWhere(p, 'vt', params);
  return `exists (select 1 from trips vt where vt.trip_id = ${alias}.trip_id${trips ? ` and ${trips}` : ''})`;
}
