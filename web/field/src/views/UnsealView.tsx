// Manual unseal from the app (customs officer or responsible person): pick the seal, give the
// reason, unseal; then follow the command: sent, and acknowledged when the seal reports unlocked.
import { useEffect, useState } from 'react';
import { api, ApiError, type FieldSeal } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { apiErrorText } from '../../../shared/errors.ts';
import { stateClass } from './SealAlarm.tsx';
import { useFieldSeals } from './useFieldSeals.ts';

const REASONS: MessageKey[] = ['unseal.reason.geofence', 'unseal.reason.inspection', 'unseal.reason.fault'];

export function UnsealView() {
  const { t, td, lang } = useI18n();
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<FieldSeal | null>(null);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<FieldSeal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const { list, reload: search } = useFieldSeals(q);

  // After the unseal: follow the command until the seal acknowledges it.
  useEffect(() => {
    if (!status || status.unlock?.status === 'acknowledged') return;
    const id = setInterval(() => {
      api.get<FieldSeal>(`/field/seals/${encodeURIComponent(status.sealId)}`).then(setStatus, () => undefined);
    }, 1000);
    return () => clearInterval(id);
  }, [status]);

  const unseal = async () => {
    if (!selected) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/seals/${encodeURIComponent(selected.sealId)}/unseal`, { reason });
      setStatus({ ...selected, unlock: null });
    } catch (err) {
      const e = err as ApiError;
      setError(e.status === 0 ? t('error.network') : t('error.generic', { detail: apiErrorText(e, lang) }));
    } finally {
      setBusy(false);
    }
  };

  if (status) {
    const u = status.unlock;
    const key: MessageKey = !u
      ? 'unseal.accepted'
      : u.status === 'acknowledged'
        ? 'unseal.acknowledged'
        : u.status === 'sent'
          ? 'unseal.sent'
          : u.status === 'failed'
            ? 'unseal.failed'
            : u.status === 'expired'
              ? 'unseal.expired'
              : 'unseal.pending';
    return (
      <section className="card result" data-testid="unseal-result" data-status={u?.status ?? 'accepted'}>
        <div className="mono big">{status.sealId}</div>
        <div className="muted">{status.containerNo}</div>
        <p className={`banner ${u?.status === 'acknowledged' ? 'ok' : u?.status === 'failed' || u?.status === 'expired' ? 'warn' : ''}`}>{t(key, { error: u?.error ?? '' })}</p>
        <span className={`badge ${stateClass(status.state)}`}>{td('state', status.state)}</span>
        <button className="secondary wide" onClick={() => { setStatus(null); setSelected(null); setReason(''); search(); }}>
          {t('common.done')}
        </button>
      </section>
    );
  }
  if (selected) {
    return (
      <section className="card form" data-testid="unseal-form">
        <div className="mono big">{selected.sealId}</div>
        <div className="muted">
          {selected.containerNo} · {selected.plate} · {td('state', selected.state)}
        </div>
        <label>
          {t('unseal.reason')}
          <textarea name="reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
        </label>
        <div className="chips">
          {REASONS.map((k) => (
            <button key={k} className="chip" onClick={() => setReason(t(k))}>
              {t(k)}
            </button>
          ))}
        </div>
        {error && <p className="error" role="alert">{error}</p>}
        <button className="danger big" data-testid="unseal-submit" disabled={busy || reason.trim().length < 3} onClick={unseal}>
          {t('unseal.submit')}
        </button>
        <button className="secondary wide" onClick={() => setSelected(null)}>
          {t('confirm.cancel')}
        </button>
      </section>
    );
  }
  return (
    <section>
      <h1>{t('unseal.title')}</h1>
      <input className="search" type="search" name="q" data-testid="seal-search" placeholder={t('care.search')} aria-label={t('care.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      {list && list.length === 0 && <p className="card empty">{q.trim() ? t('care.noMatch', { q: q.trim() }) : t('unseal.empty')}</p>}
      <ul className="list">
        {(list ?? []).map((s) => (
          <li key={s.sealId}>
            <button className="card tap" data-testid="seal" data-seal={s.sealId} onClick={() => setSelected(s)}>
              <span className="mono big" translate="no">{s.sealId}</span>
              <span className="muted" translate="no">
                {s.containerNo} · {s.plate}
              </span>
              <span className={`badge ${stateClass(s.state)}`}>{td('state', s.state)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
