// The automated lanes: each lane's recent passages with the lane's photos and its decision, and
// the holds waiting for an officer, who releases or refuses each with a reason (audited).
import { useEffect, useState } from 'react';
import { api, query } from '../api/client.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { PartyRiskBadge } from '../risk/PartyRiskBadge.tsx';
import { hrefFor } from '../router.ts';
import type { LaneView, Passage } from './types.ts';
import './movements.css';

const REFRESH_MS = 5000;

function PassageLine({ p }: { p: Passage }) {
  const { t, td, lang } = useI18n();
  const shown = p.officerDecision ?? p.decision;
  return (
    <div className="mv-passage" data-testid="passage" data-passage-id={p.passageId} data-decision={p.decision ?? ''}>
      <time>{formatDateTime(p.capturedAt ?? p.receivedAt, lang)}</time>
      <span>{t(p.direction === 'in' ? 'mv.direction.in' : 'mv.direction.out')}</span>
      <strong>{p.plate}</strong>
      {p.plate && <PartyRiskBadge plate={p.plate} />}
      {p.containerNos.map((c) => <a key={c} href={hrefFor({ name: 'container', containerNo: c })}>{c}</a>)}
      {shown && <span className={`badge mv-${shown}`}>{t(shown === 'hold' ? 'mv.decision.hold' : shown === 'pass' ? 'mv.decision.pass' : shown === 'released' ? 'mv.officer.released' : 'mv.officer.refused')}</span>}
      {p.reasons.map((r, i) => <span key={i} className="muted">{td('alertType', r.code)}</span>)}
      {p.laneConfirmed.length > 0 && <span className="badge">{t('mv.laneConfirmed')}</span>}
      {p.images.map((id) => (
        <a key={id} href={`/api/v1/photos/${encodeURIComponent(id)}`} target="_blank" rel="noreferrer">
          <img src={`/api/v1/photos/${encodeURIComponent(id)}`} alt={t('mv.images')} data-testid="passage-image" />
        </a>
      ))}
    </div>
  );
}

function Hold({ p, onDone }: { p: Passage; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = async (action: 'release' | 'refuse') => {
    if (!reason.trim()) {
      setError(t('mv.reasonRequired'));
      return;
    }
    try {
      await api.post(`/gate-passages/${encodeURIComponent(p.passageId)}/${action}`, { reason: reason.trim() });
      onDone();
    } catch {
      setError(t('common.error'));
    }
  };
  return (
    <div className="mv-hold" data-testid="hold" data-passage-id={p.passageId}>
      <div>
        <strong>{p.facility} · {t('mv.lane')} {p.lane}</strong>
      </div>
      <PassageLine p={p} />
      <div className="mv-filters">
        <input placeholder={t('mv.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="hold-reason" />
        <button type="button" onClick={() => void decide('release')} data-testid="hold-release">{t('mv.release')}</button>
        <button type="button" className="danger" onClick={() => void decide('refuse')} data-testid="hold-refuse">{t('mv.refuse')}</button>
        {error && <span className="error">{error}</span>}
      </div>
    </div>
  );
}

export function LanesPage({ facility }: { facility?: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<LaneView | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => api.get<LaneView>(`/lanes${query({ facility })}`).then((r) => live && setData(r), () => undefined);
    void load();
    const id = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [facility, version]);
  return (
    <div className="page page-lanes" data-testid="lanes-page">
      <h2>{t('mv.lanesTitle')}</h2>
      {!data && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <section className="card">
            <h3>{t('mv.holds')}</h3>
            {data.holds.length === 0 && <p className="muted" data-testid="no-holds">{t('mv.noHolds')}</p>}
            {data.holds.map((p) => <Hold key={p.passageId} p={p} onDone={() => setVersion((v) => v + 1)} />)}
          </section>
          <div className="mv-lanes">
            {data.lanes.map((l) => (
              <section key={`${l.facility}/${l.lane}`} className="card" data-testid="lane" data-lane={`${l.facility}/${l.lane}`}>
                <h3>
                  {l.facility} · {t('mv.lane')} {l.lane} {l.waiting > 0 && <span className="badge mv-hold">{t('mv.holdsWaiting', { n: l.waiting })}</span>}
                </h3>
                {l.passages.map((p) => <PassageLine key={p.passageId} p={p} />)}
              </section>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
