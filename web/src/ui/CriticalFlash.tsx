// A full-screen red pulse for a critical alert: seen from across the room on the wall screen.
import type { Alert } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.ts';

export function CriticalFlash({ alert }: { alert: Alert | null }) {
  const { t, td } = useI18n();
  if (!alert) return null;
  return (
    <div className="critical-flash" role="alert" data-testid="critical-flash">
      <button type="button" className="critical-banner" onClick={() => navigate({ name: 'alerts' })}>
        <strong>{t('alerts.critical')}</strong> {td('alertType', alert.alertType)} · {alert.plate}
      </button>
    </div>
  );
}
