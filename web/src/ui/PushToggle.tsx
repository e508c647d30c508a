// "Push notifications: on/off" for this browser: officers get new critical alerts even when the
// console is in the background (their rules: GET/PUT /notifications/preferences).
import { has } from '../api/capabilities.ts';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { usePush } from '../../shared/push.ts';

export function PushToggle() {
  const { t } = useI18n();
  const { state, failed, toggle } = usePush(api, '/sw.js', '/');
  if (!has('/notifications/push/subscriptions') || state === 'unsupported') return null;
  if (state === 'denied') return <span className="notice" data-testid="push-toggle" data-state="denied">{t('push.denied')}</span>;
  return (
    <>
      <button type="button" className="ghost" data-testid="push-toggle" data-state={state ?? 'busy'} title={t('push.hint')} aria-pressed={state === 'on'} disabled={state === null} onClick={toggle}>
        {t(state === 'on' ? 'push.on' : 'push.off')}
      </button>
      {failed && <span className="notice" role="alert">{t('push.failed')}</span>}
    </>
  );
}
