// A new password, typed twice: for oneself (with the current password; this session stays, the
// others end) or, by a manager, for someone else's account (every session of it ends).
import { useState, type FormEvent } from 'react';
import { PASSWORD_RULES } from '../../../src/auth/password-rules.ts';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { FieldMessages, useFieldErrors } from '../reference/useFieldErrors.tsx';

export type PasswordTarget = { kind: 'own' } | { kind: 'reset'; userId: string; name: string };

export function PasswordDialog({ target, onDone, onCancel }: { target: PasswordTarget; onDone: (endedSessions: number) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const errors = useFieldErrors();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const newField = target.kind === 'own' ? 'newPassword' : 'password';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < PASSWORD_RULES.minLength) return errors.set([{ path: `/body/${newField}`, message: t('password.tooShort', { n: PASSWORD_RULES.minLength }) }]);
    if (next !== again) return errors.set([{ path: '/body/again', message: t('password.mismatch') }]);
    await errors.submit(async () => {
      const res =
        target.kind === 'own'
          ? await api.post<{ endedSessions: number }>('/auth/password', { currentPassword: current, newPassword: next })
          : await api.post<{ endedSessions: number }>(`/users/${encodeURIComponent(target.userId)}/password`, { password: next });
      onDone(res.endedSessions);
    });
  };

  const wrongCurrent = errors.of('currentPassword').length ? [t('password.wrongCurrent')] : [];
  return (
    <div className="modal-backdrop">
      <form className="modal" role="dialog" aria-modal="true" aria-labelledby="password-dialog-title" onSubmit={submit} data-testid="password-dialog">
        <h2 id="password-dialog-title">{target.kind === 'own' ? t('password.title') : t('password.resetTitle', { name: target.name })}</h2>
        {target.kind === 'own' && (
          <label>
            {t('password.current')}
            <input name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoFocus />
            <FieldMessages messages={wrongCurrent} />
          </label>
        )}
        <label>
          {t('password.new')} <span className="muted">({t('password.rule', { n: PASSWORD_RULES.minLength })})</span>
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            maxLength={PASSWORD_RULES.maxLength}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
            autoFocus={target.kind === 'reset'}
          />
          <FieldMessages messages={errors.of(newField)} />
        </label>
        <label>
          {t('password.confirm')}
          <input name="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
          <FieldMessages messages={errors.of('again')} />
        </label>
        {target.kind === 'reset' && <p className="muted">{t('password.resetNote')}</p>}
        {errors.general && <p className="form-error" role="alert">{errors.general}</p>}
        <div className="modal-actions">
          <button type="button" className="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={errors.busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
