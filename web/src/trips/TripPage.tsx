// One trip: its transport notes, containers and seals, driver, vehicle, route, timeline, and the
// map with track replay.
import { useCallback, useMemo, useState } from 'react';
import { useReference } from '../api/reference.tsx';
import type { Trip } from '../api/types.ts';
import { formatDateTime } from '../../shared/time.ts';
import { localName } from '../format/names.ts';
import { useI18n } from '../i18n/index.tsx';
import { TRIP_STATE_COLORS } from '../map/colors.ts';
import { PartyRiskBadge } from '../risk/PartyRiskBadge.tsx';
import { TrackReplay } from './TrackReplay.tsx';
import { PointToPointPanel } from './PointToPoint.tsx';
import { TripTimeline } from './TripTimeline.tsx';
import { replayEvents } from './replayEvents.ts';
import { hrefFor } from '../router.ts';
import './history.css';
import { useTrip, type TripData } from './useTrip.ts';

function StateChip({ state }: { state: Trip['state'] }) {
  const { td } = useI18n();
  return (
    <span className="state-chip" style={{ background: TRIP_STATE_COLORS[state] ?? '#999' }} data-testid="trip-state" data-state={state}>
      {td('tripState', state)}
    </span>
  );
}

function ContainersTable({ trip }: { trip: Trip }) {
  const { t, td } = useI18n();
  const sealState = new Map(trip.seals.map((s) => [s.id, s]));
  return (
    <table className="grid" data-testid="trip-containers">
      <thead>
        <tr>
          <th>{t('trip.container')}</th>
          <th>{t('trip.sealType')}</th>
          <th>{t('trip.seals')}</th>
        </tr>
      </thead>
      <tbody>
        {trip.containers.map((c) => (
          <tr key={c.no}>
            <td className="plate">{c.no}</td>
            <td>{c.sealType ? td('sealType', c.sealType) : '—'}</td>
            <td>
              {c.sealNos.map((s) => {
                const st = sealState.get(s);
                return (
                  <div key={s}>
                    {s} {st?.state && <span className={`status-chip seal-${st.state}`}>{td('sealState', st.state)}</span>} {st?.link === 'lost' && <span className="status-chip">{t('sealState.linkLost')}</span>}
                    {typeof st?.battery === 'number' && <span className="muted"> {st.battery}%</span>}
                    {st?.unlock && (
                      <span className={`status-chip unlock-${st.unlock.status}`} data-testid="unlock-status" data-status={st.unlock.status}>
                        {td('unlockStatus', st.unlock.status)}
                        {st.unlock.attempts > 1 ? ` ×${st.unlock.attempts}` : ''}
                      </span>
                    )}
                  </div>
                );
              })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TripFacts({ data }: { data: TripData }) {
  const { t, lang } = useI18n();
  const { facilities, routes } = useReference();
  const facilityName = (code: string) => localName(facilities.find((f) => f.code === code)?.name ?? '', lang);
  const trip = data.trip!;
  const name = (code: string | null) => (code ? `${facilityName(code)} ${code}`.trim() : '—');
  const route = routes.find((r) => r.code === trip.routeCode);
  return (
    <dl className="facts">
      <dt>{t('trip.cn')}</dt>
      <dd data-testid="trip-cns">{trip.cnNos.join(', ') || '—'}</dd>
      <dt>{t('trip.declaration')}</dt>
      <dd>{trip.declarationNos.join(', ') || '—'}</dd>
      <dt>{t('trip.vehicle')}</dt>
      <dd className="plate">{trip.plate}</dd>
      <dt>{t('trip.driver')}</dt>
      <dd>{[data.driverName, trip.driverId].filter(Boolean).join(' · ') || '—'}</dd>
      <dt>{t('trip.origin')}</dt>
      <dd>{name(trip.origin)}</dd>
      <dt>{t('trip.destination')}</dt>
      <dd>{name(trip.destination)}</dd>
      <dt>{t('trip.route')}</dt>
      <dd>
        {trip.routeCode ?? '—'}
        {route && ` · ${t('trip.routeLimitMin', { min: route.maxDurationMin })}`}
      </dd>
      {route?.checkpoints?.length ? (
        <>
          <dt>{t('trip.checkpoints')}</dt>
          <dd>{route.checkpoints.map(name).join(' → ')}</dd>
        </>
      ) : null}
      <dt>{t('trip.departure')}</dt>
      <dd>{formatDateTime(trip.departedAt, lang)}</dd>
      <dt>{t('trip.arrival')}</dt>
      <dd>{formatDateTime(trip.arrivedAt, lang)}</dd>
      <dt>{t('trip.lastPosition')}</dt>
      <dd>{data.track.length ? formatDateTime(data.track[data.track.length - 1].ts, lang) : '—'}</dd>
    </dl>
  );
}

export function TripPage({ tripId }: { tripId: string }) {
  const { t } = useI18n();
  const data = useTrip(tripId);
  const [at, setAt] = useState<number | null>(null);
  const pick = useCallback((iso: string) => setAt(Date.parse(iso)), []);
  const events = useMemo(
    () => replayEvents({ track: data.track, alerts: data.alerts, reads: data.passive.reads, history: data.trip?.history ?? [], gates: data.gates }),
    [data.track, data.alerts, data.passive.reads, data.trip?.history, data.gates],
  );

  if (data.loading) return <div className="page muted">{t('common.loading')}</div>;
  if (data.error || !data.trip) {
    return (
      <div className="page">
        <p className="form-error">{data.error === 'notFound' ? t('trip.notFound') : data.error}</p>
        <button type="button" onClick={() => history.back()}>
          {t('trip.back')}
        </button>
      </div>
    );
  }
  const trip = data.trip;
  return (
    <div className="page page-trip" data-testid="trip-page">
      <div className="trip-details">
        <div className="trip-head">
          <button type="button" className="ghost small" onClick={() => history.back()}>
            ← {t('trip.back')}
          </button>
          <h2>{t('trip.title', { id: trip.id })}</h2>
          <StateChip state={trip.state} />
          <PartyRiskBadge tripId={trip.id} />
          {trip.plate && (
            <a className="small no-print" data-testid="trip-vehicle-history" href={hrefFor({ name: 'vehicleHistory', plate: trip.plate })}>
              {t('rp.history')}
            </a>
          )}
        </div>
        <TripFacts data={data} />
        {data.passive.p2p && (
          <section className="section">
            <h3>{t('p2p.title')}</h3>
            <PointToPointPanel trip={trip} p2p={data.passive.p2p} />
          </section>
        )}
        <section className="section">
          <h3>{t('trip.containers')}</h3>
          <ContainersTable trip={trip} />
        </section>
        <section className="section">
          <h3>{t('trip.timeline')}</h3>
          <TripTimeline trip={trip} alerts={data.alerts} reads={data.passive.reads} onPick={pick} />
        </section>
      </div>
      <TrackReplay trip={trip} track={data.track} alerts={data.alerts} events={events} passive={data.passive} at={at} onAt={setAt} />
    </div>
  );
}
