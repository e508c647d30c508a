// API keys for other systems: list, create (the key is shown once, here), revoke. The platform
// keeps only each key's hash; the list shows the first characters to tell keys apart.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { FieldMessages, useFieldErrors } from '../reference/useFieldErrors.tsx';
import { useSession } from '../session/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { RolePicks } from './RolePicks.tsx';
import { SecretOnce } from './SecretOnce.tsx';
import { errorText, useList } from './useList.ts';

interface ApiKey {
  id: string;
  name: string;
  companyUbn: string;
  prefix: string;
  roles: string[];
  ipAllow: string[];
  createdAt: string;
  revokedAt?: string;
}

export function ApiKeysPage() {
  const { t, td, lang } = useI18n();
  const { user } = useSession();
  const keys = useList<ApiKey>('/api-keys');
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const revoke = async (k: ApiKey) => {
    if (!confirm(t('keys.confirmRevoke', { name: k.name }))) return;
    try {
      await api.del(`/api-keys/${encodeURIComponent(k.id)}`);
      keys.reload();
    } catch (err) {
      setError(errorText(err, lang));
    }
  };

  return (
    <div className="page page-admin" data-testid="api-keys-page">
      <div className="panel-head">
        <h2>{t('keys.title')}</h2>
        <span className="muted">{t('users.audited')}</span>
        <button type="button" className="small primary" data-testid="key-new" onClick={() => setCreating((c) => !c)}>
          {t('keys.create')}
        </button>
      </div>
      {secret && (
        <SecretOnce title={t('keys.secretTitle', { name: secret.name })} note={t('keys.secretNote')} secret={secret.key} onDone={() => setSecret(null)} />
      )}
      {creating && (
        <NewKeyForm
          defaultUbn={user?.companyUbn ?? ''}
          onCreated={(k) => {
            setCreating(false);
            setSecret({ name: k.name, key: k.key });
            keys.reload();
          }}
        />
      )}
      {(error || keys.error) && <p className="form-error" role="alert">{error ?? keys.error}</p>}
      {keys.items === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : keys.items.length === 0 ? (
        <p className="empty">{t('keys.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="grid">
            <thead>
              <tr>
                <th>{t('keys.name')}</th>
                <th>{t('keys.prefix')}</th>
                <th>{t('admin.company')}</th>
                <th>{t('keys.roles')}</th>
                <th>{t('keys.created')}</th>
                <th>{t('keys.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.items.map((k) => (
                <tr key={k.id} data-testid="key-row" data-key={k.id} className={k.revokedAt ? 'disabled' : ''}>
                  <td data-value="">{k.name}</td>
                  <td className="mono" translate="no">{k.prefix}…</td>
                  <td className="mono" translate="no">{k.companyUbn}</td>
                  <td>{k.roles.map((r) => td('role', r)).join('、')}</td>
                  <td>{formatDateTime(k.createdAt, lang)}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="status-pill bad">{t('keys.revoked', { at: formatDateTime(k.revokedAt, lang) })}</span>
                    ) : (
                      <span className="status-pill ok">{t('keys.active')}</span>
                    )}
                  </td>
                  <td className="row-actions">
                    {!k.revokedAt && (
                      <button type="button" className="small danger" data-testid="key-revoke" onClick={() => void revoke(k)}>
                        {t('keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function NewKeyForm({ defaultUbn, onCreated }: { defaultUbn: string; onCreated: (k: ApiKey & { key: string }) => void }) {
  const { t } = useI18n();
  const errors = useFieldErrors();
  const [name, setName] = useState('');
  const [companyUbn, setCompanyUbn] = useState(defaultUbn);
  const [roles, setRoles] = useState<string[]>([]);
  const [ipAllow, setIpAllow] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (roles.length === 0) return errors.set([{ path: '/body/roles', message: t('users.pickRole') }]);
    await errors.submit(async () => {
      const ips = ipAllow.split(/\s+/).filter(Boolean);
      onCreated(await api.post<ApiKey & { key: string }>('/api-keys', { name, companyUbn, roles, ...(ips.length ? { ipAllow: ips } : {}) }));
    });
  };
  return (
    <form className="admin-form" onSubmit={submit} data-testid="key-form">
      <label>
        {t('keys.name')}
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        <FieldMessages messages={errors.of('name')} />
      </label>
      <label>
        {t('admin.company')}
        <input name="companyUbn" value={companyUbn} onChange={(e) => setCompanyUbn(e.target.value)} required pattern="[0-9]{8}" maxLength={8} />
        <FieldMessages messages={errors.of('companyUbn')} />
      </label>
      <label>
        {t('keys.ipAllow')}
        <textarea name="ipAllow" rows={2} value={ipAllow} onChange={(e) => setIpAllow(e.target.value)} />
        <FieldMessages messages={errors.of('ipAllow')} />
      </label>
      <RolePicks value={roles} onChange={setRoles} />
      <FieldMessages messages={errors.of('roles')} />
      {errors.general && <p className="form-error" role="alert">{errors.general}</p>}
      <button type="submit" className="primary" disabled={errors.busy} data-testid="key-submit">
        {t('admin.create')}
      </button>
    </form>
  );
}
