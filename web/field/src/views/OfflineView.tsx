// Offline unseal (離線解封): with the permission, download the unseal data for a seal while online;
// at the truck, with no signal, connect to the seal and unseal (the seal checks the data itself);
// the record waits in the phone and is uploaded when the connection is back.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Me, type OfflineToken } from '../api.ts';
import { stateClass } from './SealAlarm.tsx';
import { useFieldSeals } from './useFieldSeals.ts';
import { useOnline } from '../online.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { apiErrorText } from '../../../shared/errors.ts';
import { dropToken, flushOutbox, queueRecord, saveToken, tokens } from '../offline-store.ts';
import { sealLinkAvailable, unsealOverLink } from '../seal-link.ts';

interface Permission {
  allowed: boolean;
  application: { id: string; status: string } | null;
}
interface Application {
  id: string;
  status: string;
}

export function OfflineView({ me, onQueued }: { me: Me; onQueued: () => void }) {
  const { t, td, lang } = useI18n();
  const online = useOnline();
  const [perm, setPerm] = useState<Permission | null>(() => JSON.parse(localStorage.getItem('sw.field.perm') ?? 'null'));
  const [applications, setApplications] = useState<Application[]>([]);
  const [q, setQ] = useState('');
  const { list: seals } = useFieldSeals(q, !!perm?.allowed);
  const [held, setHeld] = useState<OfflineToken[]>(tokens());
  const [message, setMessage] = useState<{ kind: 'ok' | 'warn'; text: string } | null>(null);
  const [, setTick] = useState(0);

  const refresh = useCallback(() => {
    if (!navigator.onLine) return;
    api.get<Permission>('/offline-unseal/permission').then((p) => {
      setPerm(p);
      localStorage.setItem('sw.field.perm', JSON.stringify(p));
      if (!p.allowed) api.get<Application[]>('/offline-unseal/applications').then(setApplications, () => undefined);
    }, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
  }, [refresh, online]);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, []);

  const apply = async () => {
    try {
      await api.post('/offline-unseal/applications', {});
      setMessage({ kind: 'ok', text: t('offline.applied') });
      refresh();
    } catch (err) {
      setMessage({ kind: 'warn', text: apiErrorText(err, lang) });
    }
  };
  const download = async (sealId: string) => {
    try {
      const tok = await api.post<OfflineToken>(`/seals/${encodeURIComponent(sealId)}/offline-unseal-tokens`);
      saveToken(tok);
      setHeld(tokens());
      setMessage(null);
    } catch (err) {
      const e = err as ApiError;
      setMessage({ kind: 'warn', text: e.status === 0 ? t('error.network') : apiErrorText(e, lang) });
    }
  };
  const unseal = async (tok: OfflineToken) => {
    if (!sealLinkAvailable()) {
      setMessage({ kind: 'warn', text: t('offline.noLink') });
      return;
    }
    const unsealedAt = new Date().toISOString();
    const answer = await unsealOverLink(tok.sealId, tok.token);
    if (!answer.ok) {
      setMessage({ kind: 'warn', text: t('offline.refused', { reason: answer.message ?? answer.reason ?? '' }) });
      return;
    }
    queueRecord({ token: tok.token, sealId: tok.sealId, unsealedAt, by: me.id });
    dropToken(tok.jti);
    setHeld(tokens());
    onQueued();
    setMessage({ kind: 'ok', text: t('offline.unsealed', { seal: tok.sealId }) });
    if (navigator.onLine) {
      const r = await flushOutbox();
      onQueued();
      if (r.refused.length) {
        setMessage({ kind: 'warn', text: r.refused.map((x) => t('offline.recordRefused', { seal: x.sealId, reason: apiErrorText(x.error, lang) })).join(' ') });
      } else if (r.uploaded) {
        setMessage({ kind: 'ok', text: `${t('offline.unsealed', { seal: tok.sealId })} · ${t('offline.uploaded')}` });
      }
    }
  };
  if (!perm) return null;
  if (!perm.allowed) {
    const last = applications[0];
    return (
      <section className="card form" data-testid="offline-apply">
        <h1>{t('offline.title')}</h1>
        <p>{t('offline.noPermission')}</p>
        {last && <p className="badge none">{t(`offline.status.${last.status}` as MessageKey)}</p>}
        {(!last || last.status === 'rejected' || last.status === 'revoked') && (
          <button className="primary" onClick={apply}>
            {t('offline.apply')}
          </button>
        )}
        {message && <p className={`banner ${message.kind}`}>{message.text}</p>}
      </section>
    );
  }
  const now = Date.now();
  return (
    <section data-testid="offline">
      <h1>{t('offline.title')}</h1>
      {message && (
        <p className={`banner ${message.kind}`} role="status" data-testid="offline-message">
          {message.text}
        </p>
      )}
      {held.length > 0 && (
        <>
          <h2>{t('offline.tokens')}</h2>
          <p className="hint">{t('offline.howto')}</p>
          <ul className="list">
            {held.map((tok) => {
              const left = Math.max(0, Date.parse(tok.expiresAt) - now);
              return (
                <li key={tok.jti} className="card token" data-testid="token" data-seal={tok.sealId}>
                  <div className="mono big">{tok.sealId}</div>
                  <div className="muted">
                    {tok.containerNo} · {tok.cnNo}
                  </div>
                  <div className={left ? 'muted' : 'error'}>
                    {left ? t('offline.downloaded', { min: Math.floor(left / 60_000), sec: Math.floor((left % 60_000) / 1000) }) : t('offline.expired')}
                  </div>
                  <button className="danger big" data-testid="offline-unseal" disabled={!left} onClick={() => unseal(tok)}>
                    {t('offline.unseal')}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {online && (
        <>
          <h2>{t('offline.seals')}</h2>
          <input className="search" type="search" name="q" data-testid="seal-search" placeholder={t('care.search')} aria-label={t('care.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          {seals && seals.length === 0 && <p className="card empty">{q.trim() ? t('care.noMatch', { q: q.trim() }) : t('unseal.empty')}</p>}
          <ul className="list">
            {(seals ?? []).map((s) => (
              <li key={s.sealId} className="card seal" data-testid="offline-seal" data-seal={s.sealId}>
                <div>
                  <div className="mono" translate="no">{s.sealId}</div>
                  <div className="muted" translate="no">
                    {s.containerNo} · {s.plate}
                  </div>
                </div>
                <span className={`badge ${stateClass(s.state)}`}>{td('state', s.state)}</span>
                <button className="secondary" data-testid="download" data-seal={s.sealId} onClick={() => download(s.sealId)}>
                  {t('offline.download')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
