// One box for what officers and callers quote: a container number, a CN number, a plate, a
// declaration number, or a driver (national ID or name). Each kind the text could be is asked
// for; the answers are trips, and for a container its latest status.
import { useEffect, useState, type FormEvent } from 'react';
import { has } from '../api/capabilities.ts';
import { api, asList, query } from '../api/client.ts';
import { normalizeTrip } from '../api/normalize.ts';
import type { Trip } from '../api/types.ts';
import { formatDateTime } from '../format/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { TRIP_STATE_COLORS } from '../map/colors.ts';
import { navigate } from '../router.ts';
import { classify } from './classify.ts';

interface ContainerStatus {
  containerNo: string;
  tripId?: string;
  state?: string;
  plate?: string;
  lastPosition?: { lat: number; lon: number; ts: string } | null;
  seals?: { id: string; state: string | null }[];
}

interface Results {
  trips: Trip[];
  container: ContainerStatus | null;
}

/**
 * The trip lists filter by plate only, so the rest is matched here over the recent trips, the
 * transport notes (declaration numbers, drivers) and the drivers (names) the officer may see.
 */
async function runSearch(q: string): Promise<Results> {
  const kinds = classify(q);
  const needle = q.trim().toUpperCase().replace(/[\s-]/g, '');
  const name = q.trim();
  const [recent, byPlate, notes, drivers] = await Promise.all([
    has('/trips') ? api.get(`/trips${query({ limit: 1000 })}`).then(asList, () => []) : [],
    has('/trips') && kinds.tripFilters.some(([f]) => f === 'plate') ? api.get(`/trips${query({ plate: needle, limit: 100 })}`).then(asList, () => []) : [],
    has('/transport-notes') ? api.get(`/transport-notes${query({ limit: 1000 })}`).then(asList, () => []) : [],
    has('/drivers') && !kinds.containerNo ? api.get('/drivers').then(asList, () => []) : [],
  ]);
  const driverIds = new Set<string>(
    drivers.filter((d: any) => d.nationalId === needle || (name.length >= 2 && String(d.name ?? '').includes(name))).map((d: any) => d.nationalId),
  );
  if (kinds.tripFilters.some(([f]) => f === 'driverId')) driverIds.add(needle);
  const cnNos = new Set<string>();
  for (const raw of notes as any[]) {
    const n = raw.note ?? raw;
    if (raw.cnNo === needle || n.declarationNo?.toUpperCase() === needle || driverIds.has(n.driverId)) cnNos.add(raw.cnNo ?? n.cnNo);
  }
  const trips = new Map<string, Trip>();
  for (const raw of [...byPlate, ...recent]) {
    const t = normalizeTrip(raw as Record<string, unknown>);
    const hit = t.plate === needle || t.cnNos.some((c) => c === needle || cnNos.has(c)) || t.containers.some((c) => c.no === needle);
    if (hit) trips.set(t.id, t);
  }
  // A container's latest status, when a trip is known to have carried it (so the lookup cannot miss).
  const container = kinds.containerNo && trips.size && has('/containers/{}') ? await api.get<ContainerStatus>(`/containers/${encodeURIComponent(kinds.containerNo)}`).catch(() => null) : null;
  return { trips: [...trips.values()].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')), container };
}

function TripResults({ trips }: { trips: Trip[] }) {
  const { t, td, lang } = useI18n();
  return (
    <table className="grid" data-testid="search-trips">
      <thead>
        <tr>
          <th>{t('trip.vehicle')}</th>
          <th>{t('trip.cn')}</th>
          <th>{t('trip.container')}</th>
          <th>{t('trip.state')}</th>
          <th>{t('trip.origin')} → {t('trip.destination')}</th>
          <th>{t('trip.departure')}</th>
        </tr>
      </thead>
      <tbody>
        {trips.map((trip) => (
          <tr key={trip.id} className="clickable" onClick={() => navigate({ name: 'trip', tripId: trip.id })} data-testid="search-trip-row">
            <td className="plate">{trip.plate}</td>
            <td>{trip.cnNos.join(', ')}</td>
            <td>{trip.containers.map((c) => c.no).join(', ')}</td>
            <td>
              <span className="state-chip" style={{ background: TRIP_STATE_COLORS[trip.state] }}>
                {td('tripState', trip.state)}
              </span>
            </td>
            <td>
              {trip.origin} → {trip.destination}
            </td>
            <td>{formatDateTime(trip.departedAt, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ContainerCard({ c }: { c: ContainerStatus }) {
  const { t, td, lang } = useI18n();
  return (
    <div className="card" data-testid="container-status">
      <h3>
        {t('search.container')}: <span className="plate">{c.containerNo}</span>
      </h3>
      <dl className="facts">
        <dt>{t('trip.state')}</dt>
        <dd>{c.state ? td('tripState', c.state) : '—'}</dd>
        <dt>{t('trip.vehicle')}</dt>
        <dd className="plate">{c.plate ?? '—'}</dd>
        <dt>{t('trip.lastPosition')}</dt>
        <dd>{c.lastPosition ? `${formatDateTime(c.lastPosition.ts, lang)} (${c.lastPosition.lat.toFixed(4)}, ${c.lastPosition.lon.toFixed(4)})` : '—'}</dd>
        <dt>{t('trip.seals')}</dt>
        <dd>{c.seals?.map((s) => `${s.id} ${s.state ?? ''}`).join(', ') || '—'}</dd>
      </dl>
      {c.tripId && (
        <button type="button" className="link" onClick={() => navigate({ name: 'trip', tripId: c.tripId! })}>
          {t('alerts.openTrip')} →
        </button>
      )}
    </div>
  );
}

export function SearchPage({ q }: { q: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(q);
  const [results, setResults] = useState<Results | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setText(q);
    if (!q.trim()) {
      setResults(null);
      return;
    }
    let live = true;
    setBusy(true);
    runSearch(q).then((r) => {
      if (!live) return;
      setResults(r);
      setBusy(false);
    });
    return () => {
      live = false;
    };
  }, [q]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate({ name: 'search', q: text.trim() });
  };

  return (
    <div className="page page-search">
      <form className="search-form" onSubmit={submit} role="search">
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('search.placeholder')} aria-label={t('search.title')} data-testid="search-input" autoFocus />
        <button type="submit" className="primary" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      {busy && <p className="muted">{t('common.loading')}</p>}
      {results && !busy && (
        <>
          {results.container && <ContainerCard c={results.container} />}
          {results.trips.length > 0 ? <TripResults trips={results.trips} /> : !results.container && <p className="empty">{t('search.noResults')}</p>}
        </>
      )}
    </div>
  );
}
