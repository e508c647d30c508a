// Webhook subscriptions: list, create (the signing secret is shown once), send a test event, delete,
// and each subscription's recent deliveries with their outcome.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, asList } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { FieldMessages, useFieldErrors } from '../reference/useFieldErrors.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { SecretOnce } from './SecretOnce.tsx';
import { errorText, useList } from './useList.ts';

const EVENTS = ['transportNote.incoming', 'transportNote.updated', 'transportNote.cancelled'];

interface Subscription {
  id: string;
  companyUbn: string;
  url: string;
  events: string[];
  facilities: string[];
  description?: string;
  createdAt: string;
}
interface Delivery {
  id: string;
  event: string;
  attempts: number;
  nextAttemptAt?: string;
  deliveredAt?: string;
  failedAt?: string;
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
}

export function WebhooksPage() {
  const { t, lang } = useI18n();
  const subs = useList<Subscription>('/webhooks');
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [bump, setBump] = useState(0);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setError(null);
    setMessage(null);
    try {
      await work();
      if (done) setMessage(done);
      subs.reload();
      // The open deliveries list follows what was just sent.
      setBump((n) => n + 1);
    } catch (err) {
      setError(errorText(err, lang));
    }
  };

  return (
    <div className="page page-admin" data-testid="webhooks-page">
      <div className="panel-head">
        <h2>{t('hooks.title')}</h2>
        <span className="muted">{t('users.audited')}</span>
        <button type="button" className="small primary" data-testid="hook-new" onClick={() => setCreating((c) => !c)}>
          {t('hooks.create')}
        </button>
      </div>
      {secret && <SecretOnce title={t('hooks.secretTitle')} note={t('hooks.secretNote')} secret={secret} onDone={() => setSecret(null)} />}
      {creating && (
        <NewHookForm
          onCreated={(s) => {
            setCreating(false);
            setSecret(s);
            subs.reload();
          }}
        />
      )}
      {message && <p className="notice" role="status">{message}</p>}
      {(error || subs.error) && <p className="form-error" role="alert">{error ?? subs.error}</p>}
      {subs.items === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : subs.items.length === 0 ? (
        <p className="empty">{t('hooks.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="grid">
            <thead>
              <tr>
                <th>{t('hooks.url')}</th>
                <th>{t('admin.company')}</th>
                <th>{t('hooks.events')}</th>
                <th>{t('hooks.description')}</th>
                <th>{t('keys.created')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {subs.items.map((s) => (
                <HookRow
                  key={s.id}
                  sub={s}
                  open={open === s.id}
                  bump={bump}
                  onToggle={() => setOpen(open === s.id ? null : s.id)}
                  onTest={() => void act(() => api.post(`/webhooks/${encodeURIComponent(s.id)}/test`), t('hooks.testQueued')).then(() => setOpen(s.id))}
                  onDelete={() => {
                    if (!confirm(t('hooks.confirmDelete', { url: s.url }))) return;
                    // Its deliveries go with it: close them before they are asked for again.
                    if (open === s.id) setOpen(null);
                    void act(() => api.del(`/webhooks/${encodeURIComponent(s.id)}`));
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function HookRow({ sub, open, bump, onToggle, onTest, onDelete }: { sub: Subscription; open: boolean; bump: number; onToggle: () => void; onTest: () => void; onDelete: () => void }) {
  const { t, td, lang } = useI18n();
  return (
    <>
      <tr data-testid="hook-row" data-hook={sub.id}>
        <td className="mono" translate="no">{sub.url}</td>
        <td className="mono" translate="no">{sub.companyUbn}</td>
        <td>{sub.events.map((e) => td('hooks.event', e)).join('、')}</td>
        <td data-value="">{sub.description ?? ''}</td>
        <td>{formatDateTime(sub.createdAt, lang)}</td>
        <td className="row-actions">
          <button type="button" className="small" data-testid="hook-deliveries" aria-expanded={open} onClick={onToggle}>
            {t('hooks.deliveries')}
          </button>
          <button type="button" className="small" data-testid="hook-test" onClick={onTest}>
            {t('hooks.test')}
          </button>
          <button type="button" className="small danger" data-testid="hook-delete" onClick={onDelete}>
            {t('hooks.delete')}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6}>
            <Deliveries id={sub.id} bump={bump} />
          </td>
        </tr>
      )}
    </>
  );
}

function Deliveries({ id, bump }: { id: string; bump: number }) {
  const { t, td, lang } = useI18n();
  const [list, setList] = useState<Delivery[] | null>(null);
  const load = useCallback(() => {
    api.get(`/webhooks/${encodeURIComponent(id)}/deliveries?limit=20`).then((r) => setList(asList<Delivery>(r)), () => setList([]));
  }, [id]);
  useEffect(load, [load, bump]);
  // Deliveries still under way are followed until they end.
  useEffect(() => {
    if (!list?.some((d) => !d.deliveredAt && !d.failedAt)) return;
    const timer = setTimeout(load, 3000);
    return () => clearTimeout(timer);
  }, [list, load]);
  if (list === null) return <p className="empty">{t('common.loading')}</p>;
  if (list.length === 0) return <p className="empty">{t('hooks.noDeliveries')}</p>;
  return (
    <ul className="timeline" data-testid="deliveries">
      {list.map((d) => {
        const state = d.deliveredAt ? 'ok' : d.failedAt ? 'bad' : 'wait';
        return (
          <li key={d.id} data-testid="delivery" data-state={state}>
            <time>{formatDateTime(d.createdAt, lang)}</time> {td('hooks.event', d.event)}{' '}
            <span className={`status-pill ${state}`}>{t(d.deliveredAt ? 'hooks.delivered' : d.failedAt ? 'hooks.failed' : 'hooks.pending')}</span>{' '}
            <span className="muted">
              {t('hooks.attempts', { n: d.attempts })}
              {d.lastStatus ? ` · ${t('hooks.status', { status: d.lastStatus })}` : ''}
            </span>
            {d.lastError && (
              <span className="muted" data-value="">
                {' '}
                · {d.lastError}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function NewHookForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const { t, td } = useI18n();
  const errors = useFieldErrors();
  const [url, setUrl] = useState('https://');
  const [events, setEvents] = useState<string[]>(EVENTS);
  const [description, setDescription] = useState('');
  const [companyUbn, setCompanyUbn] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await errors.submit(async () => {
      const body = { url, events, ...(description ? { description } : {}), ...(companyUbn ? { companyUbn } : {}) };
      onCreated((await api.post<{ secret: string }>('/webhooks', body)).secret);
    });
  };
  return (
    <form className="admin-form" onSubmit={submit} data-testid="hook-form">
      <label>
        {t('hooks.url')}
        <input name="url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2000} />
        <FieldMessages messages={errors.of('url')} />
      </label>
      <label>
        {t('hooks.company')}
        <input name="companyUbn" value={companyUbn} onChange={(e) => setCompanyUbn(e.target.value)} pattern="[0-9]{8}" maxLength={8} />
        <FieldMessages messages={errors.of('companyUbn')} />
      </label>
      <label>
        {t('hooks.description')}
        <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
      </label>
      <div className="role-picks" role="group" aria-label={t('hooks.events')}>
        {EVENTS.map((ev) => (
          <label key={ev}>
            <input type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))} />
            {td('hooks.event', ev)}
          </label>
        ))}
      </div>
      <FieldMessages messages={errors.of('events')} />
      {errors.general && <p className="form-error" role="alert">{errors.general}</p>}
      <button type="submit" className="primary" disabled={errors.busy || events.length === 0} data-testid="hook-submit">
        {t('admin.create')}
      </button>
    </form>
  );
}
