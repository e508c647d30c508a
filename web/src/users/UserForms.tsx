// Creating an account, and changing an account's roles and company. The server checks what the
// manager may grant; its field errors are shown beside the inputs.
import { useState, type FormEvent } from 'react';
import { PASSWORD_RULES } from '../../../src/auth/password-rules.ts';
import { api } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { RolePicks } from '../admin/RolePicks.tsx';
import { useI18n } from '../i18n/index.tsx';
import { FieldMessages, useFieldErrors } from '../reference/useFieldErrors.tsx';

export function NewUserForm({ me, onCreated }: { me: Pick<User, 'companyUbn' | 'roles'>; onCreated: (u: User) => void }) {
  const { t } = useI18n();
  const errors = useFieldErrors();
  const [form, setForm] = useState({ username: '', name: '', companyUbn: me.roles.includes('customs_admin') ? '' : me.companyUbn, password: '', nationalId: '' });
  const [roles, setRoles] = useState<string[]>([]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (roles.length === 0) return errors.set([{ path: '/body/roles', message: t('users.pickRole') }]);
    await errors.submit(async () => {
      const body = { ...form, roles, nationalId: form.nationalId.trim() || undefined };
      onCreated(await api.post<User>('/users', body));
    });
  };
  return (
    <form className="admin-form" onSubmit={submit} data-testid="user-form">
      <label>
        {t('users.username')}
        <input name="username" value={form.username} onChange={set('username')} required minLength={3} maxLength={100} autoComplete="off" />
        <FieldMessages messages={errors.of('username')} />
      </label>
      <label>
        {t('users.name')}
        <input name="name" value={form.name} onChange={set('name')} required maxLength={100} />
        <FieldMessages messages={errors.of('name')} />
      </label>
      <label>
        {t('users.company')}
        <input name="companyUbn" value={form.companyUbn} onChange={set('companyUbn')} required pattern="[0-9]{8}" maxLength={8} inputMode="numeric" />
        <FieldMessages messages={errors.of('companyUbn')} />
      </label>
      <label>
        {t('users.password')}
        <input name="password" type="password" value={form.password} onChange={set('password')} required minLength={PASSWORD_RULES.minLength} maxLength={PASSWORD_RULES.maxLength} autoComplete="new-password" />
        <FieldMessages messages={errors.of('password')} />
      </label>
      <RolePicks value={roles} onChange={setRoles} />
      <FieldMessages messages={errors.of('roles')} />
      {errors.general && <p className="form-error" role="alert">{errors.general}</p>}
      <button type="submit" className="primary" disabled={errors.busy} data-testid="user-submit">
        {t('admin.create')}
      </button>
    </form>
  );
}

export function AccessDialog({ user, onDone, onCancel }: { user: User; onDone: (u: User) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const errors = useFieldErrors();
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [companyUbn, setCompanyUbn] = useState(user.companyUbn);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (roles.length === 0) return errors.set([{ path: '/body/roles', message: t('users.pickRole') }]);
    await errors.submit(async () => {
      onDone(await api.put<User>(`/users/${encodeURIComponent(user.id)}/access`, { roles, ...(companyUbn !== user.companyUbn ? { companyUbn } : {}) }));
    });
  };
  return (
    <div className="modal-backdrop">
      <form className="modal" role="dialog" aria-modal="true" onSubmit={submit} data-testid="access-dialog">
        <h2>{t('users.accessTitle', { name: user.name })}</h2>
        <RolePicks value={roles} onChange={setRoles} />
        <FieldMessages messages={errors.of('roles')} />
        <label>
          {t('users.company')}
          <input name="companyUbn" value={companyUbn} onChange={(e) => setCompanyUbn(e.target.value)} required pattern="[0-9]{8}" maxLength={8} />
          <FieldMessages messages={errors.of('companyUbn')} />
        </label>
        <p className="muted">{t('users.accessNote')}</p>
        {errors.general && <p className="form-error" role="alert">{errors.general}</p>}
        <div className="modal-actions">
          <button type="button" className="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={errors.busy} data-testid="access-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
