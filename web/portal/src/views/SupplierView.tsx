// A supplier applies for the type approval of a device model and follows its applications.
import { useState, type FormEvent } from 'react';
import { api, messageOf, type Application } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { ApplicationList } from './ApplicationsView.tsx';

const PROTOCOLS = ['mqtt', 'http', 'jt808'] as const;

export function SupplierView() {
  const { t, td } = useI18n();
  const [model, setModel] = useState('');
  const [deviceKind, setKind] = useState('obu');
  const [manufacturer, setManufacturer] = useState('');
  const [protocols, setProtocols] = useState<string[]>(['mqtt']);
  const [specification, setSpec] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const a = await api.post<Application>('/portal/applications', { kind: 'type_approval', model, deviceKind, manufacturer, protocols, ...(specification ? { specification } : {}) });
      setMessage(t('apps.filed', { id: a.id }));
      setReload((n) => n + 1);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="grid">
      <form className="card form" onSubmit={submit} data-testid="type-approval-form">
        <h1>{t('supplier.title')}</h1>
        <label>{t('supplier.model')}<input name="model" value={model} onChange={(e) => setModel(e.target.value)} required /></label>
        <label>
          {t('supplier.kind')}
          <select name="deviceKind" value={deviceKind} onChange={(e) => setKind(e.target.value)}>
            <option value="obu">{td('deviceKind', 'obu')}</option>
            <option value="seal">{td('deviceKind', 'seal')}</option>
          </select>
        </label>
        <label>{t('supplier.manufacturer')}<input name="manufacturer" value={manufacturer} onChange={(e) => setManufacturer(e.target.value)} required /></label>
        <fieldset className="row">
          <legend>{t('supplier.protocols')}</legend>
          {PROTOCOLS.map((p) => (
            <label key={p} className="inline">
              <input type="checkbox" checked={protocols.includes(p)} onChange={(e) => setProtocols(e.target.checked ? [...protocols, p] : protocols.filter((x) => x !== p))} />
              {p.toUpperCase()}
            </label>
          ))}
        </fieldset>
        <label>{t('supplier.spec')}<textarea value={specification} onChange={(e) => setSpec(e.target.value)} /></label>
        {message && <p className="notice" role="status">{message}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <button className="primary" type="submit">{t('apps.submit')}</button>
      </form>
      <section className="card">
        <h1>{t('apps.title')}</h1>
        <ApplicationList kind="type_approval" reload={reload} />
      </section>
    </div>
  );
}
