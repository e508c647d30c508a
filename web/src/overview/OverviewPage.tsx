// Today at a glance: trips by state, open alerts by type, how fast alerts are acknowledged, and
// how many alerts each hundred trips raise.
import { useEffect, useState } from 'react';
import { has } from '../api/capabilities.ts';
import { useConfig } from '../api/config.tsx';
import { api, asList, query } from '../api/client.ts';
import { normalizeAlert, normalizeTrip } from '../api/normalize.ts';
import { ALERT_TYPES, TRIP_STATES, type Alert, type Trip } from '../api/types.ts';
import { formatDay, formatDuration, startOfTaipeiDay } from '../format/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { useLiveVersion } from '../live/hooks.ts';
import { liveStore } from '../live/store.ts';
import { SEVERITY_COLORS, TRIP_STATE_COLORS } from '../map/colors.ts';
import { BarChart } from './BarChart.tsx';
import { ACK_BUCKETS, ackHistogram, ackSeconds, alertsPer100Trips, countBy, percentile } from './stats.ts';

const REFRESH_MS = 30_000;

function useToday(): { trips: Trip[]; alerts: Alert[]; loaded: boolean } {
  const [data, setData] = useState<{ trips: Trip[]; alerts: Alert[]; loaded: boolean }>({ trips: [], alerts: [], loaded: false });
  useEffect(() => {
    let live = true;
    const load = async () => {
      const since = startOfTaipeiDay().toISOString();
      const [trips, alerts] = await Promise.all([
        has('/trips') ? api.get(`/trips${query({ since, limit: 1000 })}`).then(asList, () => []) : [],
        // Alerts are listed newest first within each severity; today's are picked out here.
        has('/alerts') ? api.get(`/alerts${query({ limit: 1000 })}`).then((l) => asList(l).filter((a) => (a.openedAt ?? '') >= since), () => []) : [],
      ]);
      if (live) setData({ trips: trips.map((t) => normalizeTrip(t)), alerts: alerts.map((a) => normalizeAlert(a)), loaded: true });
    };
    void load();
    const id = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, []);
  return data;
}

function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <span className="value">{value}</span>
      <span className="label">{label}</span>
    </div>
  );
}

export function OverviewPage() {
  const { t, td, lang } = useI18n();
  const { ackTargetSeconds } = useConfig();
  const { trips, alerts, loaded } = useToday();
  useLiveVersion('alerts');
  const byState = countBy(trips, (tr) => tr.state);
  const open = [...liveStore.alerts.values()].filter((a) => a.status !== 'resolved');
  const byType = countBy(open, (a) => a.alertType);
  const acks = ackSeconds(alerts);
  const median = percentile(acks, 50);
  const p90 = percentile(acks, 90);
  const per100 = alertsPer100Trips(alerts, trips);
  const hist = ackHistogram(acks);
  const bucketLabel = (i: number) => (ACK_BUCKETS[i] === Infinity ? `> ${ACK_BUCKETS[i - 1] / 60} min` : `< ${ACK_BUCKETS[i] / 60} min`);

  return (
    <div className="page page-overview" data-testid="overview">
      <h2>
        {t('overview.title')} · {formatDay(Date.now(), lang)}
      </h2>
      {!loaded && <p className="muted">{t('common.loading')}</p>}
      <div className="card kpi-row">
        <Kpi label={t('overview.trips')} value={String(trips.length)} testId="kpi-trips" />
        <Kpi label={t('overview.alerts')} value={String(alerts.length)} testId="kpi-alerts" />
        <Kpi label={`${t('overview.ackTimes')} · ${t('overview.median')}`} value={median === null ? '—' : formatDuration(median)} testId="kpi-ack-median" />
        <Kpi label={`${t('overview.ackTimes')} · ${t('overview.p90')}`} value={p90 === null ? '—' : formatDuration(p90)} testId="kpi-ack-p90" />
        <Kpi label={t('overview.alertsPer100')} value={per100 === null ? '—' : String(per100)} testId="kpi-per100" />
      </div>
      <div className="overview-grid">
        <section className="card">
          <h3>{t('overview.tripsToday')}</h3>
          <BarChart title={t('overview.tripsToday')} bars={TRIP_STATES.map((s) => ({ label: td('tripState', s), value: byState.get(s) ?? 0, color: TRIP_STATE_COLORS[s] }))} />
        </section>
        <section className="card">
          <h3>{t('overview.openAlerts')}</h3>
          <BarChart
            title={t('overview.openAlerts')}
            bars={ALERT_TYPES.map((a) => ({ label: td('alertType', a), value: byType.get(a) ?? 0, color: SEVERITY_COLORS[open.find((x) => x.alertType === a)?.severity ?? 'low'] }))}
          />
        </section>
        <section className="card">
          <h3>
            {t('overview.ackTimes')} ({formatDuration(ackTargetSeconds)})
          </h3>
          {acks.length === 0 ? (
            <p className="muted">{t('overview.noData')}</p>
          ) : (
            <BarChart title={t('overview.ackTimes')} bars={hist.map((n, i) => ({ label: bucketLabel(i), value: n, color: ACK_BUCKETS[i] <= ackTargetSeconds ? '#2ecc71' : '#ff9500' }))} />
          )}
        </section>
      </div>
    </div>
  );
}
