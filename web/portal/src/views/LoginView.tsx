import { logIn, useLoginForm } from '../../../shared/session.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';

export function LoginView({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { username, setUsername, password, setPassword, error, busy, submit } = useLoginForm(
    async (user, pass) => {
      await logIn(api, user, pass);
      onDone();
    },
    (failure) => (failure === 'offline' ? t('error.network') : failure === 'throttled' ? t('login.throttled') : t('login.failed')),
  );
  return (
    <form className="card form" onSubmit={submit} data-testid="login" style={{ maxWidth: 420, margin: '0 auto' }}>
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.username')}
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button className="primary" type="submit" disabled={busy}>{t('login.submit')}</button>
    </form>
  );
}
