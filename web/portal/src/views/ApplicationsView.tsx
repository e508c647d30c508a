// Applications and their status (申辦案件進度查詢): every application of the caller's company
// with each step and the customs note, an account or permission request, and, for a responsible
// person, the offline-unseal permission.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../../shared/time.ts';
import { api, messageOf, type Application, type Me } from '../api.ts';
import { useI18n } from '../i18n.ts';

const REQUESTABLE = ['yard_operator', 'responsible_person', 'fleet_operator', 'driver', 'trader', 'supplier'];

export function ApplicationList({ kind, reload }: { kind?: Application['kind']; reload?: number }) {
  const { t, td, lang } = useI18n();
  const [apps, setApps] = useState<Application[] | null>(null);
  useEffect(() => {
    api.get<Application[]>(`/portal/applications${kind ? `?kind=${kind}` : ''}`).then(setApps, () => setApps([]));
  }, [kind, reload]);
  if (apps === null) return <p className="muted">{t('common.loading')}</p>;
  if (apps.length === 0) return <p className="empty">{t('apps.none')}</p>;
  return (
    <ul className="list" data-testid="applications">
      {apps.map((a) => (
        <li key={a.id} data-testid={`application-${a.id}`}>
          <div className="row" style={{ alignItems: 'center' }}>
            <strong>{td('app.kind', a.kind)}</strong>
            <span className="mono small">{a.subject}</span>
            <span className={`badge ${a.status}`} data-testid="status">{td('app.status', a.status)}</span>
          </div>
          <ol className="steps">
            {a.steps.map((s, i) => (
              <li key={i}>
                {td('app.status', s.status)} <span className="muted small">{formatDateTime(s.at, lang)}</span>
                {s.note && <div className="small">{t('apps.note')}：{s.note}</div>}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}

interface OfflineApp { id: string; status: string; decisionNote: string | null; createdAt: string }

function OfflineUnseal() {
  const { t, td, lang } = useI18n();
  const [apps, setApps] = useState<OfflineApp[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.get<OfflineApp[]>('/offline-unseal/applications').then(setApps, () => undefined);
  }, []);
  useEffect(load, [load]);
  const apply = () => api.post('/offline-unseal/applications', {}).then(load, (e) => setError(messageOf(e)));
  return (
    <section className="card">
      <h1>{t('apps.offline')}</h1>
      <p className="muted small">{t('apps.offline.hint')}</p>
      <ul className="list">
        {apps.map((a) => (
          <li key={a.id}>
            <span className={`badge ${a.status}`}>{td('app.status', a.status === 'pending' ? 'submitted' : a.status)}</span>{' '}
            <span className="small muted">{formatDateTime(a.createdAt, lang)}</span> {a.decisionNote}
          </li>
        ))}
      </ul>
      {error && <p className="error">{error}</p>}
      <button className="secondary" onClick={apply}>{t('apps.offline.apply')}</button>
    </section>
  );
}

export function ApplicationsView({ me }: { me: Me }) {
  const { t, td } = useI18n();
  const [reload, setReload] = useState(0);
  const [form, setForm] = useState({ username: '', name: '', role: me.roles.find((r) => REQUESTABLE.includes(r)) ?? 'trader', nationalId: '', password: '', note: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const a = await api.post<Application>('/portal/applications', {
        kind: 'account', username: form.username, name: form.name, roles: [form.role], password: form.password,
        ...(form.nationalId ? { nationalId: form.nationalId } : {}), ...(form.note ? { note: form.note } : {}),
      });
      setMessage(t('apps.filed', { id: a.id }));
      setReload((n) => n + 1);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="grid">
      <section className="card">
        <h1>{t('apps.title')}</h1>
        <ApplicationList reload={reload} />
      </section>
      <div>
        <form className="card form" onSubmit={submit} data-testid="account-form">
          <h1>{t('apps.new.account')}</h1>
          <label>{t('apps.username')}<input value={form.username} onChange={set('username')} required /></label>
          <label>{t('apps.name')}<input value={form.name} onChange={set('name')} required /></label>
          <label>
            {t('apps.roles')}
            <select value={form.role} onChange={set('role')}>
              {REQUESTABLE.map((r) => <option key={r} value={r}>{td('role', r)}</option>)}
            </select>
          </label>
          {form.role === 'driver' && <label>{t('apps.nationalId')}<input value={form.nationalId} onChange={set('nationalId')} /></label>}
          <label>{t('apps.password')}<input type="password" autoComplete="new-password" value={form.password} onChange={set('password')} required /></label>
          <label>{t('apps.remark')}<textarea value={form.note} onChange={set('note')} /></label>
          {message && <p className="notice" role="status">{message}</p>}
          {error && <p className="error" role="alert">{error}</p>}
          <button className="primary" type="submit">{t('apps.submit')}</button>
        </form>
        {me.roles.includes('responsible_person') && <OfflineUnseal />}
      </div>
    </div>
  );
}
