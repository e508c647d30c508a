// The customs admin's editor of alert procedures: pick an alert type, one step a line in each
// language, save (the server checks and audits) or go back to the built-in procedure.
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { AlertType } from '../api/types.ts';
import { errorText } from '../../shared/errors.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../i18n/index.tsx';
import { procedures, type Procedure } from './handling.ts';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

export function ProcedureEditor() {
  const { t, td, lang } = useI18n();
  const [list, setList] = useState<Procedure[]>([]);
  const [type, setType] = useState('');
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    procedures.list().then((l) => {
      setList(l);
      if (l[0]) setType((cur) => cur || l[0].alertType);
    }).catch(() => undefined);
  }, []);
  const current = list.find((p) => p.alertType === type);
  useEffect(() => {
    if (!current) return;
    setZh(current.steps['zh-TW'].join('\n'));
    setEn(current.steps.en.join('\n'));
  }, [current]);

  const act = async (fn: () => Promise<Procedure>) => {
    setBusy(true);
    setMessage(null);
    try {
      const p = await fn();
      setList((l) => l.map((x) => (x.alertType === p.alertType ? p : x)));
      setMessage({ ok: true, text: t('ah.editor.saved') });
    } catch (err) {
      const text = err instanceof ApiError ? [err.detail || err.title, ...(err.errors ?? []).map((e) => `${e.path}: ${errorText(e, lang)}`)].join(' · ') : String(err);
      setMessage({ ok: false, text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel procedure-editor" data-testid="procedure-editor">
      <header className="panel-head">
        <h2>{t('ah.editor.title')}</h2>
      </header>
      <select value={type} onChange={(e) => setType(e.target.value)} data-testid="procedure-type">
        {list.map((p) => (
          <option key={p.alertType} value={p.alertType}>
            {td('alertType', p.alertType as AlertType)}
          </option>
        ))}
      </select>{' '}
      {current && (
        <span className="muted" data-testid="procedure-origin">
          {current.builtIn ? t('ah.editor.builtIn') : t('ah.editor.edited', { who: current.updatedBy ?? '—', at: current.updatedAt ? formatDateTime(current.updatedAt, lang) : '—' })}
        </span>
      )}
      <p className="muted">{t('ah.editor.hint')}</p>
      <div className="cols">
        <label>
          {t('ah.editor.zh')}
          <textarea value={zh} onChange={(e) => setZh(e.target.value)} data-testid="procedure-zh" />
        </label>
        <label>
          {t('ah.editor.en')}
          <textarea value={en} onChange={(e) => setEn(e.target.value)} data-testid="procedure-en" lang="en" translate="no" data-value />
        </label>
      </div>
      <button type="button" className="primary" disabled={busy || !type} data-testid="procedure-save" onClick={() => void act(() => procedures.save(type, { 'zh-TW': lines(zh), en: lines(en) }))}>
        {t('ah.editor.save')}
      </button>{' '}
      <button type="button" disabled={busy || !type || current?.builtIn} onClick={() => void act(() => procedures.reset(type))}>
        {t('ah.editor.reset')}
      </button>
      {message && (
        <p className={message.ok ? 'muted' : 'form-error'} data-testid="procedure-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
