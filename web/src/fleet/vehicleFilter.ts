// The vehicle list's rows and filters, kept apart from the view so the rules read (and test) alone:
// a row per vehicle on the live map with its trip's state and route, its fleet's company and its
// worst open alert; filters combine with "and", the text matches plate, CN or container.
import type { Severity, TripState } from '../api/types.ts';

export interface VehicleRow {
  plate: string;
  tripId: string | null;
  state: TripState | null;
  routeCode: string | null;
  companyUbn: string | null;
  worstAlert: Severity | null;
  cnNos: string[];
  containerNos: string[];
  lat: number;
  lon: number;
  ts: string;
}

/** `''` means any; `none` matches a row without one (no trip, no company, no open alert). */
export interface VehicleFilters {
  text: string;
  state: string;
  route: string;
  company: string;
  /** any, none, or a severity: at least that bad. */
  alert: string;
}

export const NO_FILTERS: VehicleFilters = { text: '', state: '', route: '', company: '', alert: '' };

const SEVERITY_ORDER: Severity[] = ['low', 'medium', 'high', 'critical'];

function matchesValue(want: string, have: string | null): boolean {
  if (!want) return true;
  if (want === 'none') return have === null;
  return have === want;
}

function matchesAlert(want: string, have: Severity | null): boolean {
  if (!want) return true;
  if (want === 'none') return have === null;
  if (want === 'any') return have !== null;
  return have !== null && SEVERITY_ORDER.indexOf(have) >= SEVERITY_ORDER.indexOf(want as Severity);
}

export function filterVehicles(rows: VehicleRow[], f: VehicleFilters): VehicleRow[] {
  const text = f.text.trim().toUpperCase().replace(/[\s-]+/g, '');
  return rows
    .filter(
      (r) =>
        matchesValue(f.state, r.state) &&
        matchesValue(f.route, r.routeCode) &&
        matchesValue(f.company, r.companyUbn) &&
        matchesAlert(f.alert, r.worstAlert) &&
        (!text || r.plate.includes(text) || r.cnNos.some((c) => c.toUpperCase().includes(text)) || r.containerNos.some((c) => c.toUpperCase().includes(text))),
    )
    .sort((a, b) => {
      // The worst alert first, then by plate: the list is a work queue as much as an index.
      const sa = a.worstAlert ? SEVERITY_ORDER.indexOf(a.worstAlert) : -1;
      const sb = b.worstAlert ? SEVERITY_ORDER.indexOf(b.worstAlert) : -1;
      return sb - sa || a.plate.localeCompare(b.plate);
    });
}
