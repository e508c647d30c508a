// The login form: customs officers sign in with their account and password.
import { useLoginForm } from '../../shared/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx';
import { useSession } from './session.tsx';

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const { username, setUsername, password, setPassword, error, busy, submit } = useLoginForm(login, (failure, err) =>
    failure === 'failed' ? t('login.failed') : failure === 'throttled' ? t('login.throttled') : err instanceof Error ? err.message : t('common.error'),
  );

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit} aria-label={t('login.title')}>
        <div className="login-brand">
          <span className="brand-mark">SW</span>
          <div>
            <h1>{t('app.title')}</h1>
            <p className="muted">{t('app.product')}</p>
          </div>
        </div>
        <h2>{t('login.title')}</h2>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </div>
  );
}
