// Reference data (facilities, routes, vehicles, drivers, devices): upserted by code, effective for
// the next report. Indexes are rebuilt lazily, so a burst of reference inputs costs one rebuild.
import { PreparedRoute } from '../core/geo/route-index.ts';
import type { Device, Driver, Facility, Route, Vehicle } from '../core/types.ts';
import type { EngineState } from './state.ts';
import { getDevice, normPlate, odKey } from './trips.ts';

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
