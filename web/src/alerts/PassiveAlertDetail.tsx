// What a passive-seal alert is about and what the officer should do: the seals not applied when
// the trip left, the seal read against the ones on the note, where and how it was read.
import type { Alert } from '../api/types.ts';
import { localName } from '../format/names.ts';
import { useI18n } from '../i18n/index.tsx';

const PASSIVE_TYPES = new Set(['departed_unsealed', 'seal_mismatch', 'seal_read_elsewhere']);

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Whether the alert comes from a passive seal (a read, or a trip left unsealed). */
export function isPassiveAlert(a: Alert): boolean {
  return PASSIVE_TYPES.has(a.alertType) || (a.alertType === 'seal_tamper' && str(a.detail.readId) !== null);
}

export function PassiveAlertDetail({ alert }: { alert: Alert }) {
  const { t, td, lang } = useI18n();
  if (!isPassiveAlert(alert)) return null;
  const d = alert.detail;
  const seal = str(d.sealNo) ?? str(d.sealId);
  const facility = str(d.facility);
  const facilityName = str(d.facilityName);
  const event = str(d.event);
  const reader = str(d.reader);
  const unsealed = list(d.sealNos);
  const expected = list(d.expectedSealNos);
  return (
    <div className="passive-alert" data-testid="passive-alert-detail">
      <dl className="facts">
        {alert.alertType === 'departed_unsealed' && unsealed.length > 0 && (
          <>
            <dt>{t('alertDetail.unsealed')}</dt>
            <dd>{unsealed.join(', ')}</dd>
          </>
        )}
        {seal && (
          <>
            <dt>{alert.alertType === 'seal_mismatch' ? t('alertDetail.found') : t('alertDetail.seal')}</dt>
            <dd className="plate">{seal}</dd>
          </>
        )}
        {expected.length > 0 && (
          <>
            <dt>{t('alertDetail.expected')}</dt>
            <dd className="plate">{expected.join(', ')}</dd>
          </>
        )}
        {facility && (
          <>
            <dt>{t('alertDetail.facility')}</dt>
            <dd>{`${facilityName ? localName(facilityName, lang) : ''} ${facility}`.trim()}</dd>
          </>
        )}
        {event && (
          <>
            <dt>{t('alertDetail.event')}</dt>
            <dd>
              {td('sealEvent', event)}
              {reader ? ` · ${td('reader', reader)}` : ''}
              {str(d.by) ? ` · ${str(d.by)}` : ''}
            </dd>
          </>
        )}
      </dl>
      <p className="alert-action-hint" data-testid="alert-action-hint">
        <strong>{t('alertDetail.action')}</strong>
        {td('alertAction', alert.alertType)}
      </p>
    </div>
  );
}
