// The console is the customs officers' (and the judicial readers' of referred cases). Anyone else
// who logs in here is told where their work is: drivers and responsible persons in the field app,
// companies in the portal. The session cookie is shared, so the link opens that app logged in.
import type { SessionUser } from '../../shared/api-types.ts';
import { useI18n } from '../i18n/index.tsx';
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx';

export const CONSOLE_ROLES = ['customs_admin', 'customs_officer', 'judicial'];
const FIELD_ROLES = ['driver', 'responsible_person'];
const PORTAL_ROLES = ['yard_operator', 'responsible_person', 'fleet_operator', 'driver', 'trader', 'supplier'];

export function admitted(user: Pick<SessionUser, 'roles'>): boolean {
  return user.roles.some((r) => CONSOLE_ROLES.includes(r));
}

export function WrongApp({ user, onLogout }: { user: SessionUser; onLogout: () => void }) {
  const { t, td } = useI18n();
  const field = user.roles.some((r) => FIELD_ROLES.includes(r));
  const portal = user.roles.some((r) => PORTAL_ROLES.includes(r)) || !field;
  return (
    <div className="login-page">
      <section className="gate-card" role="alert" data-testid="wrong-app">
        <h1>{t('gate.title')}</h1>
        <p>{t('gate.body', { roles: user.roles.map((r) => td('role', r)).join('、') })}</p>
        {field && (
          <a className="app-link" href="/field/" data-testid="go-field">
            {t('gate.field')}
            <span>{t('gate.fieldHint')}</span>
          </a>
        )}
        {portal && (
          <a className="app-link" href="/portal/" data-testid="go-portal">
            {t('gate.portal')}
            <span>{t('gate.portalHint')}</span>
          </a>
        )}
        <div className="modal-actions">
          <LanguageSwitch />
          <button type="button" className="ghost" onClick={onLogout}>
            {t('nav.logout')}
          </button>
        </div>
      </section>
    </div>
  );
}
