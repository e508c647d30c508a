// The risk workbench: how the month's declarations score, which importers, declarants, HS codes,
// countries and offices carry the risk, the riskiest declarations with the reasons for their
// scores and links to their containers' movements, the selection for inspection (top by score
// plus a random share), the inspection outcomes, the monthly drift report, and the models.
import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../api/client.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { hrefFor } from '../router.ts';
import { useSession } from '../session/session.tsx';
import { Watchlist } from './Watchlist.tsx';

const ASPECTS = ['importer', 'declarant', 'seller', 'hs6', 'hs2', 'origin', 'departure', 'office'] as const;
type Aspect = (typeof ASPECTS)[number];

interface Reason {
  factor: string;
  weight: number;
  en: string;
  zhTW: string;
}
interface Declaration {
  declarationId: string;
  date: string;
  declaration: { importerId: string; hs6: string; originCountry: string; officeId: string };
  containerNos: string[];
  score: number;
  reasons: Reason[];
  selected: 'top' | 'explore' | null;
  outcome: { fraud: 0 | 1; criticalFraud: number | null } | null;
}
interface AspectRow {
  value: string;
  declarations: number;
  meanScore: number;
  high: number;
  outcomes: number;
  frauds: number;
}
interface Model {
  id: number;
  name: string;
  createdAt: string;
  inUse: boolean;
  trainedOn: { declarations: number; from: string; to: string };
  metrics: { holdout: { precisionTop5: number; precisionTop10: number; declarations: number } | null };
}
interface Drift {
  month: string;
  declarations: number;
  psi: number | null;
  previousMonth: { month: string };
  outcomes: Record<'top' | 'explore' | 'unselected', { inspected: number; precision: number | null } | null>;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);
const scoreColor = (s: number) => `hsl(${Math.round(120 - 120 * Math.min(1, s))}, 70%, 42%)`;

