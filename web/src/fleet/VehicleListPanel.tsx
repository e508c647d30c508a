// The vehicle list beside the live map, as fleet consoles have it: every vehicle on the map with
// its trip state, route, company and worst open alert, filtered by those and by a text search; a
// click centres the map on the vehicle and selects it. Collapsed at first on a phone.
//
// It re-reads the live store when trips or alerts change and every few seconds, never per
// position: at thousands of fixes a second the list would otherwise re-render without pause. Routes
// and companies come from REST (the live feed carries neither) and are fetched again only when a
// trip or plate appears that they do not know.
import type { Map as MLMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { has } from '../api/capabilities.ts';
import { api, asList, query } from '../api/client.ts';
import { useReference } from '../api/reference.tsx';
import { SEVERITY_RANK, TRIP_STATES, type Severity } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useLiveVersion } from '../live/hooks.ts';
import { liveStore } from '../live/store.ts';
import { hrefFor } from '../router.ts';
import { filterVehicles, NO_FILTERS, type VehicleFilters, type VehicleRow } from './vehicleFilter.ts';
import './vehicle-list.css';

const REFRESH_MS = 5000;
const SHOWN = 300;
const SEVERITIES = (Object.keys(SEVERITY_RANK) as Severity[]).sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a]);

interface Directory {
  routeByTrip: Map<string, string | null>;
  companyByPlate: Map<string, string | null>;
  companyNames: Map<string, string>;
}

function useDirectory(plates: string[], tripIds: string[]): Directory {
  const [dir, setDir] = useState<Directory>({ routeByTrip: new Map(), companyByPlate: new Map(), companyNames: new Map() });
  const unknown = tripIds.some((id) => !dir.routeByTrip.has(id)) || plates.some((p) => !dir.companyByPlate.has(p));
  const asked = useRef(0);
  useEffect(() => {
    if (!unknown || Date.now() - asked.current < REFRESH_MS) return;
    asked.current = Date.now();
    let live = true;
    Promise.all([
      has('/trips') ? api.get<unknown>(`/trips${query({ limit: 1000 })}`).catch(() => []) : [],
      has('/vehicles') ? api.get<unknown>(`/vehicles${query({ limit: 5000 })}`).catch(() => []) : [],
      has('/companies') ? api.get<unknown>('/companies').catch(() => []) : [],
    ]).then(([trips, vehicles, companies]) => {
      if (!live) return;
      const routeByTrip = new Map<string, string | null>(tripIds.map((id) => [id, null]));
      for (const t of asList(trips) as { tripId?: string; routeCode?: string | null }[]) if (t.tripId) routeByTrip.set(t.tripId, t.routeCode ?? null);
      const companyByPlate = new Map<string, string | null>(plates.map((p) => [p, null]));
      for (const v of asList(vehicles) as { plate?: string; fleetUbn?: string }[]) if (v.plate) companyByPlate.set(v.plate, v.fleetUbn ?? null);
      const companyNames = new Map<string, string>();
      for (const c of asList(companies) as { ubn?: string; name?: string }[]) if (c.ubn) companyNames.set(c.ubn, c.name ?? c.ubn);
      setDir({ routeByTrip, companyByPlate, companyNames });
    });
    return () => {
      live = false;
    };
  }, [unknown, plates, tripIds]);
  return dir;
}

function useTick(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
  return n;
}

