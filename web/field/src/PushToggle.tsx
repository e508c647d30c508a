// "Alerts: on/off" in the bar: this phone gets the person's notifications (the alerts of their
// trips, decisions) pushed, even with the app closed.
import { usePush } from '../../shared/push.ts';
import { api } from './api.ts';
import { useI18n } from './i18n.ts';

export function PushToggle() {
  const { t } = useI18n();
  const { state, failed, toggle } = usePush(api, '/field/sw.js', '/field/');
  if (state === 'unsupported') return null;
  if (state === 'denied') return <span className="push-note" data-testid="push-toggle" data-state="denied">{t('push.denied')}</span>;
  return (
    <button className="link" data-testid="push-toggle" data-state={state ?? 'busy'} aria-pressed={state === 'on'} disabled={state === null} onClick={toggle}>
      {t(failed ? 'push.failed' : state === 'on' ? 'push.on' : 'push.off')}
    </button>
  );
}
