// Assign, add a note, resolve with a resolution: the officer's answer to an alert.
import { useState, type FormEvent } from 'react';
import { RESOLUTIONS, type Alert, type Resolution } from '../api/types.ts';
import { useActorName, useOfficers } from '../api/users.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { useAsyncAction } from '../ui/useAsyncAction.ts';
import { alertActions } from './actions.ts';

function AssignControl({ alert }: { alert: Alert }) {
  const { t } = useI18n();
  const officers = useOfficers();
  const [userId, setUserId] = useState('');
  const assign = useAsyncAction(() => alertActions.assign(alert.id, userId));
  return (
    <div className="action-row">
      <select aria-label={t('alerts.assignTo')} value={userId} onChange={(e) => setUserId(e.target.value)}>
        <option value="">{t('alerts.assignTo')}…</option>
        {officers.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <button type="button" disabled={!userId || assign.busy} onClick={() => void assign.run()}>
        {t('alerts.assign')}
      </button>
      {assign.error && <span className="form-error">{assign.error}</span>}
    </div>
  );
}

function NotesControl({ alert }: { alert: Alert }) {
  const { t, lang } = useI18n();
  const actorName = useActorName();
  const [text, setText] = useState('');
  const add = useAsyncAction(async () => {
    await alertActions.addNote(alert.id, text.trim());
    setText('');
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) void add.run();
  };
  return (
    <div className="notes">
      <h4>{t('alerts.notes')}</h4>
      <ul>
        {alert.notes.map((n, i) => (
          <li key={i}>
            <span className="muted">
              {formatDateTime(n.at, lang)} {actorName(n.by)}
            </span>{' '}
            {n.text}
          </li>
        ))}
      </ul>
      <form className="action-row" onSubmit={submit}>
        <input aria-label={t('alerts.addNote')} placeholder={t('alerts.addNote')} value={text} onChange={(e) => setText(e.target.value)} data-testid="note-input" />
        <button type="submit" disabled={!text.trim() || add.busy}>
          {t('alerts.addNote')}
        </button>
      </form>
      {add.error && <p className="form-error">{add.error}</p>}
    </div>
  );
}

function ResolveForm({ alert }: { alert: Alert }) {
  const { t, td } = useI18n();
  const [resolution, setResolution] = useState<Resolution | ''>('');
  const [note, setNote] = useState('');
  const resolve = useAsyncAction(() => alertActions.resolve(alert.id, resolution as Resolution, note.trim()));
  return (
    <form
      className="resolve-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (resolution && note.trim()) void resolve.run();
      }}
    >
      <h4>{t('alerts.resolve')}</h4>
      <div className="resolutions" role="radiogroup" aria-label={t('alerts.resolution')}>
        {RESOLUTIONS.map((r) => (
          <label key={r} className={resolution === r ? 'checked' : ''}>
            <input type="radio" name={`res-${alert.id}`} value={r} checked={resolution === r} onChange={() => setResolution(r)} data-testid={`resolution-${r}`} />
            {td('resolution', r)}
          </label>
        ))}
      </div>
      <textarea aria-label={t('alerts.resolutionNote')} placeholder={t('alerts.resolutionNote')} value={note} onChange={(e) => setNote(e.target.value)} rows={2} data-testid="resolution-note" />
      <button type="submit" className="primary" disabled={!resolution || !note.trim() || resolve.busy} data-testid="resolve-button">
        {t('alerts.resolve')}
      </button>
      {resolve.error && <p className="form-error">{resolve.error}</p>}
    </form>
  );
}

export function AlertActions({ alert }: { alert: Alert }) {
  if (alert.status === 'resolved') return null;
  return (
    <div className="alert-actions">
      <AssignControl alert={alert} />
      <NotesControl alert={alert} />
      <ResolveForm alert={alert} />
    </div>
  );
}
