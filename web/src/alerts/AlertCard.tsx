// One alert in the queue: what, which vehicle and container, where, how long ago, time left to
// acknowledge; opens to the actions (assign, notes, resolve).
import { useEffect, useState } from 'react';
import type { Alert } from '../api/types.ts';
import { formatDuration, formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';
import { Place } from '../ui/Place.tsx';
import { AckCountdown } from './AckCountdown.tsx';
import { AlertActions } from './AlertActions.tsx';
import { AlertHandling } from './AlertHandling.tsx';
import { PassiveAlertDetail } from './PassiveAlertDetail.tsx';
import { alertActions, loadAlertDetail } from './actions.ts';
import { useActorName } from '../api/users.ts';
import { liveStore } from '../live/store.ts';
import { useAsyncAction } from '../ui/useAsyncAction.ts';

export function AlertCard({ alert, now, selected, onSelect }: { alert: Alert; now: number; selected?: boolean; onSelect?: (on: boolean) => void }) {
  const { t, td, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const ack = useAsyncAction(() => alertActions.acknowledge(alert.id));
  const actorName = useActorName();
  useEffect(() => {
    // Opening a card reads its history: notes and who did what.
    if (open) loadAlertDetail(alert.id).catch(() => undefined);
  }, [open, alert.id]);
  const age = (now - Date.parse(alert.openedAt)) / 1000;
  const containers = liveStore.alertContainers(alert);
  return (
    <li className={`alert-card sev-${alert.severity} status-${alert.status}${alert.clearedAt ? ' cleared' : ''}`} data-testid="alert-card" data-alert-id={alert.id} data-alert-type={alert.alertType} data-status={alert.status}>
      <div className="alert-head" onClick={() => setOpen(!open)} role="button" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && setOpen(!open)}>
        {onSelect && (
          <input
            type="checkbox"
            className="alert-select"
            data-testid="alert-select"
            aria-label={t('ah.select')}
            checked={!!selected}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => onSelect(e.target.checked)}
          />
        )}
        <span className={`sev-chip sev-${alert.severity}`}>{td('severity', alert.severity)}</span>
        <span className="alert-type">{td('alertType', alert.alertType)}</span>
        <span className="plate">{alert.plate || '—'}</span>
        <span className="container-no" data-testid="alert-containers">{containers.join(', ') || alert.cnNos.join(', ')}</span>
        <span className="place">
          <Place lat={alert.lat} lon={alert.lon} />
        </span>
        <span className="age" title={formatDateTime(alert.openedAt, lang)} data-testid="alert-age">
          {t('ah.age', { t: formatDuration(age) })}
        </span>
        <AckCountdown alert={alert} now={now} />
        {alert.status === 'open' && (
          <button
            type="button"
            className="primary small"
            data-testid="ack-button"
            disabled={ack.busy}
            onClick={(e) => {
              e.stopPropagation();
              void ack.run();
            }}
          >
            {t('alerts.ack')}
          </button>
        )}
        {alert.status === 'acknowledged' && <span className="status-chip">{t('alerts.acked')}</span>}
        {alert.status === 'resolved' && <span className="status-chip">{alert.resolution ? td('resolution', alert.resolution) : t('alerts.resolved')}</span>}
        {alert.clearedAt && <span className="status-chip cleared">{t('alerts.cleared')}</span>}
      </div>
      {ack.error && <p className="form-error">{ack.error}</p>}
      {open && (
        <div className="alert-body">
          <dl className="facts">
            <dt>{t('alerts.container')}</dt>
            <dd>{containers.join(', ') || '—'}</dd>
            <dt>CN</dt>
            <dd>{alert.cnNos.join(', ') || '—'}</dd>
            <dt>{t('alerts.age')}</dt>
            <dd>{formatDateTime(alert.openedAt, lang)}</dd>
            {alert.acknowledgedAt && (
              <>
                <dt>{t('alerts.acked')}</dt>
                <dd>{t('alerts.ackedBy', { who: actorName(alert.acknowledgedBy), at: formatDateTime(alert.acknowledgedAt, lang) })}</dd>
              </>
            )}
            {alert.assignee && (
              <>
                <dt>{t('alerts.assignee')}</dt>
                <dd>{actorName(alert.assignee)}</dd>
              </>
            )}
          </dl>
          <AlertHandling alert={alert} />
          <PassiveAlertDetail alert={alert} />
          {alert.tripId && (
            <button type="button" className="link" data-testid="open-trip" onClick={() => navigate({ name: 'trip', tripId: alert.tripId! })}>
              {t('alerts.openTrip')} →
            </button>
          )}
          <AlertActions alert={alert} />
        </div>
      )}
    </li>
  );
}
