// The customs side of the portal: the review queue of the trade's applications (accounts, fleet
// registrations, device type approvals, and the offline-unseal permission), each taken up and
// decided with a note the applicant sees; and, for a customs admin, what the portal's home
// publishes (announcements and downloads). The server audits every decision and publication.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../shared/time.ts';
import { api } from '../api/client.ts';
import { apiErrorText } from '../../shared/errors.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useSession } from '../session/session.tsx';

interface QueueItem {
  id: string;
  kind: 'account' | 'fleet' | 'type_approval' | 'offline_unseal';
  company: string;
  subject: string;
  details: Record<string, unknown>;
  status: string;
  note: string | null;
  createdAt: string;
}
interface PortalApp { id: string; kind: QueueItem['kind']; companyUbn: string; companyName: string | null; subject: string; details: Record<string, unknown>; status: string; decisionNote: string | null; createdAt: string }
interface OfflineApp { id: string; companyUbn: string; name: string | null; username: string | null; reason: string | null; status: string; decisionNote: string | null; createdAt: string }
interface Announcement { id: string; kind: string; category: string | null; title: string; publishedAt: string; file: { name: string } | null }

const PANEL = { background: 'var(--panel)', border: '1px solid var(--line)', borderRadius: 'var(--radius)', marginBottom: '1em', paddingBottom: '0.8em' } as const;
const OPEN = new Set(['submitted', 'in_review', 'pending']);

