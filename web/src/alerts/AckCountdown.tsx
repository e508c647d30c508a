// Time left to acknowledge (default 3 minutes, the Kaohsiung target); turns red when it runs out.
import { useConfig } from '../api/config.tsx';
import type { Alert } from '../api/types.ts';
import { formatDuration } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';

export function AckCountdown({ alert, now }: { alert: Alert; now: number }) {
  const { t } = useI18n();
  const { ackTargetSeconds } = useConfig();
  if (alert.status !== 'open') return null;
  const left = (Date.parse(alert.openedAt) + ackTargetSeconds * 1000 - now) / 1000;
  const late = left < 0;
  const warn = !late && left < 60;
  const target = t('ah.target', { m: Math.round(ackTargetSeconds / 60) });
  // Said in words, not a bare clock: a newcomer reads what the number counts down to.
  return (
    <span className={`countdown ${late ? 'late' : warn ? 'warn' : ''}`} title={t('alerts.countdown')} data-testid="ack-countdown">
      {late ? t('ah.late', { t: formatDuration(-left), target }) : t('ah.left', { t: formatDuration(left), target })}
    </span>
  );
}
