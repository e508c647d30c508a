// Reference data (facilities, routes, vehicles, drivers, devices): upserted by code, effective for
// the next report. Indexes are rebuilt lazily, so a burst of reference inputs costs one rebuild.
import { PreparedRoute } from '../core/geo/route-index.ts';
import { resolveParams } from '../core/alert-params.ts';
import type { AlertParams, Device, Driver, Facility, ReferenceKind, Route, Vehicle } from '../core/types.ts';
import type { EngineState } from './state.ts';
import { getDevice, normPlate, odKey, routeParams } from './trips.ts';

export function upsertFacility(st: EngineState, f: Facility): void {
  st.facilities.set(f.code, f);
  st.facilityVersion++;
}

export function upsertRoute(st: EngineState, r: Route): void {
  const previous = st.routes.get(r.code);
  if (previous !== undefined) {
    const key = odKey(previous.def.origin, previous.def.destination);
    if (st.routeByOd.get(key) === r.code) st.routeByOd.delete(key);
  }
  st.routes.set(r.code, { def: r, prepared: new PreparedRoute(r.code, r.path), params: null });
  st.routeByOd.set(odKey(r.origin, r.destination), r.code);
  st.routesVersion++;
}

export function upsertVehicle(st: EngineState, v: Vehicle): void {
  const plate = normPlate(v.plate);
  const previous = st.vehicles.get(plate);
  if (previous?.obuId && st.obuPlate.get(previous.obuId) === plate) st.obuPlate.delete(previous.obuId);
  st.vehicles.set(plate, { ...v, plate });
  if (v.obuId) st.obuPlate.set(v.obuId, plate);
  st.mapVersion++;
}

export function upsertDriver(st: EngineState, d: Driver): void {
  st.drivers.set(d.nationalId, d);
}

export function upsertDevice(st: EngineState, d: Device): void {
  getDevice(st, d.id).device = d;
  st.mapVersion++;
}

/**
 * New platform-wide thresholds: every route re-resolves its own (a route's overrides still win) and
 * every trip takes its route's new set at once, keeping its progress. A timer already scheduled
 * under the old thresholds re-checks against the new ones when it fires.
 */
export function setGlobalParams(st: EngineState, overrides: Partial<AlertParams>): void {
  st.globalOverrides = { ...overrides };
  st.params = resolveParams(overrides);
  for (const entry of st.routes.values()) entry.params = null;
  for (const trip of st.trips.values()) {
    const entry = trip.routeCode === null ? undefined : st.routes.get(trip.routeCode);
    trip.params = entry !== undefined && entry.prepared === trip.route ? routeParams(st, entry) : st.params;
  }
}

/**
 * Forgets a deleted record. A trip bound to a deleted route re-binds (to none) on its next report; a
 * deleted vehicle or device no longer maps reports to a trip.
 */
export function deleteReference(st: EngineState, kind: ReferenceKind, code: string): void {
  switch (kind) {
    case 'facility':
      if (st.facilities.delete(code)) st.facilityVersion++;
      return;
    case 'driver':
      st.drivers.delete(code);
      return;
    case 'vehicle': {
      const plate = normPlate(code);
      const v = st.vehicles.get(plate);
      if (v === undefined) return;
      st.vehicles.delete(plate);
      if (v.obuId && st.obuPlate.get(v.obuId) === plate) st.obuPlate.delete(v.obuId);
      st.mapVersion++;
      return;
    }
    case 'device': {
      const dev = st.devices.get(code);
      if (dev === undefined) return;
      dev.device = null;
      st.mapVersion++;
      return;
    }
    case 'route':
      deleteRoute(st, code);
      return;
  }
}

function deleteRoute(st: EngineState, code: string): void {
  const entry = st.routes.get(code);
  if (entry === undefined) return;
  st.routes.delete(code);
  const key = odKey(entry.def.origin, entry.def.destination);
  if (st.routeByOd.get(key) === code) {
    st.routeByOd.delete(key);
    // Another route between the same places takes over, as if it had been stored last.
    for (const other of st.routes.values()) if (odKey(other.def.origin, other.def.destination) === key) st.routeByOd.set(key, other.def.code);
  }
  st.routesVersion++;
}
