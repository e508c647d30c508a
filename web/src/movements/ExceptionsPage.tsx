// The movement exception list: alerts about containers (unreleased gate-outs and loadings, no CN,
// one number in two places, CNs never started, gate mismatches), oldest first by severity, each
// with its container page; an officer acknowledges, then resolves with what was done.
import { useEffect, useState } from 'react';
import { api, query } from '../api/client.ts';
import { RESOLUTIONS, type Resolution } from '../api/types.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { SEVERITY_COLORS } from '../map/colors.ts';
import { hrefFor } from '../router.ts';
import type { MovementAlert } from './types.ts';
import './movements.css';

function Row({ a, onDone }: { a: MovementAlert; onDone: () => void }) {
  const { t, td, lang } = useI18n();
  const [resolution, setResolution] = useState<Resolution>('explained');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (p: Promise<unknown>) => {
    setBusy(true);
    try {
      await p;
      onDone();
    } finally {
      setBusy(false);
    }
  };
  const id = encodeURIComponent(a.alertId);
  return (
    <tr data-testid="exception-row" data-alert-id={a.alertId} data-alert-type={a.alertType} data-status={a.status}>
      <td><span className="sev-dot" style={{ background: SEVERITY_COLORS[a.severity] }} /> {td('alertType', a.alertType)}</td>
      <td>{a.containerNo ? <a href={hrefFor({ name: 'container', containerNo: a.containerNo })} data-testid="exception-container">{a.containerNo}</a> : '—'}</td>
      <td>{a.plate || '—'}</td>
      <td>{(a.detail.facility as string) ?? '—'}</td>
      <td>{formatDateTime(a.openedAt, lang)}</td>
      <td>{t(a.status === 'open' ? 'mv.statusOpen' : a.status === 'acknowledged' ? 'mv.statusAcknowledged' : 'mv.statusResolved')}</td>
      <td>
        {a.status === 'open' && (
          <button type="button" disabled={busy} data-testid="exception-ack" onClick={() => void act(api.post(`/alerts/${id}/ack`, {}))}>
            {t('mv.ack')}
          </button>
        )}
        {a.status === 'acknowledged' && (
          <span className="mv-filters">
            <select value={resolution} onChange={(e) => setResolution(e.target.value as Resolution)} data-testid="exception-resolution">
              {RESOLUTIONS.map((r) => <option key={r} value={r}>{td('resolution', r)}</option>)}
            </select>
            <input placeholder={t('mv.resolutionNote')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="exception-note" />
            <button type="button" disabled={busy || !note.trim()} data-testid="exception-resolve" onClick={() => void act(api.post(`/alerts/${id}/resolve`, { resolution, note }))}>
              {t('mv.resolve')}
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}

export function ExceptionsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'unresolved' | 'resolved'>('unresolved');
  const [rows, setRows] = useState<MovementAlert[] | null>(null);
  const [version, setVersion] = useState(0);
  const [containerNo, setContainerNo] = useState('');
  useEffect(() => {
    let live = true;
    api.get<MovementAlert[]>(`/movements/exceptions${query({ status })}`).then((r) => live && setRows(r), () => live && setRows([]));
    return () => {
      live = false;
    };
  }, [status, version]);
  return (
    <div className="page page-exceptions" data-testid="exceptions-page">
      <h2>{t('mv.exceptionsTitle')}</h2>
      <div className="mv-filters">
        <label>
          {t('mv.filterStatus')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as 'unresolved' | 'resolved')} data-testid="exceptions-status">
            <option value="unresolved">{t('mv.unresolved')}</option>
            <option value="resolved">{t('mv.statusResolved')}</option>
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (containerNo.trim()) location.hash = hrefFor({ name: 'container', containerNo: containerNo.replace(/\s+/g, '').toUpperCase() });
          }}
        >
          <input placeholder={t('mv.search')} value={containerNo} onChange={(e) => setContainerNo(e.target.value)} data-testid="container-search" />
          <button type="submit">{t('mv.open')}</button>
        </form>
      </div>
      {rows === null && <p className="muted">{t('common.loading')}</p>}
      {rows?.length === 0 && <p className="muted" data-testid="exceptions-empty">{t('mv.exceptionsEmpty')}</p>}
      {rows && rows.length > 0 && (
        <table className="table" data-testid="exceptions-table">
          <thead>
            <tr>
              <th>{t('alerts.type')}</th>
              <th>{t('mv.container')}</th>
              <th>{t('mv.plate')}</th>
              <th>{t('mv.place')}</th>
              <th>{t('mv.opened')}</th>
              <th>{t('mv.filterStatus')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => <Row key={a.alertId} a={a} onDone={() => setVersion((v) => v + 1)} />)}
          </tbody>
        </table>
      )}
    </div>
  );
}
