// Facilities and routes, loaded once and shared by the live map, the trip view and the editors.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { has } from './capabilities.ts';
import { api, asList } from './client.ts';
import type { Facility, Route } from './types.ts';

interface ReferenceData {
  facilities: Facility[];
  routes: Route[];
  loaded: boolean;
  reload(): Promise<void>;
}

const ReferenceContext = createContext<ReferenceData | null>(null);

export function ReferenceProvider({ children }: { children: ReactNode }) {
  const [facilities, setFacilities] = useState<Facility[]>([]);
  const [routes, setRoutes] = useState<Route[]>([]);
  const [loaded, setLoaded] = useState(false);
  const reload = useCallback(async () => {
    const [f, r] = await Promise.all([
      has('/facilities') ? api.get('/facilities').then(asList<Facility>) : Promise.resolve([]),
      has('/routes') ? api.get('/routes').then(asList<Route>) : Promise.resolve([]),
    ]);
    setFacilities(f);
    setRoutes(r);
    setLoaded(true);
  }, []);
  useEffect(() => {
    reload().catch(() => setLoaded(true));
  }, [reload]);
  return <ReferenceContext.Provider value={{ facilities, routes, loaded, reload }}>{children}</ReferenceContext.Provider>;
}

export function useReference(): ReferenceData {
  const ctx = useContext(ReferenceContext);
  if (!ctx) throw new Error('useReference outside ReferenceProvider');
  return ctx;
}
