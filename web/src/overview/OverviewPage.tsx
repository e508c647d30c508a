// Today at a glance: trips by state, open alerts by type, how fast alerts are acknowledged, and
// how many alerts each hundred trips raise.
import { useEffect, useState } from 'react';
import { useConfig } from '../api/config.tsx';
import { api, query } from '../api/client.ts';
import { ALERT_TYPES, SEVERITY_RANK, TRIP_STATES, type Severity } from '../api/types.ts';
import { formatDay, formatDuration, startOfTaipeiDay } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { useLiveVersion } from '../live/hooks.ts';
import { SEVERITY_COLORS, TRIP_STATE_COLORS } from '../map/colors.ts';
import { BarChart } from './BarChart.tsx';

const REFRESH_MS = 30_000;
/** After a live alert change, wait this long before recounting, so a burst costs one request. */
const SETTLE_MS = 2_000;

/** What GET /stats/overview answers: counted by the server over every trip and alert of the day. */
interface Overview {
  trips: number;
  tripsByState: Record<string, number>;
  openAlerts: { alertType: string; severity: Severity; count: number }[];
  alertsRaised: number;
  alertsPer100Trips: number | null;
  acknowledgement: { count: number; medianS: number | null; p90S: number | null; histogram: { upToS: number | null; count: number }[] };
}

function useToday(): Overview | null {
  const [data, setData] = useState<Overview | null>(null);
  const alertsVersion = useLiveVersion('alerts');
  useEffect(() => {
    let live = true;
    const load = () =>
      api.get<Overview>(`/stats/overview${query({ from: startOfTaipeiDay().toISOString() })}`).then(
        (o) => live && setData(o),
        () => undefined,
      );
    const first = setTimeout(load, data === null ? 0 : SETTLE_MS);
    const id = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(id);
    };
    // Recount when live alerts change; `data` only decides the first wait.
  }, [alertsVersion]);
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
  const o = useToday();
  const byState = new Map(Object.entries(o?.tripsByState ?? {}));
  const byType = new Map<string, { count: number; severity: Severity }>();
  for (const a of o?.openAlerts ?? []) {
    const prev = byType.get(a.alertType);
    const worse = !prev || SEVERITY_RANK[a.severity] > SEVERITY_RANK[prev.severity];
    byType.set(a.alertType, { count: (prev?.count ?? 0) + a.count, severity: worse ? a.severity : prev.severity });
  }
  const ack = o?.acknowledgement;
  const hist = ack?.histogram ?? [];
  const bucketLabel = (i: number) => (hist[i].upToS === null ? `> ${(hist[i - 1]?.upToS ?? 0) / 60} min` : `< ${hist[i].upToS! / 60} min`);

  return (
    <div className="page page-overview" data-testid="overview">
      <h2>
        {t('overview.title')} · {formatDay(Date.now(), lang)}
      </h2>
      {!o && <p className="muted">{t('common.loading')}</p>}
      <div className="card kpi-row">
        <Kpi label={t('overview.trips')} value={o ? String(o.trips) : '—'} testId="kpi-trips" />
        <Kpi label={t('overview.alerts')} value={o ? String(o.alertsRaised) : '—'} testId="kpi-alerts" />
        <Kpi label={`${t('overview.ackTimes')} · ${t('overview.median')}`} value={ack?.medianS == null ? '—' : formatDuration(ack.medianS)} testId="kpi-ack-median" />
        <Kpi label={`${t('overview.ackTimes')} · ${t('overview.p90')}`} value={ack?.p90S == null ? '—' : formatDuration(ack.p90S)} testId="kpi-ack-p90" />
        <Kpi label={t('overview.alertsPer100')} value={o?.alertsPer100Trips == null ? '—' : String(o.alertsPer100Trips)} testId="kpi-per100" />
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
            bars={ALERT_TYPES.map((a) => ({ label: td('alertType', a), value: byType.get(a)?.count ?? 0, color: SEVERITY_COLORS[byType.get(a)?.severity ?? 'low'] }))}
          />
        </section>
        <section className="card">
          <h3>
            {t('overview.ackTimes')} ({formatDuration(ackTargetSeconds)})
          </h3>
          {!ack || ack.count === 0 ? (
            <p className="muted">{t('overview.noData')}</p>
          ) : (
            <BarChart title={t('overview.ackTimes')} bars={hist.map((b, i) => ({ label: bucketLabel(i), value: b.count, color: b.upToS !== null && b.upToS <= ackTargetSeconds ? '#2ecc71' : '#ff9500' }))} />
          )}
        </section>
      </div>
    </div>
  );
}
