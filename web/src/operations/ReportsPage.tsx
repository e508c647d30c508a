// Operations reports: pick a report, a period and filters; a period up to 92 days is answered at
// once, a longer one runs as a job on the server with its progress shown. The rows show as a
// table and as a chart of the report's main figure per month; CSV, XLSX and PDF come from the
// server.
import { useEffect, useRef, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { query } from '../api/client.ts';
import { BarChart } from '../overview/BarChart.tsx';
import { api, taipeiDay, taipeiMidnight } from './ops-api.ts';

const REPORTS = ['trips', 'alerts', 'handling', 'sealings', 'device_health', 'programme'] as const;
type Report = (typeof REPORTS)[number];
/** The figure each report charts per month. */
const MAIN: Record<Report, string> = {
  trips: 'trips',
  alerts: 'alerts',
  handling: 'withinTarget',
  sealings: 'containers',
  device_health: 'positions',
  programme: 'truckEseal',
};
const DIRECT_MAX_DAYS = 92;
/** Columns holding a server value the console translates. */
const TRANSLATED: Record<string, string> = { alertType: 'alertType', severity: 'severity' };

interface Result {
  columns: { key: string; zh: string; en: string }[];
  rows: Record<string, string | number | null>[];
}
interface Job {
  id: string;
  status: 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
}

export function ReportsPage() {
  const { t, td, lang } = useI18n();
  const now = Date.now();
  const [report, setReport] = useState<Report>('alerts');
  const [from, setFrom] = useState(taipeiDay(now - 30 * 86400_000));
  const [to, setTo] = useState(taipeiDay(now));
  const [office, setOffice] = useState('');
  const [route, setRoute] = useState('');
  const [company, setCompany] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [download, setDownload] = useState<string | null>(null);
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => () => void (poll.current && clearInterval(poll.current)), []);

  const filters = () => ({
    from: taipeiMidnight(from),
    // "To" is inclusive on screen: the report ends at the next midnight.
    to: new Date(Date.parse(taipeiMidnight(to)) + 86400_000).toISOString(),
    ...(office ? { office } : {}),
    ...(route ? { route } : {}),
    ...(company ? { company } : {}),
  });

  async function run() {
    setError(null);
    setResult(null);
    setJob(null);
    const f = filters();
    try {
      if (Date.parse(f.to) - Date.parse(f.from) <= DIRECT_MAX_DAYS * 86400_000) {
        setResult(await api.get<Result>(`/reports/${report}${query(f)}`));
        setDownload(`/api/v1/reports/${report}${query({ ...f, lang })}`);
        return;
      }
      const started = await api.post<Job>('/reports/jobs', { report, ...f });
      setJob(started);
      poll.current = setInterval(async () => {
        const j = await api.get<Job>(`/reports/jobs/${started.id}`);
        setJob(j);
        if (j.status === 'running') return;
        clearInterval(poll.current!);
        if (j.status === 'done') {
          setResult(await api.get<Result>(`/reports/jobs/${j.id}/result`));
          setDownload(`/api/v1/reports/jobs/${j.id}/result${query({ lang })}`);
        } else setError(j.error);
      }, 500);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  const perMonth = new Map<string, number>();
  for (const r of result?.rows ?? []) perMonth.set(String(r.month), (perMonth.get(String(r.month)) ?? 0) + Number(r[MAIN[report]] ?? 0));
  const mainLabel = result?.columns.find((c) => c.key === MAIN[report]);

  return (
    <div className="page page-reports" data-testid="reports">
      <h2>{t('reports.title')}</h2>
      <form
        className="card form report-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          {t('reports.report')}
          <select value={report} onChange={(e) => setReport(e.target.value as Report)} data-testid="report-kind">
            {REPORTS.map((r) => (
              <option key={r} value={r}>
                {t(`reports.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="report-from" />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="report-to" />
        </label>
        <label>
          {t('reports.office')}
          <select value={office} onChange={(e) => setOffice(e.target.value)} data-testid="report-office">
            <option value="">{t('common.all')}</option>
            {['A', 'B', 'C', 'D'].map((o) => (
              <option key={o} value={o}>
                {o} {t(`reports.office.${o}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.route')}
          <input value={route} onChange={(e) => setRoute(e.target.value)} maxLength={40} />
        </label>
        <label>
          {t('reports.company')}
          <input value={company} onChange={(e) => setCompany(e.target.value)} inputMode="numeric" pattern="[0-9]{8}" maxLength={8} />
        </label>
        <button type="submit" data-testid="report-run">
          {t('reports.run')}
        </button>
      </form>
      {job?.status === 'running' && (
        <div className="card" data-testid="report-progress">
          {t('reports.running', { p: Math.round(job.progress * 100) })}
          <progress max={1} value={job.progress} />
        </div>
      )}
      {error && <p className="form-error">{error}</p>}
      {result && (
        <>
          <div className="card">
            <span data-testid="report-count">{t('reports.rows', { n: result.rows.length })}</span>{' '}
            {download &&
              (['csv', 'xlsx', 'pdf'] as const).map((f) => (
                <a key={f} className="button ghost" href={`${download}&format=${f}`} download data-testid={`export-${f}`}>
                  {t('reports.export')} {f.toUpperCase()}
                </a>
              ))}
          </div>
          {result.rows.length === 0 ? (
            <p className="muted">{t('reports.noRows')}</p>
          ) : (
            <>
              <section className="card">
                <h3>{t('reports.chart', { m: mainLabel ? (lang === 'en' ? mainLabel.en : mainLabel.zh) : '' })}</h3>
                <BarChart title={MAIN[report]} bars={[...perMonth].map(([m, v]) => ({ label: m, value: v, color: '#4aa3ff' }))} />
              </section>
              <div className="card table-scroll">
                <table className="grid" data-testid="report-table">
                  <thead>
                    <tr>
                      {result.columns.map((c) => (
                        <th key={c.key}>{lang === 'en' ? c.en : c.zh}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {result.rows.map((r, i) => (
                      <tr key={i}>
                        {result.columns.map((c) => (
                          <td key={c.key}>{TRANSLATED[c.key] && r[c.key] !== null ? td(TRANSLATED[c.key], String(r[c.key])) : (r[c.key] ?? '—')}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