function ReviewQueue() {
  const { t, td, lang } = useI18n();
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [onlyOpen, setOnlyOpen] = useState(true);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const [portal, offline] = await Promise.all([
      api.get<PortalApp[]>('/portal/applications').catch(() => []),
      api.get<OfflineApp[]>('/offline-unseal/applications').catch(() => []),
    ]);
    setItems([
      ...portal.map((a): QueueItem => ({ id: a.id, kind: a.kind, company: `${a.companyName ?? ''} ${a.companyUbn}`, subject: a.subject, details: a.details, status: a.status, note: a.decisionNote, createdAt: a.createdAt })),
      ...offline.map((a): QueueItem => ({ id: a.id, kind: 'offline_unseal', company: a.companyUbn, subject: `${a.name ?? ''} (${a.username ?? ''})`, details: a.reason ? { reason: a.reason } : {}, status: a.status, note: a.decisionNote, createdAt: a.createdAt })),
    ].sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (item: QueueItem, decision: 'in_review' | 'approved' | 'rejected') => {
    setError(null);
    setMessage(null);
    const note = notes[item.id]?.trim() || undefined;
    try {
      if (item.kind === 'offline_unseal') {
        if (decision === 'in_review') return;
        await api.post(`/offline-unseal/applications/${encodeURIComponent(item.id)}/${decision === 'approved' ? 'approve' : 'reject'}`, note ? { note } : {});
      } else {
        await api.post(`/portal/applications/${encodeURIComponent(item.id)}/decision`, { decision, ...(note ? { note } : {}) });
      }
      setMessage(t('portal.decided', { id: item.id, status: td('portal.status', decision) }));
      await load();
    } catch (err) {
      setError(apiErrorText(err, lang));
    }
  };

  const shown = (items ?? []).filter((i) => !onlyOpen || OPEN.has(i.status));
  return (
    <section className="panel" style={PANEL} data-testid="review-queue">
      <div className="panel-head">
        <h2>{t('portal.queue')}</h2>
        <label className="muted">
          <input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} /> {t('portal.filter.open')}
        </label>
      </div>
      {message && <p className="notice" role="status">{message}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {items === null ? <p className="empty">{t('common.loading')}</p> : shown.length === 0 ? <p className="empty">{t('portal.queue.none')}</p> : null}
      {shown.length > 0 && (
      <table className="grid">
        <thead><tr><th>{t('portal.filed')}</th><th>{t('portal.company')}</th><th /><th /><th>{t('portal.note')}</th><th /></tr></thead>
        <tbody>
          {shown.map((i) => (
            <tr key={i.id} data-testid={`review-${i.id}`}>
              <td className="muted">{formatDateTime(i.createdAt, lang)}</td>
              <td>{i.company}</td>
              <td>
                <strong>{td('portal.kind', i.kind)}</strong>
                <div>{i.subject}</div>
                <div className="muted" style={{ fontSize: '0.85em' }}>{Object.entries(i.details).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(' · ')}</div>
              </td>
              <td data-testid="status">{td('portal.status', i.status)}</td>
              <td>
                {OPEN.has(i.status) ? (
                  <input aria-label={t('portal.note')} value={notes[i.id] ?? ''} onChange={(e) => setNotes({ ...notes, [i.id]: e.target.value })} />
                ) : (
                  i.note
                )}
              </td>
              <td style={{ whiteSpace: 'nowrap' }}>
                {OPEN.has(i.status) && (
                  <>
                    {i.status === 'submitted' && <button type="button" onClick={() => void decide(i, 'in_review')}>{t('portal.takeUp')}</button>}{' '}
                    <button type="button" className="primary" data-testid="approve" onClick={() => void decide(i, 'approved')}>{t('portal.approve')}</button>{' '}
                    <button type="button" data-testid="reject" onClick={() => void decide(i, 'rejected')}>{t('portal.reject')}</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
    </section>
  );
}

const CATEGORIES = ['manual', 'device_spec', 'interface_doc', 'other'] as const;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function Publish() {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Announcement[]>([]);
  const [kind, setKind] = useState<'news' | 'download'>('news');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('manual');
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.get<Announcement[]>('/portal/announcements').then(setItems, () => undefined);
  }, []);
  useEffect(load, [load]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const payload = kind === 'download' && file
        ? { kind, title, body, category, file: { name: file.name, contentType: file.type || 'application/octet-stream', base64: await readBase64(file) } }
        : { kind, title, body, ...(kind === 'download' ? { category } : {}) };
      await api.post('/portal/announcements', payload);
      setMessage(t('portal.published', { title }));
      setTitle('');
      setBody('');
      setFile(null);
      load();
    } catch (err) {
      setError(apiErrorText(err, lang));
    }
  };
  const withdraw = async (a: Announcement) => {
    await api.del(`/portal/announcements/${encodeURIComponent(a.id)}`).catch((err) => setError(apiErrorText(err, lang)));
    load();
  };
  return (
    <section className="panel" style={PANEL} data-testid="publish">
      <div className="panel-head"><h2>{t('portal.publish')}</h2></div>
      <form className="form" onSubmit={submit} style={{ display: 'grid', gap: '0.5em', padding: '0 0.9em', maxWidth: 640 }}>
        <select value={kind} onChange={(e) => setKind(e.target.value as 'news' | 'download')} aria-label={`${t('portal.kindNews')}／${t('portal.kindDownload')}`}>
          <option value="news">{t('portal.kindNews')}</option>
          <option value="download">{t('portal.kindDownload')}</option>
        </select>
        <label>{t('portal.title')} <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required style={{ width: '100%' }} /></label>
        <label>{t('portal.body')} <textarea name="body" value={body} onChange={(e) => setBody(e.target.value)} rows={3} style={{ width: '100%' }} /></label>
        {kind === 'download' && (
          <>
            <label>
              {t('portal.category')}{' '}
              <select value={category} onChange={(e) => setCategory(e.target.value as (typeof CATEGORIES)[number])}>
                {CATEGORIES.map((c) => <option key={c} value={c}>{t(`portal.cat.${c}` as MessageKey)}</option>)}
              </select>
            </label>
            <label>{t('portal.file')} <input type="file" name="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
          </>
        )}
        {message && <p className="notice" role="status">{message}</p>}
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary">{t('portal.publishNow')}</button>
      </form>
      <h4 style={{ padding: '0 0.9em' }}>{t('portal.current')}</h4>
      <ul data-testid="published">
        {items.map((a) => (
          <li key={a.id}>
            {a.title} <span className="muted">{a.file?.name ?? ''} {formatDateTime(a.publishedAt, lang)}</span>{' '}
            <button type="button" onClick={() => void withdraw(a)}>{t('portal.withdraw')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PortalReviewPage() {
  const { user } = useSession();
  return (
    <div className="page page-portal" data-testid="portal-page">
      <ReviewQueue />
      {user?.roles.includes('customs_admin') && <Publish />}
    </div>
  );
}
