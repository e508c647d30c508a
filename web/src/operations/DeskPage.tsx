// The service desk: new tickets (routed by the server to the desk or, after hours, the monitoring
// centre), the queue, and one ticket with its history: take it, reply, resolve it.
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useSession } from '../session/session.tsx';
import { hrefFor, navigate } from '../router.ts';
import { api, patch } from './ops-api.ts';

const CATEGORIES = ['system_anomaly', 'connection', 'cn_correction', 'find_truck', 'other'] as const;

interface Ticket {
  id: string;
  category: string;
  subject: string;
  body: string;
  cnNo: string | null;
  queue: 'desk' | 'monitoring';
  assignee: string | null;
  status: string;
  priority: string;
  slaDueAt: string;
  overdue: boolean;
  createdAt: string;
  history?: { at: string; actor: string; kind: string; data: any }[];
}

export function DeskPage({ id }: { id?: string }) {
  return id ? <TicketDetail id={id} /> : <TicketList />;
}

function TicketList() {
  const { t, lang } = useI18n();
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const [category, setCategory] = useState<string>('system_anomaly');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [cnNo, setCnNo] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.get<Ticket[]>('/tickets').then(setTickets, () => setTickets([]));
  }, []);
  return (
    <div className="page page-desk" data-testid="desk">
      <h2>{t('desk.title')}</h2>
      <p className="muted">{t('desk.hours')}</p>
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          api
            .post<Ticket>('/tickets', { category, subject, body, ...(cnNo ? { cnNo } : {}), priority: urgent ? 'urgent' : 'normal' })
            .then((tk) => navigate({ name: 'desk', id: tk.id }))
            .catch((err) => setError(err instanceof Error ? err.message : String(err)));
        }}
      >
        <h3>{t('desk.new')}</h3>
        <label>
          {t('desk.category')}
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="ticket-category">
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`desk.category.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('desk.subject')}
          <input value={subject} onChange={(e) => setSubject(e.target.value)} required maxLength={200} data-testid="ticket-subject" />
        </label>
        <label>
          {t('desk.body')}
          <textarea value={body} onChange={(e) => setBody(e.target.value)} required maxLength={8000} data-testid="ticket-body" />
        </label>
        <label>
          {t('desk.cnNo')}
          <input value={cnNo} onChange={(e) => setCnNo(e.target.value)} maxLength={40} />
        </label>
        <label>
          <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} /> {t('desk.urgent')}
        </label>
        {error && <p className="form-error">{error}</p>}
        <button type="submit" data-testid="ticket-submit">
          {t('desk.submit')}
        </button>
      </form>
      {tickets?.length === 0 && <p className="muted">{t('desk.none')}</p>}
      {!!tickets?.length && (
        <table className="grid card" data-testid="ticket-list">
          <tbody>
            {tickets.map((tk) => (
              <tr key={tk.id} className="clickable" onClick={() => navigate({ name: 'desk', id: tk.id })}>
                <td>
                  <a href={hrefFor({ name: 'desk', id: tk.id })}>{tk.subject}</a>
                </td>
                <td>{t(`desk.category.${tk.category}` as MessageKey)}</td>
                <td>{t(`desk.queue.${tk.queue}` as MessageKey)}</td>
                <td>{t(`desk.status.${tk.status}` as MessageKey)}</td>
                <td className={tk.overdue ? 'overdue' : ''}>
                  {formatDateTime(tk.slaDueAt, lang)}
                  {tk.overdue && ` · ${t('desk.overdue')}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function TicketDetail({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [tk, setTk] = useState<Ticket | null>(null);
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () => api.get<Ticket>(`/tickets/${encodeURIComponent(id)}`).then(setTk);
  useEffect(() => {
    void load().catch((err) => setError(String(err)));
  }, [id]);
  const change = (body: unknown) =>
    patch(`/tickets/${encodeURIComponent(id)}`, body)
      .then(load)
      .catch((err) => setError(err instanceof Error ? err.message : String(err)));
  if (!tk) return <div className="page">{error ? <p className="form-error">{error}</p> : t('common.loading')}</div>;
  return (
    <div className="page page-ticket" data-testid="ticket">
      <h2>
        {tk.subject} <span className="badge" data-testid="ticket-status">{t(`desk.status.${tk.status}` as MessageKey)}</span>
      </h2>
      <p>
        {t(`desk.category.${tk.category}` as MessageKey)} · {t(`desk.queue.${tk.queue}` as MessageKey)} · {t('desk.sla')} {formatDateTime(tk.slaDueAt, lang)}
        {tk.cnNo && ` · CN ${tk.cnNo}`}
      </p>
      <p className="card">{tk.body}</p>
      {error && <p className="form-error">{error}</p>}
      <div className="card">
        {!tk.assignee && user && (
          <button type="button" onClick={() => void change({ assignee: user.username })} data-testid="ticket-take">
            {t('desk.take')}
          </button>
        )}{' '}
        {tk.status !== 'resolved' && tk.status !== 'closed' && (
          <button type="button" onClick={() => void change({ status: 'resolved' })} data-testid="ticket-resolve">
            {t('desk.resolve')}
          </button>
        )}
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void change({ comment: reply }).then(() => setReply(''));
          }}
        >
          <textarea value={reply} onChange={(e) => setReply(e.target.value)} required maxLength={8000} data-testid="ticket-reply" />
          <button type="submit" data-testid="ticket-send">
            {t('desk.comment')}
          </button>
        </form>
      </div>
      <section className="card">
        <h3>{t('desk.history')}</h3>
        <ol data-testid="ticket-history">
          {tk.history?.map((h, i) => (
            <li key={i} data-kind={h.kind}>
              {formatDateTime(h.at, lang)} · {h.kind}
              {h.data?.text ? ` · ${h.data.text}` : h.data?.to ? ` → ${h.data.to}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
