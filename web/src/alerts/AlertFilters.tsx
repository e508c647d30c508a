// Filter bar of the alert queue.
import { ALERT_TYPES, SEVERITIES } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { soundEnabled, setSoundEnabled } from './alarm.ts';
import type { AlertFilter } from './sort.ts';
import { useState } from 'react';

export function AlertFilters({ filter, onChange }: { filter: AlertFilter; onChange: (f: AlertFilter) => void }) {
  const { t, td } = useI18n();
  const [sound, setSound] = useState(soundEnabled);
  return (
    <div className="alert-filters">
      <select aria-label={t('alerts.filter.status')} value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value as AlertFilter['status'] })}>
        {(['active', 'open', 'acknowledged', 'resolved'] as const).map((s) => (
          <option key={s} value={s}>
            {t(`alerts.status.${s}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('alerts.filter.severity')} value={filter.severity} onChange={(e) => onChange({ ...filter, severity: e.target.value as AlertFilter['severity'] })}>
        <option value="">{t('alerts.filter.severity')}: {t('common.all')}</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {td('severity', s)}
          </option>
        ))}
      </select>
      <select aria-label={t('alerts.filter.type')} value={filter.alertType} onChange={(e) => onChange({ ...filter, alertType: e.target.value as AlertFilter['alertType'] })}>
        <option value="">{t('alerts.filter.type')}: {t('common.all')}</option>
        {ALERT_TYPES.map((a) => (
          <option key={a} value={a}>
            {td('alertType', a)}
          </option>
        ))}
      </select>
      <input type="search" placeholder={t('alerts.filter.text')} value={filter.text} onChange={(e) => onChange({ ...filter, text: e.target.value })} />
      <button
        type="button"
        className={`ghost sound-toggle ${sound ? 'on' : 'off'}`}
        onClick={() => {
          setSoundEnabled(!sound);
          setSound(!sound);
        }}
      >
        {t('alerts.sound')}: {t(sound ? 'alerts.soundOn' : 'alerts.soundOff')}
      </button>
    </div>
  );
}
