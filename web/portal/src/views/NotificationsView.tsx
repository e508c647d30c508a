// A person's notification settings (GET/PUT /notifications/preferences): where mail goes and which
// news they want (alerts, application decisions, declaration changes) by mail and push. Each kind
// keeps the filters of the rule it had (the defaults for the person's roles until they save).
// Shown only where the server offers notifications.
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api.ts';
import { useI18n } from '../i18n.ts';

const KINDS = ['alert', 'application_decided', 'declaration_changed'] as const;
type Kind = (typeof KINDS)[number];
type Channel = 'email' | 'push';
interface Rule { kind: Kind; channels: Channel[]; [filter: string]: unknown }
interface Preferences { email: string | null; rules: Rule[] | null; defaultRules: Rule[]; mailEnabled: boolean }

/** Whether this server offers notification settings (its OpenAPI document names them). */
export async function offersNotifications(): Promise<boolean> {
  const doc = await fetch('/api/openapi.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  return !!doc?.paths?.['/api/v1/notifications/preferences'];
}

export function NotificationsView() {
  const { t, td } = useI18n();
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState<Record<Kind, Channel[]>>({ alert: [], application_decided: [], declaration_changed: [] });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = (p: Preferences) => {
    setPrefs(p);
    setEmail(p.email ?? '');
    const rules = p.rules ?? p.defaultRules;
    setChosen(Object.fromEntries(KINDS.map((k) => [k, rules.find((r) => r.kind === k)?.channels ?? []])) as Record<Kind, Channel[]>);
  };
  useEffect(() => {
    api.get<Preferences>('/notifications/preferences').then(show, (e) => setError(messageOf(e)));
  }, []);
  const toggle = (k: Kind, c: Channel, on: boolean) => setChosen({ ...chosen, [k]: on ? [...chosen[k], c] : chosen[k].filter((x) => x !== c) });
  const save = async (reset: boolean) => {
    if (!prefs) return;
    setError(null);
    setMessage(null);
    const base = prefs.rules ?? prefs.defaultRules;
    const rules = KINDS.filter((k) => chosen[k].length > 0).map((k) => ({ ...(base.find((r) => r.kind === k) ?? { kind: k }), channels: chosen[k] }));
    try {
      await api.put('/notifications/preferences', { email: email.trim() || null, rules: reset ? null : rules });
      show(await api.get<Preferences>('/notifications/preferences'));
      setMessage(t('notify.saved'));
    } catch (err) {
      setError(messageOf(err));
    }
  };
  if (!prefs) return error ? <p className="error">{error}</p> : <p className="muted">{t('common.loading')}</p>;
  return (
    <form className="card form" data-testid="notifications" onSubmit={(e) => { e.preventDefault(); void save(false); }} style={{ maxWidth: 560 }}>
      <h1>{t('notify.title')}</h1>
      <label>
        {t('notify.email')}
        <input type="email" name="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      {!prefs.mailEnabled && <p className="muted small">{t('notify.mailOff')}</p>}
      <table>
        <thead><tr><th /><th>{t('notify.channel.email')}</th><th>{t('notify.channel.push')}</th></tr></thead>
        <tbody>
          {KINDS.map((k) => (
            <tr key={k}>
              <td>{td('notify.kind', k)}</td>
              {(['email', 'push'] as const).map((c) => (
                <td key={c}><input type="checkbox" aria-label={`${td('notify.kind', k)} ${c === 'email' ? t('notify.channel.email') : t('notify.channel.push')}`} checked={chosen[k].includes(c)} onChange={(e) => toggle(k, c, e.target.checked)} /></td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {message && <p className="notice" role="status">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row">
        <button className="primary" type="submit">{t('notify.save')}</button>
        <button className="secondary" type="button" onClick={() => void save(true)}>{t('notify.defaults')}</button>
      </div>
    </form>
  );
}
