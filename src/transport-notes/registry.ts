// The registry as transport-note checks see it: companies, facilities, routes, vehicles and
// drivers, read for a whole batch in one query per table rather than per note.
import type { FieldError } from '../core/errors.ts';
import type { TransportNote } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';

export interface FacilityRef {
  code: string;
  name: string;
  operatorUbn: string | null;
  storageCodes: string[];
}

export interface RouteRef {
  code: string;
  origin: string;
  destination: string;
}

export interface RegistryView {
  companies: Set<string>;
  facilities: Map<string, FacilityRef>;
  routes: RouteRef[];
  vehicles: Set<string>;
  drivers: Set<string>;
}

const unique = (values: string[]) => [...new Set(values)];

export async function loadRegistry(q: Queryable, notes: TransportNote[]): Promise<RegistryView> {
  const stations = unique(notes.flatMap((n) => [n.origin, n.destination]));
  const routeCodes = unique(notes.flatMap((n) => (n.routeCode ? [n.routeCode] : [])));
  const [companies, facilities, routes, vehicles, drivers] = await Promise.all([
    q.query('select ubn from companies where ubn = any($1)', [unique(notes.map((n) => n.senderUbn))]),
    q.query('select code, name, operator_ubn, storage_codes from facilities where code = any($1)', [stations]),
    // Routes named by code, and every route between the stations named, for notes without a routeCode.
    q.query('select code, origin, destination from routes where code = any($1) or (origin = any($2) and destination = any($2))', [
      routeCodes,
      stations,
    ]),
    q.query('select plate from vehicles where plate = any($1)', [unique(notes.map((n) => n.plate))]),
    q.query('select national_id from drivers where national_id = any($1)', [unique(notes.map((n) => n.driverId))]),
  ]);
  return {
    companies: new Set(companies.map((r) => r.ubn)),
    facilities: new Map(
      facilities.map((r) => [r.code, { code: r.code, name: r.name, operatorUbn: r.operator_ubn, storageCodes: r.storage_codes ?? [] }]),
    ),
    routes: routes.map((r) => ({ code: r.code, origin: r.origin, destination: r.destination })),
    vehicles: new Set(vehicles.map((r) => r.plate)),
    drivers: new Set(drivers.map((r) => r.national_id)),
  };
}

export interface RegistryCheck {
  errors: FieldError[];
  /** The route the note was checked against: named, or the only one between origin and destination. */
  routeCode?: string;
}

/** Route of a note: monitoring needs one, so a note without a designated route is refused. */
function checkRoute(note: TransportNote, view: RegistryView, prefix: string, errors: FieldError[]): string | undefined {
  const path = `${prefix}/routeCode`;
  if (note.routeCode) {
    const route = view.routes.find((r) => r.code === note.routeCode);
    if (!route) {
      errors.push({ path, message: `no route ${note.routeCode} is registered`, code: 'route.unknown', params: { code: note.routeCode } });
      return undefined;
    }
    if (route.origin !== note.origin || route.destination !== note.destination) {
      errors.push({
        path,
        message: `route ${route.code} goes from ${route.origin} to ${route.destination}, not from ${note.origin} to ${note.destination}`,
        code: 'route.ends_mismatch',
        params: { code: route.code, origin: route.origin, destination: route.destination },
      });
      return undefined;
    }
    return route.code;
  }
  const between = view.routes.filter((r) => r.origin === note.origin && r.destination === note.destination);
  if (between.length === 1) return between[0].code;
  if (between.length === 0) {
    errors.push({
      path,
      message: `no route from ${note.origin} to ${note.destination} is registered; monitoring needs a designated route (register one, or name one in routeCode)`,
      code: 'route.none_between',
      params: { origin: note.origin, destination: note.destination },
    });
  } else {
    const codes = between.map((r) => r.code).sort().join(', ');
    errors.push({ path, message: `${between.length} routes go from ${note.origin} to ${note.destination} (${codes}): name one in routeCode`, code: 'route.ambiguous', params: { count: between.length, codes, origin: note.origin, destination: note.destination } });
  }
  return undefined;
}

/** Every reference a note makes must name something registered. */
export function checkRegistry(note: TransportNote, view: RegistryView, prefix: string): RegistryCheck {
  const errors: FieldError[] = [];
  if (!view.companies.has(note.senderUbn)) errors.push({ path: `${prefix}/senderUbn`, message: `no company ${note.senderUbn} is registered`, code: 'company.unknown', params: { ubn: note.senderUbn } });
  const origin = view.facilities.get(note.origin);
  const destination = view.facilities.get(note.destination);
  if (!origin) errors.push({ path: `${prefix}/origin`, message: `no facility with station code ${note.origin} is registered`, code: 'station.unknown', params: { code: note.origin } });
  if (!destination) errors.push({ path: `${prefix}/destination`, message: `no facility with station code ${note.destination} is registered`, code: 'station.unknown', params: { code: note.destination } });
  const routeCode = origin && destination ? checkRoute(note, view, prefix, errors) : undefined;
  if (!view.vehicles.has(note.plate)) errors.push({ path: `${prefix}/plate`, message: `vehicle ${note.plate} is not registered`, code: 'vehicle.unknown', params: { plate: note.plate } });
  if (!view.drivers.has(note.driverId)) errors.push({ path: `${prefix}/driverId`, message: `driver ${note.driverId} is not registered`, code: 'driver.unknown', params: { id: note.driverId } });
  return { errors, routeCode };
}
