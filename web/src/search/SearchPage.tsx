// One box for what officers and callers quote: a container number, a CN number, a plate, a
// seal, declaration number, or a driver (national ID or name). The server matches every kind;
// the answers are trips, and for a container its latest status.
import { useEffect, useState, type FormEvent } from 'react';
import { has } from '../api/capabilities.ts';
import { api, query } from '../api/client.ts';
import { normalizeTrip } from '../api/normalize.ts';
import type { Trip } from '../api/types.ts';
import type { TripSummary } from '../../shared/api-types.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { TRIP_STATE_COLORS } from '../map/colors.ts';
import { navigate } from '../router.ts';
import { containerNoIn, wrongCheckDigitIn } from './container-no.ts';
import { useReference } from '../api/reference.tsx';
import { errorText } from '../../shared/errors.ts';

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

/** The server matches every identifier kind over all the trips the officer may see (GET /search). */
async function runSearch(q: string): Promise<Results> {
  const containerNo = containerNoIn(q);
  const found = await api.get<{ trips: TripSummary[] }>(`/search${query({ q: q.trim(), limit: 200 })}`);
  const trips = found.trips.map((raw) => normalizeTrip(raw));
  // A container's latest status, when a trip is known to have carried it (so the lookup cannot miss).
  const container = containerNo && trips.length && has('/containers/{}') ? await api.get<ContainerStatus>(`/containers/${encodeURIComponent(containerNo)}`).catch(() => null) : null;
  return { trips, container };
}

/** A station by its name, the code kept for a tooltip; the code itself when the registry has no such facility. */
function Station({ code }: { code: string | null }) {
  const { facilities } = useReference();
  if (!code) return <span>—</span>;
  const name = facilities.find((f) => f.code === code)?.name;
  return <span title={code}>{name ?? code}</span>;
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
            <td data-testid="search-stations">
              <Station code={trip.origin} /> → <Station code={trip.destination} />
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
        <dd data-testid="container-seals">{c.seals?.map((s) => `${s.id} ${s.state ? td('sealState', s.state) : ''}`.trim()).join('、') || '—'}</dd>
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
  const { t, lang } = useI18n();
  const wrongDigit = wrongCheckDigitIn(q);
  const [text, setText] = useState(q);
  const [results, setResults] = useState<Results | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setText(q);
    if (q.trim().length < 2) {
      setResults(null);
      return;
    }
    let live = true;
    setBusy(true);
    runSearch(q)
      .catch((): Results => ({ trips: [], container: null }))
      .then((r) => {
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
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('search.placeholder')} aria-label={t('search.title')} data-testid="search-input" minLength={2} autoFocus />
        <button type="submit" className="primary" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      {wrongDigit && (
        <p className="form-error" role="alert" data-testid="search-check-digit">
          {errorText(wrongDigit, lang)}
        </p>
      )}
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
