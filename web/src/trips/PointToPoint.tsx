// A passive-seal trip point to point: where its cargo was last read, where it must be read next
// and by when (time left, or how late), and each seal's state from its reads.
import { useReference } from '../api/reference.tsx';
import type { Trip } from '../api/types.ts';
import { formatDateTime, formatDuration } from '../../shared/time.ts';
import { localName } from '../format/names.ts';
import { useI18n } from '../i18n/index.tsx';
import { useNow } from '../ui/Clock.tsx';
import type { PointToPoint } from './passive.ts';

export function PointToPointPanel({ trip, p2p }: { trip: Trip; p2p: PointToPoint }) {
  const { t, td, lang } = useI18n();
  const { facilities } = useReference();
  const now = useNow(1000);
  const name = (code: string | null, fallback?: string | null) => {
    if (!code) return fallback ?? '—';
    const f = facilities.find((x) => x.code === code);
    return `${f ? localName(f.name, lang) : (fallback ?? '')} ${code}`.trim();
  };
  const due = p2p.next?.dueBy ? Date.parse(p2p.next.dueBy) : null;
  const late = due !== null && now > due && trip.state !== 'arrived' && trip.state !== 'closed';
  return (
    <div className="p2p" data-testid="p2p">
      <dl className="facts">
        <dt>{t('p2p.lastSeen')}</dt>
        <dd data-testid="p2p-last">
          {p2p.lastSeen ? (
            <>
              {name(p2p.lastSeen.facility)} · {formatDateTime(p2p.lastSeen.at, lang)} <span className="muted">({td('p2p.source', p2p.lastSeen.source)})</span>
            </>
          ) : (
            t('p2p.none')
          )}
        </dd>
        <dt>{t('p2p.next')}</dt>
        <dd data-testid="p2p-next">{p2p.next ? `${name(p2p.next.facility, p2p.next.name)} (${td('p2p.kind', p2p.next.kind)})` : t('p2p.noneLeft')}</dd>
        <dt>{t('p2p.dueBy')}</dt>
        <dd data-testid="p2p-due" data-late={late ? '1' : '0'}>
          {due === null ? (
            t('p2p.notDeparted')
          ) : (
            <>
              {formatDateTime(due, lang)}{' '}
              <span className={`status-chip ${late ? 'p2p-late' : ''}`}>
                {late ? t('p2p.late', { d: formatDuration((now - due) / 1000) }) : t('p2p.left', { d: formatDuration((due - now) / 1000) })}
              </span>
            </>
          )}
        </dd>
      </dl>
      <table className="grid" data-testid="p2p-seals">
        <thead>
          <tr>
            <th>{t('trip.seals')}</th>
            <th>{t('trip.container')}</th>
            <th>{t('trip.sealType')}</th>
            <th>{t('p2p.sealState')}</th>
          </tr>
        </thead>
        <tbody>
          {p2p.seals.map((s) => (
            <tr key={s.sealNo} data-seal={s.sealNo}>
              <td className="plate">{s.sealNo}</td>
              <td className="plate">{s.containerNo ?? '—'}</td>
              <td>{td('sealType', s.sealType)}</td>
              <td>
                {td('sealEvent', s.removed ? 'removed' : s.applied ? (s.lastRead?.event === 'checked' ? 'checked' : 'applied') : 'none')}
                {s.lastRead && <span className="muted"> · {name(s.lastRead.facility)} {formatDateTime(s.lastRead.readAt, lang)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
