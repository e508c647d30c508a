// The trip's story in order: each state change, each alert (opened, acknowledged, resolved) and
// each seal read with its photo. Clicking an entry moves the replay to that moment.
import type { Alert, Trip } from '../api/types.ts';
import { localName } from '../format/names.ts';
import type { SealReadEntry } from './passive.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';

interface Entry {
  at: string;
  kind: 'state' | 'alert' | 'read';
  text: string;
  severity?: string;
  read?: SealReadEntry;
}

export function TripTimeline({ trip, alerts, reads = [], onPick }: { trip: Trip; alerts: Alert[]; reads?: SealReadEntry[]; onPick: (at: string) => void }) {
  const { t, td, lang } = useI18n();
  const entries: Entry[] = [];
  for (const h of trip.history) entries.push({ at: h.at, kind: 'state', text: td('tripState', h.state) });
  if (trip.history.length === 0) {
    if (trip.createdAt) entries.push({ at: trip.createdAt, kind: 'state', text: td('tripState', 'planned') });
    if (trip.departedAt) entries.push({ at: trip.departedAt, kind: 'state', text: td('tripState', 'in_transit') });
    if (trip.arrivedAt) entries.push({ at: trip.arrivedAt, kind: 'state', text: td('tripState', 'arrived') });
  }
  for (const a of alerts) {
    entries.push({ at: a.openedAt, kind: 'alert', text: `${td('alertType', a.alertType)} (${td('severity', a.severity)})`, severity: a.severity });
    if (a.acknowledgedAt) entries.push({ at: a.acknowledgedAt, kind: 'alert', text: `${t('alerts.acked')}: ${td('alertType', a.alertType)}` });
    if (a.resolvedAt) entries.push({ at: a.resolvedAt, kind: 'alert', text: `${t('alerts.resolved')}: ${a.resolution ? td('resolution', a.resolution) : ''}` });
  }
  for (const r of reads) {
    const where = [r.facilityName ? `${localName(r.facilityName, lang)} ${r.facility ?? ''}`.trim() : r.facility, r.containerNo, td('reader', r.reader), r.by].filter(Boolean).join(' · ');
    entries.push({ at: r.readAt, kind: 'read', text: `${t('read.entry', { event: td('sealEvent', r.event), seal: r.sealNo })} — ${where}`, read: r });
  }
  entries.sort((a, b) => a.at.localeCompare(b.at));
  if (entries.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <ol className="timeline" data-testid="trip-timeline">
      {entries.map((e, i) => (
        <li
          key={i}
          className={`ev-${e.kind}${e.severity ? ` sev-${e.severity}` : ''}${e.read ? ` read-${e.read.event}` : ''}`}
          data-testid={e.read ? 'timeline-read' : undefined}
          data-seal={e.read?.sealNo}
          data-event={e.read?.event}
        >
          <button type="button" className="link" onClick={() => onPick(e.at)}>
            <time>{formatDateTime(e.at, lang)}</time>
          </button>
          {e.text}
          {e.read?.late && <span className="status-chip"> {t('read.late')}</span>}
          {e.read?.photoUrl && (
            <a href={e.read.photoUrl} target="_blank" rel="noreferrer" className="read-photo">
              <img src={e.read.photoUrl} alt={t('read.photo', { seal: e.read.sealNo })} loading="lazy" data-testid="read-photo" />
            </a>
          )}
        </li>
      ))}
    </ol>
  );
}
