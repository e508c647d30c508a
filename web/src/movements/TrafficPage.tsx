// Port traffic status: per facility and lane, passages per hour and holds over the last day, as
// columns (passages) with the holds drawn over them in red.
import { useEffect, useState } from 'react';
import { api, query } from '../api/client.ts';
import { formatClock } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';
import type { Traffic } from './types.ts';
import './movements.css';

const HOURS = 24;

function HourChart({ hours, since, title }: { hours: Traffic['lanes'][number]['hours']; since: string; title: string }) {
  const slots = Array.from({ length: HOURS + 1 }, (_, i) => new Date(Date.parse(since) + i * 3600_000).toISOString());
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  const max = Math.max(1, ...hours.map((h) => h.passages));
  const w = 16;
  const height = 120;
  return (
    <svg className="mv-chart" viewBox={`0 0 ${slots.length * w + 30} ${height + 20}`} role="img" aria-label={title}>
      {slots.map((s, i) => {
        const h = byHour.get(s);
        const ph = ((h?.passages ?? 0) / max) * height;
        const hh = ((h?.holds ?? 0) / max) * height;
        return (
          <g key={s} data-hour={s} data-passages={h?.passages ?? 0} data-holds={h?.holds ?? 0}>
            <rect x={i * w + 2} y={height - ph} width={w - 4} height={ph} fill="#4aa3ff" />
            <rect x={i * w + 2} y={height - hh} width={w - 4} height={hh} fill="#e74c3c" />
            {i % 6 === 0 && (
              <text x={i * w} y={height + 14} fontSize="9" fill="#9fb6cc">
                {formatClock(s, { seconds: false })}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function TrafficPage({ facility }: { facility?: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<Traffic | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => api.get<Traffic>(`/traffic${query({ facility, hours: String(HOURS) })}`).then((r) => live && setData(r), () => undefined);
    void load();
    const id = setInterval(load, 60_000);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [facility]);
  return (
    <div className="page page-traffic" data-testid="traffic-page">
      <h2>{t('mv.trafficTitle')}</h2>
      {!data && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <div className="mv-filters">
            <select value={facility ?? ''} onChange={(e) => navigate({ name: 'traffic', facility: e.target.value || undefined })} data-testid="traffic-facility">
              <option value="">{t('mv.allFacilities')}</option>
              {data.facilities.map((f) => <option key={f.facility} value={f.facility}>{f.facility}</option>)}
            </select>
          </div>
          {data.lanes.length === 0 && <p className="muted">{t('mv.noTraffic')}</p>}
          <table className="table" data-testid="traffic-facilities">
            <thead>
              <tr>
                <th>{t('mv.facility')}</th>
                <th>{t('mv.passagesCount')}</th>
                <th>{t('mv.holdsCount')}</th>
              </tr>
            </thead>
            <tbody>
              {data.facilities.map((f) => (
                <tr key={f.facility} data-facility={f.facility}>
                  <td>{f.facility}</td>
                  <td>{f.passages}</td>
                  <td>{f.holds}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mv-lanes">
            {data.lanes.map((l) => (
              <section key={`${l.facility}/${l.lane}`} className="card" data-testid="traffic-lane" data-lane={`${l.facility}/${l.lane}`}>
                <h3>
                  {l.facility} · {t('mv.lane')} {l.lane} · {t('mv.passagesCount')} {l.passages} · {t('mv.holdsCount')} {l.holds}
                </h3>
                <HourChart hours={l.hours} since={data.since} title={t('mv.perHour')} />
              </section>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