function useLoad<T>(path: string | null, version: number): T | null {
  const [data, setData] = useState<T | null>(null);
  useEffect(() => {
    if (!path) return setData(null);
    let live = true;
    api.get<T>(path).then(
      (d) => live && setData(d),
      () => live && setData(null),
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  return data;
}

function Histogram({ bins }: { bins: number[] }) {
  const { t } = useI18n();
  const w = 520;
  const h = 160;
  const max = Math.max(1, ...bins);
  const bw = w / bins.length;
  return (
    <svg className="chart" viewBox={`0 0 ${w} ${h + 20}`} width="100%" role="img" aria-label={t('risk.distribution')} data-testid="risk-histogram">
      {bins.map((n, i) => {
        const bh = (n / max) * h;
        return (
          <g key={i} data-bin={i} data-count={n}>
            <title>{`${(i / bins.length).toFixed(2)}–${((i + 1) / bins.length).toFixed(2)}: ${n}`}</title>
            <rect x={i * bw + 1} y={h - bh} width={bw - 2} height={bh} fill={scoreColor((i + 0.5) / bins.length)} rx={2} />
          </g>
        );
      })}
      <text x={0} y={h + 16}>0</text>
      <text x={w / 2} y={h + 16} textAnchor="middle">0.5</text>
      <text x={w} y={h + 16} textAnchor="end">1</text>
    </svg>
  );
}

function Outcome({ d, onChange }: { d: Declaration; onChange: () => void }) {
  const { t } = useI18n();
  const record = (fraud: 0 | 1) => api.post(`/risk/declarations/${encodeURIComponent(d.declarationId)}/outcome`, { fraud }).then(onChange, () => undefined);
  if (d.outcome) {
    const key: MessageKey = d.outcome.fraud ? (d.outcome.criticalFraud === 2 ? 'risk.outcome.critical' : 'risk.outcome.fraud') : 'risk.outcome.clean';
    return <span className={`status-chip ${d.outcome.fraud ? 'seal-tampered' : 'cleared'}`} data-testid="risk-outcome">{t(key)}</span>;
  }
  return (
    <span className="risk-outcome-actions">
      <button type="button" className="small" onClick={() => void record(1)} data-testid="risk-mark-fraud">
        {t('risk.outcome.fraud')}
      </button>{' '}
      <button type="button" className="small ghost" onClick={() => void record(0)}>
        {t('risk.outcome.clean')}
      </button>
    </span>
  );
}

function Selection({ month, onDone }: { month: string; onDone: () => void }) {
  const { t } = useI18n();
  const [top, setTop] = useState(5);
  const [explore, setExplore] = useState(1);
  const [result, setResult] = useState<{ top: string[]; explore: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    if (!month) return setError(t('risk.selectNeedsMonth'));
    setError(null);
    api.post<{ top: string[]; explore: string[] }>('/risk/selection', { month, topPercent: top, explorePercent: explore }).then(
      (r) => {
        setResult(r);
        onDone();
      },
      (e: Error) => setError(e.message),
    );
  };
  return (
    <section className="card section" data-testid="risk-selection">
      <h3>{t('risk.selection')}</h3>
      <label>
        {t('risk.topPercent')} <input type="number" min={0} max={100} step={0.5} value={top} onChange={(e) => setTop(Number(e.target.value))} style={{ width: '5em' }} />
      </label>{' '}
      <label>
        {t('risk.explorePercent')} <input type="number" min={0} max={20} step={0.5} value={explore} onChange={(e) => setExplore(Number(e.target.value))} style={{ width: '5em' }} />
      </label>{' '}
      <button type="button" onClick={run} data-testid="risk-select">
        {t('risk.select')}
      </button>
      {result && <p role="status">{t('risk.selectedCount', { top: result.top.length, explore: result.explore.length })}</p>}
      {error && <p className="form-error">{error}</p>}
    </section>
  );
}

function DriftPanel({ month, version }: { month: string; version: number }) {
  const { t } = useI18n();
  const d = useLoad<Drift>(month ? `/risk/drift${query({ month })}` : null, version);
  if (!month || !d) return null;
  const top = d.outcomes.top;
  const explore = d.outcomes.explore;
  return (
    <section className="card section" data-testid="risk-drift">
      <h3>
        {t('risk.drift')} · {d.month}
      </h3>
      <p>{t('risk.psi', { psi: d.psi === null ? '—' : String(d.psi), prev: d.previousMonth.month })}</p>
      {!top && !explore && <p className="muted">{t('risk.noOutcomes')}</p>}
      {top && <p>{t('risk.precisionTop', { p: pct(top.precision), n: top.inspected })}</p>}
      {explore && <p>{t('risk.precisionExplore', { p: pct(explore.precision), n: explore.inspected })}</p>}
    </section>
  );
}

function Models({ version, onChange }: { version: number; onChange: () => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const admin = !!user?.roles.includes('customs_admin');
  const models = useLoad<Model[]>('/risk/models', version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const train = () => {
    setBusy(true);
    setError(null);
    api.post('/risk/models', {}).then(
      () => {
        setBusy(false);
        onChange();
      },
      (e: Error) => {
        setBusy(false);
        setError(e.message);
      },
    );
  };
  return (
    <section className="card section" data-testid="risk-models">
      <h3>{t('risk.models')}</h3>
      {models && !models.some((m) => m.inUse) && <p className="muted">{t('risk.noModel')}</p>}
      <ul className="plain">
        {(models ?? []).map((m) => (
          <li key={m.id} data-testid="risk-model">
            <strong>{m.name}</strong> #{m.id} · {m.trainedOn.declarations} ({m.trainedOn.from} – {m.trainedOn.to}){' '}
            {m.metrics.holdout && <span className="muted">{t('risk.model.metrics', { p5: pct(m.metrics.holdout.precisionTop5), p10: pct(m.metrics.holdout.precisionTop10), n: m.metrics.holdout.declarations })}</span>}{' '}
            {m.inUse ? (
              <span className="status-chip cleared">{t('risk.model.inUse')}</span>
            ) : (
              admin && (
                <button type="button" className="small" onClick={() => void api.post(`/risk/models/${m.id}/use`).then(onChange, () => undefined)}>
                  {t('risk.model.use')}
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <button type="button" onClick={train} disabled={busy}>
          {busy ? t('risk.model.training') : t('risk.model.train')}
        </button>
      )}
      {error && <p className="form-error">{error}</p>}
    </section>
  );
}

export function RiskPage() {
  const { t, lang } = useI18n();
  const [month, setMonth] = useState('');
  const [aspect, setAspect] = useState<Aspect>('importer');
  const [filter, setFilter] = useState<{ aspect: Aspect; value: string } | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const m = month || undefined;
  const dist = useLoad<{ bins: number[]; count: number; mean: number | null }>(`/risk/distribution${query({ month: m, aspect: filter?.aspect, value: filter?.value })}`, version);
  const aspects = useLoad<AspectRow[]>(`/risk/aspects/${aspect}${query({ month: m, limit: 15 })}`, version);
  const top = useLoad<Declaration[]>(`/risk/declarations${query({ month: m, aspect: filter?.aspect, value: filter?.value, limit: 50 })}`, version);
  const aspectName = (a: Aspect) => t(`risk.aspect.${a}` as MessageKey);

  return (
    <div className="page page-risk" data-testid="risk-page">
      <h2>{t('risk.title')}</h2>
      <div className="card section">
        <label>
          {t('risk.month')}{' '}
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="risk-month" />
        </label>{' '}
        {month && (
          <button type="button" className="ghost small" onClick={() => setMonth('')}>
            {t('risk.allMonths')}
          </button>
        )}
      </div>
      <div className="risk-grid">
        <section className="card section">
          <h3>{t('risk.distribution')}</h3>
          {dist && (
            <>
              <Histogram bins={dist.bins} />
              <p className="muted" data-testid="risk-count">
                {t('risk.distributionCount', { n: dist.count, mean: dist.mean === null ? '—' : dist.mean.toFixed(3) })}
              </p>
            </>
          )}
        </section>
        <section className="card section" data-testid="risk-aspects">
          <h3>
            {t('risk.aspect')}{' '}
            <select value={aspect} onChange={(e) => setAspect(e.target.value as Aspect)} data-testid="risk-aspect">
              {ASPECTS.map((a) => (
                <option key={a} value={a}>
                  {aspectName(a)}
                </option>
              ))}
            </select>
          </h3>
          <table className="grid">
            <thead>
              <tr>
                <th>{aspectName(aspect)}</th>
                <th>{t('risk.declarations')}</th>
                <th>{t('risk.meanScore')}</th>
                <th>{t('risk.high')}</th>
                <th>{t('risk.frauds')}</th>
              </tr>
            </thead>
            <tbody>
              {(aspects ?? []).map((r) => (
                <tr key={r.value} className="clickable" onClick={() => setFilter({ aspect, value: r.value })} data-testid="risk-aspect-row">
                  <td className="plate">{r.value || '—'}</td>
                  <td>{r.declarations}</td>
                  <td style={{ color: scoreColor(r.meanScore) }}>{r.meanScore.toFixed(3)}</td>
                  <td>{r.high}</td>
                  <td>
                    {r.frauds} / {r.outcomes}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="card section" data-testid="risk-top">
        <h3>{t('risk.top')}</h3>
        {filter && (
          <p>
            {t('risk.filter', { aspect: aspectName(filter.aspect), value: filter.value })}{' '}
            <button type="button" className="ghost small" onClick={() => setFilter(null)} data-testid="risk-clear-filter">
              {t('risk.clearFilter')}
            </button>
          </p>
        )}
        {top && top.length === 0 && <p className="muted">{t('risk.empty')}</p>}
        <table className="grid">
          <thead>
            <tr>
              <th>{t('risk.declaration')}</th>
              <th>{t('risk.date')}</th>
              <th>{t('risk.aspect.importer')}</th>
              <th>{t('risk.hs')}</th>
              <th>{t('risk.aspect.origin')}</th>
              <th>{t('risk.score')}</th>
              <th>{t('risk.reasons')}</th>
              <th>{t('risk.containers')}</th>
              <th>{t('risk.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {(top ?? []).map((d) => (
              <tr key={d.declarationId} data-testid="risk-declaration" data-id={d.declarationId}>
                <td className="plate">
                  {d.declarationId}
                  {d.selected && <div className="status-chip">{t(d.selected === 'top' ? 'risk.selected.top' : 'risk.selected.explore')}</div>}
                </td>
                <td>{d.date}</td>
                <td className="plate">{d.declaration.importerId}</td>
                <td>{d.declaration.hs6}</td>
                <td>{d.declaration.originCountry}</td>
                <td>
                  <strong style={{ color: scoreColor(d.score) }}>{d.score.toFixed(3)}</strong>
                </td>
                <td>
                  <ul className="plain risk-reasons">
                    {d.reasons.map((r) => (
                      <li key={r.factor}>{lang === 'en' ? r.en : r.zhTW}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  {d.containerNos.map((no) => (
                    <div key={no}>
                      <a href={hrefFor({ name: 'container', containerNo: no })} className="plate" data-testid="risk-container-link">
                        {no}
                      </a>
                    </div>
                  ))}
                </td>
                <td>
                  <Outcome d={d} onChange={reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="risk-grid">
        <Selection month={month} onDone={reload} />
        <DriftPanel month={month} version={version} />
      </div>
      <Models version={version} onChange={reload} />
      <Watchlist />
    </div>
  );
}
