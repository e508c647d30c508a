// A trader's containers by declaration number (GET /declarations/{no}, CONTRACT section 9): the
// clearance and each container's status and last event, newest trip state first; and the
// declarations it follows, to be told of changes.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../../shared/time.ts';
import { api, ApiError, messageOf, type Declaration } from '../api.ts';
import { useI18n } from '../i18n.ts';

interface Timeline { containerNo: string; timeline: { at: string; phase: string; kind: string; facility: string | null; facilityName: string | null }[] }

/** One container's timeline, loaded when it is opened. */
function ContainerTimeline({ declarationNo, containerNo }: { declarationNo: string; containerNo: string }) {
  const { td, lang } = useI18n();
  const [data, setData] = useState<Timeline | null>(null);
  useEffect(() => {
    api.get<Timeline>(`/portal/declarations/${encodeURIComponent(declarationNo)}/containers/${encodeURIComponent(containerNo)}`).then(setData, () => undefined);
  }, [declarationNo, containerNo]);
  if (!data) return null;
  return (
    <ol className="steps small" data-testid={`timeline-${containerNo}`}>
      {[...data.timeline].reverse().map((e, i) => (
        <li key={i}>
          <strong>{td('event', e.kind)}</strong> {e.facilityName ?? e.facility ?? ''} <span className="muted">{formatDateTime(e.at, lang)}</span>
        </li>
      ))}
    </ol>
  );
}

export function TraderView() {
  const { t, td, lang } = useI18n();
  const [no, setNo] = useState('');
  const [decl, setDecl] = useState<Declaration | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [following, setFollowing] = useState<{ declarationNo: string }[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const loadFollowing = useCallback(() => {
    api.get<{ declarationNo: string }[]>('/portal/subscriptions').then(setFollowing, () => undefined);
  }, []);
  useEffect(loadFollowing, [loadFollowing]);

  const look = async (value: string) => {
    setError(null);
    setMissing(false);
    setDecl(null);
    setOpen(null);
    try {
      setDecl(await api.get<Declaration>(`/declarations/${encodeURIComponent(value.trim().toUpperCase())}`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setMissing(true);
      else setError(messageOf(err));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void look(no);
  };
  const followed = decl && following.some((f) => f.declarationNo === decl.declarationNo);
  const toggle = async () => {
    if (!decl) return;
    try {
      if (followed) await api.del(`/portal/subscriptions/${encodeURIComponent(decl.declarationNo)}`);
      else await api.post('/portal/subscriptions', { declarationNo: decl.declarationNo });
      loadFollowing();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="grid">
      <div>
        <form className="card form" onSubmit={submit} data-testid="declaration-form">
          <h1>{t('trader.title')}</h1>
          <label>{t('trader.declarationNo')}<input name="declarationNo" value={no} onChange={(e) => setNo(e.target.value)} required /></label>
          <button className="primary" type="submit">{t('trader.search')}</button>
        </form>
        {missing && <p className="card empty" data-testid="declaration-missing">{t('trader.notFound')}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        {decl && (
          <section className="card" data-testid="declaration">
            <div className="row" style={{ alignItems: 'center' }}>
              <h1 className="mono">{decl.declarationNo}</h1>
              <button className={followed ? 'secondary' : 'primary'} onClick={toggle} data-testid="follow">{t(followed ? 'trader.unfollow' : 'trader.follow')}</button>
            </div>
            {decl.clearance && (
              <p>{t('trader.clearance')}：<span className={`badge ${decl.clearance.status === 'released' ? 'ok' : ''}`}>{td('clearance', decl.clearance.status)}</span> <span className="small muted">{formatDateTime(decl.clearance.statusAt, lang)}</span></p>
            )}
            <ol className="steps" data-testid="timeline">
              {decl.containers.map((c) => (
                <li key={c.containerNo}>
                  <button className="link mono" style={{ color: 'var(--navy)', fontWeight: 700 }} data-testid={`container-${c.containerNo}`} onClick={() => setOpen(open === c.containerNo ? null : c.containerNo)}>
                    {c.containerNo}
                  </button>{' '}
                  <span className="badge">{td('move', c.status)}</span>
                  <div className="small muted">
                    {c.lastEventAt && <>{t('trader.lastEvent')} {formatDateTime(c.lastEventAt, lang)}</>}
                    {c.lastPosition && <> · {t('trader.position')} {c.lastPosition.lat.toFixed(4)}, {c.lastPosition.lon.toFixed(4)}</>}
                  </div>
                  {open === c.containerNo && <ContainerTimeline declarationNo={decl.declarationNo} containerNo={c.containerNo} />}
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
      <section className="card">
        <h1>{t('trader.following')}</h1>
        <ul className="list" data-testid="following">
          {following.map((f) => (
            <li key={f.declarationNo}>
              <button className="link" style={{ color: 'var(--navy)' }} onClick={() => { setNo(f.declarationNo); void look(f.declarationNo); }}>{f.declarationNo}</button>
            </li>
          ))}
        </ul>
        {following.length === 0 && <p className="empty">{t('home.none')}</p>}
      </section>
    </div>
  );
}
