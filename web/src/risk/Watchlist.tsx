// The customs watchlist of drivers, vehicles and companies: the entries in force, a form to add
// one (level and reason), and removal. Every change is audited by the server.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

interface Entry {
  id: number;
  kind: 'driver' | 'vehicle' | 'company';
  partyId: string;
  level: 'low' | 'medium' | 'high';
  reason: string;
  createdBy: string;
  createdAt: string;
}

const KINDS = ['driver', 'vehicle', 'company'] as const;
const LEVELS = ['low', 'medium', 'high'] as const;

export function Watchlist() {
  const { t } = useI18n();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [version, setVersion] = useState(0);
  const [kind, setKind] = useState<Entry['kind']>('driver');
  const [partyId, setPartyId] = useState('');
  const [level, setLevel] = useState<Entry['level']>('high');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.get<Entry[]>('/risk/watchlist').then(
      (e) => live && setEntries(e),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [version]);
  const add = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    api.post('/risk/watchlist', { kind, partyId: partyId.trim(), level, reason: reason.trim() }).then(
      () => {
        setPartyId('');
        setReason('');
        setVersion((v) => v + 1);
      },
      (err: Error) => setError(err.message),
    );
  };
  return (
    <section className="card section" data-testid="risk-watchlist">
      <h3>{t('risk.watchlist')}</h3>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('risk.watch.kind')}</th>
            <th>{t('risk.watch.id')}</th>
            <th>{t('risk.watch.level')}</th>
            <th>{t('risk.watch.reason')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map((w) => (
            <tr key={w.id} data-testid="risk-watch-entry">
              <td>{t(`risk.watch.kind.${w.kind}` as MessageKey)}</td>
              <td className="plate">{w.partyId}</td>
              <td>
                <span className={`risk-badge risk-${w.level}`}>{t(`risk.level.${w.level}` as MessageKey)}</span>
              </td>
              <td>{w.reason}</td>
              <td>
                <button type="button" className="small ghost" onClick={() => void api.del(`/risk/watchlist/${w.id}`).then(() => setVersion((v) => v + 1), () => undefined)}>
                  {t('risk.watch.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={add} className="risk-watch-form">
        <select value={kind} onChange={(e) => setKind(e.target.value as Entry['kind'])} aria-label={t('risk.watch.kind')}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`risk.watch.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>{' '}
        <input value={partyId} onChange={(e) => setPartyId(e.target.value)} placeholder={t('risk.watch.id')} maxLength={40} required data-testid="risk-watch-id" />{' '}
        <select value={level} onChange={(e) => setLevel(e.target.value as Entry['level'])} aria-label={t('risk.watch.level')}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`risk.level.${l}` as MessageKey)}
            </option>
          ))}
        </select>{' '}
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('risk.watch.reason')} maxLength={1000} required data-testid="risk-watch-reason" />{' '}
        <button type="submit" data-testid="risk-watch-add">
          {t('risk.watch.add')}
        </button>
      </form>
      {error && <p className="form-error">{error}</p>}
    </section>
  );
}
