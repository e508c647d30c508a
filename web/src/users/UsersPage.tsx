// Accounts of the companies the manager sees: disable or enable one, set a new password, end its
// sessions. Every change is audited by the server, which also decides who may do what.
import { useCallback, useEffect, useState } from 'react';
import { api, asList } from '../api/client.ts';
import { apiErrorText } from '../../shared/errors.ts';
import type { User } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session/session.tsx';
import { mayManage } from './manage.ts';
import { PasswordDialog } from './PasswordDialog.tsx';
import { AccessDialog, NewUserForm } from './UserForms.tsx';

export function UsersPage() {
  const { t, td, lang } = useI18n();
  const { user: me } = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  const canCreate = !!me && me.roles.some((r) => r === 'customs_admin' || r === 'yard_operator' || r === 'fleet_operator');

  const load = useCallback(() => {
    api
      .get('/users')
      .then((r) => setUsers(asList<User>(r)))
      .catch((err) => setError(apiErrorText(err, lang)));
  }, []);
  useEffect(load, [load]);

  const act = async (work: () => Promise<string>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await work());
      load();
    } catch (err) {
      setError(apiErrorText(err, lang));
    }
  };
  const setDisabled = (u: User, disabled: boolean) => {
    if (disabled && !confirm(t('users.confirmDisable', { name: u.name }))) return;
    void act(async () => {
      await api.post(`/users/${encodeURIComponent(u.id)}/${disabled ? 'disable' : 'enable'}`);
      return `${u.name}: ${t(disabled ? 'users.disabled' : 'users.active')}`;
    });
  };
  const endSessions = (u: User) => {
    if (!confirm(t('users.confirmEndSessions', { name: u.name }))) return;
    void act(async () => {
      const r = await api.del<{ endedSessions: number }>(`/users/${encodeURIComponent(u.id)}/sessions`);
      return t('users.sessionsEnded', { name: u.name, n: r.endedSessions });
    });
  };

  return (
    <div className="page page-users page-admin" data-testid="users-page">
      <div className="panel-head">
        <h2>{t('users.title')}</h2>
        <span className="muted">{t('users.audited')}</span>
        {canCreate ? (
          <button type="button" className="small primary" data-testid="user-new" onClick={() => setCreating((c) => !c)}>
            {t('users.create')}
          </button>
        ) : (
          <span className="status-pill" data-testid="read-only">{t('admin.readOnly')}</span>
        )}
      </div>
      {creating && me && (
        <NewUserForm
          me={me}
          onCreated={(u) => {
            setCreating(false);
            setMessage(t('users.createdNote', { name: u.name }));
            load();
          }}
        />
      )}
      {message && <p className="notice" role="status">{message}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {users === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : users.length === 0 ? (
        <p className="empty">{t('users.empty')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>{t('users.username')}</th>
              <th>{t('users.name')}</th>
              <th>{t('users.company')}</th>
              <th>{t('users.roles')}</th>
              <th>{t('users.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.username}`} className={u.disabled ? 'disabled' : ''}>
                <td className="mono" translate="no">{u.username}</td>
                <td data-value="">{u.name}</td>
                <td className="mono" translate="no">{u.companyUbn}</td>
                <td>{u.roles.map((r) => td('role', r)).join('、')}</td>
                <td>{t(u.disabled ? 'users.disabled' : 'users.active')}</td>
                <td className="row-actions">
                  {/* One's own account: the top bar's change-password, not these. */}
                  {me && u.id !== me.id && mayManage(me, u) && (
                    <>
                      {u.disabled ? (
                        <button type="button" className="small" onClick={() => setDisabled(u, false)}>
                          {t('users.enable')}
                        </button>
                      ) : (
                        <button type="button" className="small danger" onClick={() => setDisabled(u, true)}>
                          {t('users.disable')}
                        </button>
                      )}
                      <button type="button" className="small" data-testid="user-access" onClick={() => setEditing(u)}>
                        {t('users.editAccess')}
                      </button>
                      <button type="button" className="small" onClick={() => setResetting(u)}>
                        {t('users.resetPassword')}
                      </button>
                      <button type="button" className="small" onClick={() => endSessions(u)}>
                        {t('users.endSessions')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <AccessDialog
          user={editing}
          onCancel={() => setEditing(null)}
          onDone={(u) => {
            setEditing(null);
            setMessage(t('users.accessSaved', { name: u.name }));
            load();
          }}
        />
      )}
      {resetting && (
        <PasswordDialog
          target={{ kind: 'reset', userId: resetting.id, name: resetting.name }}
          onCancel={() => setResetting(null)}
          onDone={(n) => {
            setMessage(t('users.passwordSet', { name: resetting.name, n }));
            setResetting(null);
          }}
        />
      )}
    </div>
  );
}
