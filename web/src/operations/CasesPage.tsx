// Violation cases: the list, a new case from alert ids, and one case with its alerts, notes,
// referral to police or prosecutors, the criminal outcome with the sanction deadline, and the
// signed evidence package.
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { hrefFor, navigate } from '../router.ts';
import { useSession } from '../session/session.tsx';
import { api } from './ops-api.ts';

/** Customs writes cases; a judicial reader reads the cases referred to it. */
function useCustoms(): boolean {
  const { user } = useSession();
  return !!user?.roles.some((r) => r === 'customs_admin' || r === 'customs_officer');
}

interface CaseView {
  id: string;
  title: string;
  status: 'open' | 'referred' | 'closed';
  alertIds: string[];
  createdAt: string;
  referredTo: string[];
  criminalOutcome: string | null;
  criminalOutcomeAt: string | null;
  sanctionDeadline: string | null;
  notes?: { at: string; author: string; text: string }[];
  alerts?: { alertId: string; alertType: string; severity: string; openedAt: string; tripId: string | null }[];
}

function useError(): [string | null, (p: Promise<unknown>) => Promise<void>] {
  const [error, setError] = useState<string | null>(null);
  return [
    error,
    async (p) => {
      setError(null);
      try {
        await p;
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      }
    },
  ];
}

export function CasesPage({ id }: { id?: string }) {
  return id ? <CaseDetail id={id} /> : <CaseList />;
}

function CaseList() {
  const { t, lang } = useI18n();
  const [cases, setCases] = useState<CaseView[] | null>(null);
  const [title, setTitle] = useState('');
  const [alertIds, setAlertIds] = useState('');
  const [error, guard] = useError();
  const customs = useCustoms();
  useEffect(() => {
    void api.get<CaseView[]>('/cases').then(setCases, () => setCases([]));
  }, []);
  return (
    <div className="page page-cases" data-testid="cases">
      <h2>{t('cases.title')}</h2>
      {customs && (
        <form
          className="card form"
          onSubmit={(e) => {
            e.preventDefault();
            void guard(
              api.post<CaseView>('/cases', { title, alertIds: alertIds.split(/[\s,]+/).filter(Boolean) }).then((c) => navigate({ name: 'cases', id: c.id })),
            );
          }}
        >
          <h3>{t('cases.new')}</h3>
          <label>
            {t('cases.caseTitle')}
            <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} data-testid="case-title" />
          </label>
          <label>
            {t('cases.alertIds')}
            <input value={alertIds} onChange={(e) => setAlertIds(e.target.value)} required data-testid="case-alerts" />
          </label>
          {error && <p className="form-error">{error}</p>}
          <button type="submit" data-testid="case-create">
            {t('cases.create')}
          </button>
        </form>
      )}
      {cases?.length === 0 && <p className="muted">{t('cases.none')}</p>}
      {!!cases?.length && (
        <table className="grid card" data-testid="case-list">
          <tbody>
            {cases.map((c) => (
              <tr key={c.id} className="clickable" onClick={() => navigate({ name: 'cases', id: c.id })}>
                <td>
                  <a href={hrefFor({ name: 'cases', id: c.id })}>{c.title}</a>
                </td>
                <td>{t(`cases.status.${c.status}` as MessageKey)}</td>
                <td>{c.alertIds.length}</td>
                <td>{formatDateTime(c.createdAt, lang)}</td>
                <td>{c.sanctionDeadline ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CaseDetail({ id }: { id: string }) {
  const { t, td, lang } = useI18n();
  const [c, setC] = useState<CaseView | null>(null);
  const [note, setNote] = useState('');
  const [ubn, setUbn] = useState('');
  const [outcome, setOutcome] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [error, guard] = useError();
  const customs = useCustoms();
  const load = () => api.get<CaseView>(`/cases/${encodeURIComponent(id)}`).then(setC);
  useEffect(() => {
    void guard(load());
  }, [id]);
  const act = (path: string, body?: unknown) => guard(api.post(`/cases/${encodeURIComponent(id)}/${path}`, body).then(load));
  if (!c) return <div className="page">{error ? <p className="form-error">{error}</p> : t('common.loading')}</div>;
  const writable = customs && c.status !== 'closed';
  return (
    <div className="page page-case" data-testid="case">
      <h2>
        {c.title} <span className="badge" data-testid="case-status">{t(`cases.status.${c.status}` as MessageKey)}</span>
      </h2>
      {error && <p className="form-error">{error}</p>}
      {c.referredTo.length > 0 && <p data-testid="case-referred">{t('cases.referredTo', { to: c.referredTo.join(', ') })}</p>}
      <p>
        <a className="button" href={`/api/v1/cases/${encodeURIComponent(id)}/evidence`} download data-testid="case-evidence">
          {t('cases.evidence')}
        </a>
      </p>
      <section className="card">
        <h3>{t('cases.alerts')}</h3>
        <table className="grid">
          <tbody>
            {c.alerts?.map((a) => (
              <tr key={a.alertId}>
                <td>{a.alertId}</td>
                <td>{td('alertType', a.alertType)}</td>
                <td>{td('severity', a.severity)}</td>
                <td>{formatDateTime(a.openedAt, lang)}</td>
                <td>{a.tripId && <a href={hrefFor({ name: 'trip', tripId: a.tripId })}>{a.tripId}</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h3>{t('cases.notes')}</h3>
        <ul data-testid="case-notes">
          {c.notes?.map((n, i) => (
            <li key={i}>
              {formatDateTime(n.at, lang)} · {n.text}
            </li>
          ))}
        </ul>
        {writable && (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void act('notes', { text: note }).then(() => setNote(''));
            }}
          >
            <textarea value={note} onChange={(e) => setNote(e.target.value)} required maxLength={4000} data-testid="case-note" />
            <button type="submit" data-testid="case-add-note">
              {t('cases.addNote')}
            </button>
          </form>
        )}
      </section>
      {writable && (
        <section className="card">
          <h3>{t('cases.refer')}</h3>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void act('referrals', { judicialUbn: ubn });
            }}
          >
            <label>
              {t('cases.judicialUbn')}
              <input value={ubn} onChange={(e) => setUbn(e.target.value)} pattern="[0-9]{8}" maxLength={8} required data-testid="case-judicial" />
            </label>
            <button type="submit" data-testid="case-refer">
              {t('cases.refer')}
            </button>
          </form>
        </section>
      )}
      <section className="card">
        <h3>{t('cases.outcome')}</h3>
        {c.criminalOutcome && (
          <p data-testid="case-deadline">
            {c.criminalOutcome} · {c.criminalOutcomeAt} · {t('cases.deadline')} {c.sanctionDeadline}
          </p>
        )}
        {writable && (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void act('outcome', { outcome, decidedOn });
            }}
          >
            <label>
              {t('cases.outcome')}
              <input value={outcome} onChange={(e) => setOutcome(e.target.value)} required maxLength={200} data-testid="case-outcome" />
            </label>
            <label>
              {t('cases.decidedOn')}
              <input type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} required data-testid="case-decided" />
            </label>
            <button type="submit" data-testid="case-save-outcome">
              {t('cases.saveOutcome')}
            </button>
          </form>
        )}
      </section>
    </div>
  );
}