export function VehicleListPanel({ map }: { map: MLMap | null }) {
  const { t, td } = useI18n();
  const { routes } = useReference();
  const [open, setOpen] = useState(() => !window.matchMedia?.('(max-width: 900px)').matches);
  const [filters, setFilters] = useState<VehicleFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<string | null>(null);
  const trips = useLiveVersion('trips');
  const alerts = useLiveVersion('alerts');
  const tick = useTick(REFRESH_MS);

  const base = useMemo(() => {
    const worst = liveStore.worstAlertByPlate();
    return [...liveStore.vehicles.values()].map((v) => {
      const trip = v.tripId ? liveStore.trips.get(v.tripId) : undefined;
      return { v, trip, worst: worst.get(v.plate) ?? null };
    });
    // The store's maps are read on purpose at these moments only (see the note at the top).
  }, [trips, alerts, tick]);
  const plates = useMemo(() => base.map((b) => b.v.plate), [base]);
  const tripIds = useMemo(() => base.flatMap((b) => (b.v.tripId ? [b.v.tripId] : [])), [base]);
  const dir = useDirectory(plates, tripIds);

  const rows: VehicleRow[] = useMemo(
    () =>
      base.map(({ v, trip, worst }) => ({
        plate: v.plate,
        tripId: v.tripId,
        state: trip?.state ?? null,
        routeCode: v.tripId ? (dir.routeByTrip.get(v.tripId) ?? null) : null,
        companyUbn: dir.companyByPlate.get(v.plate) ?? null,
        worstAlert: worst,
        cnNos: trip?.cnNos ?? [],
        containerNos: trip?.containerNos ?? [],
        lat: v.lat,
        lon: v.lon,
        ts: v.ts,
      })),
    [base, dir],
  );
  const shown = useMemo(() => filterVehicles(rows, filters), [rows, filters]);
  const companies = useMemo(() => [...new Set(rows.map((r) => r.companyUbn).filter((c): c is string => !!c))].sort(), [rows]);
  const routeCodes = useMemo(() => [...new Set([...routes.map((r) => r.code), ...rows.map((r) => r.routeCode).filter((c): c is string => !!c)])].sort(), [routes, rows]);

  const set = (k: keyof VehicleFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));
  const pick = (r: VehicleRow) => {
    setSelected(r.plate);
    // The freshest position, not the one the row was built from a few seconds ago.
    const v = liveStore.vehicles.get(r.plate) ?? r;
    map?.jumpTo({ center: [v.lon, v.lat], zoom: Math.max(map.getZoom(), 12) });
  };

  return (
    <section className={`vehicle-list${open ? ' open' : ''}`} data-testid="vehicle-list" data-open={open ? '1' : '0'}>
      <button type="button" className="vehicle-list-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="vehicle-list-toggle">
        {t('vl.toggle')} <span className="muted">{t('vl.count', { n: shown.length })}</span>
      </button>
      {open && (
        <>
          <div className="vehicle-filters">
            <input type="search" value={filters.text} onChange={set('text')} placeholder={t('vl.search')} aria-label={t('vl.search')} data-testid="vl-search" />
            <select value={filters.state} onChange={set('state')} aria-label={t('vl.state')} data-testid="vl-state">
              <option value="">{t('vl.any', { what: t('vl.state') })}</option>
              {TRIP_STATES.map((s) => (
                <option key={s} value={s}>
                  {td('tripState', s)}
                </option>
              ))}
              <option value="none">{t('vl.noTrip')}</option>
            </select>
            <select value={filters.route} onChange={set('route')} aria-label={t('vl.route')} data-testid="vl-route">
              <option value="">{t('vl.any', { what: t('vl.route') })}</option>
              {routeCodes.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <select value={filters.company} onChange={set('company')} aria-label={t('vl.company')} data-testid="vl-company">
              <option value="">{t('vl.any', { what: t('vl.company') })}</option>
              {companies.map((c) => (
                <option key={c} value={c}>
                  {dir.companyNames.get(c) ? `${dir.companyNames.get(c)} ${c}` : c}
                </option>
              ))}
            </select>
            <select value={filters.alert} onChange={set('alert')} aria-label={t('vl.alert')} data-testid="vl-alert">
              <option value="">{t('vl.any', { what: t('vl.alert') })}</option>
              <option value="any">{t('vl.anyAlert')}</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {td('severity', s)}
                </option>
              ))}
              <option value="none">{t('vl.noAlert')}</option>
            </select>
          </div>
          {shown.length === 0 ? (
            <p className="muted vehicle-list-empty">{t('vl.empty')}</p>
          ) : (
            <ul className="vehicle-rows" role="listbox" aria-label={t('vl.title')}>
              {shown.slice(0, SHOWN).map((r) => (
                <li
                  key={r.plate}
                  role="option"
                  aria-selected={selected === r.plate}
                  className={`vehicle-row${r.worstAlert ? ` sev-${r.worstAlert}` : ''}`}
                  data-testid="vehicle-row"
                  data-plate={r.plate}
                  onClick={() => pick(r)}
                >
                  <span className="plate">{r.plate}</span>
                  <span className="vehicle-row-facts">
                    {r.state ? td('tripState', r.state) : t('vl.noTrip')}
                    {r.routeCode && ` · ${r.routeCode}`}
                    {r.worstAlert && <span className={`sev-dot sev-${r.worstAlert}`}> {td('severity', r.worstAlert)}</span>}
                  </span>
                  <span className="vehicle-row-links">
                    {r.tripId && (
                      <a href={hrefFor({ name: 'trip', tripId: r.tripId })} onClick={(e) => e.stopPropagation()}>
                        {r.tripId}
                      </a>
                    )}
                    <a href={hrefFor({ name: 'vehicleHistory', plate: r.plate })} onClick={(e) => e.stopPropagation()} data-testid="vl-history">
                      {t('vl.history')}
                    </a>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
