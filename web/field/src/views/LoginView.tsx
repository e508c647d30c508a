import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';

export function LoginView({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/login', { username, password });
      onDone();
    } catch (err) {
      setError((err as ApiError).status === 0 ? t('error.network') : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="login">
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
      <button className="primary" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}
