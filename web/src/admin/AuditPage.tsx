// The audit trail: who did what to which entity, when. Search by actor (username, name or id),
// action, entity and Taipei calendar days; newest first, a page at a time.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, asList } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { errorText } from './useList.ts';

interface Entry {
  id: number;
  at: string;
  actor: { kind: string; id: string; companyUbn: string | null; name?: string };
  action: string;
  resource: string;
  resourceId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}
interface Filters {
  actor: string;
  action: string;
  resource: string;
  resourceId: string;
  from: string;
  to: string;
}

const PAGE = 50;
const EMPTY: Filters = { actor: '', action: '', resource: '', resourceId: '', from: '', to: '' };
const ACTIONS = ['create', 'update', 'delete', 'revoke', 'disable', 'enable', 'reset_password', 'change_password', 'end_sessions', 'set_access', 'login', 'driver_login', 'driver_logout', 'test', 'unseal', 'offline_unseal', 'confirm', 'pair', 'rotate_secret'];
const RESOURCES = ['user', 'api_key', 'webhook', 'device', 'vehicle', 'seal', 'transport_note', 'route', 'facility', 'driver', 'case', 'ticket', 'settings', 'alert', 'session'];

/** A Taipei calendar day (yyyy-mm-dd) as the instant it starts, the next day's for an end. */
function taipeiDay(day: string, next = false): string {
  const start = new Date(`${day}T00:00:00+08:00`);
  return new Date(start.getTime() + (next ? 86_400_000 : 0)).toISOString();
}

function queryOf(f: Filters, before?: number): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.action) q.set('action', f.action);
  if (f.resource) q.set('resource', f.resource);
  if (f.resourceId.trim()) q.set('resourceId', f.resourceId.trim());
  if (f.from) q.set('from', taipeiDay(f.from));
  if (f.to) q.set('to', taipeiDay(f.to, true));
  if (before !== undefined) q.set('before', String(before));
  return q.toString();
}

export function AuditPage() {
  const { t, td, lang } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fetchPage = useCallback(async (f: Filters, before?: number) => {
    setBusy(true);
    setError(null);
    try {
      const page = asList<Entry>(await api.get(`/audit?${queryOf(f, before)}`));
      setEntries((old) => (before === undefined ? page : [...(old ?? []), ...page]));
      setMore(page.length === PAGE);
    } catch (err) {
      setError(errorText(err, lang));
      if (before === undefined) setEntries([]);
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => void fetchPage(filters), [filters, fetchPage]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const name = (prefix: string, code: string) => <Code prefix={prefix} code={code} />;

  return (
    <div className="page page-admin" data-testid="audit-page">
      <div className="panel-head">
        <h2>{t('audit.title')}</h2>
        <span className="muted">{t('audit.tz')}</span>
      </div>
      <form className="admin-form" onSubmit={submit} data-testid="audit-form">
        <label>
          {t('audit.actor')}
          <input name="actor" value={draft.actor} onChange={set('actor')} placeholder={t('audit.actorHint')} maxLength={100} />
        </label>
        <label>
          {t('audit.action')}
          <select name="action" value={draft.action} onChange={set('action')}>
            <option value="">{t('audit.any')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {td('audit.act', a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.entity')}
          <select name="resource" value={draft.resource} onChange={set('resource')}>
            <option value="">{t('audit.any')}</option>
            {RESOURCES.map((r) => (
              <option key={r} value={r}>
                {td('audit.res', r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.entityId')}
          <input name="resourceId" value={draft.resourceId} onChange={set('resourceId')} maxLength={100} />
        </label>
        <label>
          {t('audit.from')}
          <input name="from" type="date" value={draft.from} onChange={set('from')} />
        </label>
        <label>
          {t('audit.to')}
          <input name="to" type="date" value={draft.to} min={draft.from || undefined} onChange={set('to')} />
        </label>
        <div className="modal-actions">
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            {t('audit.clear')}
          </button>
          <button type="submit" className="primary" data-testid="audit-search">
            {t('audit.search')}
          </button>
        </div>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {entries === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty" data-testid="audit-empty">{t('audit.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="grid">
            <thead>
              <tr>
                <th>{t('audit.at')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.entity')}</th>
                <th>{t('audit.ip')}</th>
                <th>{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action} data-resource={e.resource} data-actor={e.actor.id}>
                  <td>{formatDateTime(e.at, lang)}</td>
                  <td>
                    {name('audit.kind', e.actor.kind)}{' '}
                    {e.actor.name ? <span data-value="">{e.actor.name}</span> : <span className="mono" translate="no">{e.actor.id}</span>}
                  </td>
                  <td>{name('audit.act', e.action)}</td>
                  <td>
                    {name('audit.res', e.resource)} {e.resourceId && <span className="mono" translate="no">{e.resourceId}</span>}
                  </td>
                  <td className="mono" translate="no">{e.ip ?? ''}</td>
                  <td>
                    {(e.before != null || e.after != null) && (
                      <details>
                        <summary>{t('audit.details')}</summary>
                        <pre className="audit-json" translate="no">{JSON.stringify({ before: e.before ?? undefined, after: e.after ?? undefined }, null, 1)}</pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries && entries.length > 0 &&
        (more ? (
          <button type="button" className="small" disabled={busy} data-testid="audit-more" onClick={() => void fetchPage(filters, entries[entries.length - 1].id)}>
            {t('audit.more')}
          </button>
        ) : (
          <p className="muted" data-testid="audit-end">{t('audit.end')}</p>
        ))}
    </div>
  );
}

/** A server code by its translated name, or as the code itself (marked as data) where it has none. */
function Code({ prefix, code }: { prefix: string; code: string }) {
  const { td } = useI18n();
  const text = td(prefix, code);
  return text === code ? (
    <span className="mono" translate="no">
      {code}
    </span>
  ) : (
    <span>{text}</span>
  );
}
