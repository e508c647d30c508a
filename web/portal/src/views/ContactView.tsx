// The company's contact (公司聯絡人): whom the monitoring centre calls about an alert on the
// company's trips, shown on the alert card. The people who run the company keep it current here
// (PUT /companies/{ubn}/contact); the server checks the phone as it checks a company's everywhere.
import { useEffect, useState, type FormEvent } from 'react';
import { fieldOfPath, useFieldErrors } from '../../../shared/field-errors.ts';
import { api, messageOf, type CompanyView, type Me } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';

type Field = 'contactName' | 'contactPhone';
const FIELDS: readonly string[] = ['contactName', 'contactPhone'];

export function ContactView({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const [company, setCompany] = useState<CompanyView | null>(null);
  const [form, setForm] = useState<Record<Field, string>>({ contactName: '', contactPhone: '' });
  const [loadFailure, setLoadFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const fe = useFieldErrors(lang);
  const show = (c: CompanyView) => {
    setCompany(c);
    setForm({ contactName: c.contactName ?? '', contactPhone: c.contactPhone ?? '' });
  };
  useEffect(() => {
    api.get<CompanyView>(`/companies/${encodeURIComponent(me.companyUbn)}`).then(show, setLoadFailure);
  }, [me.companyUbn]);
  const set = (k: Field) => (e: { target: { value: string } }) => {
    setSaved(false);
    setForm({ ...form, [k]: e.target.value });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void fe.submit(async () => {
      // An emptied field clears that part of the contact.
      const body = { contactName: form.contactName.trim() || null, contactPhone: form.contactPhone.trim() || null };
      show(await api.put<CompanyView>(`/companies/${encodeURIComponent(me.companyUbn)}/contact`, body));
      setSaved(true);
    });
  };
  const other = fe.errors.filter((e) => !FIELDS.includes(fieldOfPath(e.path)));
  const input = (k: Field, label: MessageKey, extra: { type?: string; autoComplete?: string; inputMode?: 'tel'; placeholder?: string }) => {
    const messages = fe.of(k);
    return (
      <label>
        {t(label)}
        <input name={k} value={form[k]} onChange={set(k)} className={messages.length ? 'bad' : ''} aria-invalid={messages.length > 0} {...extra} />
        {messages.map((m, i) => <span key={i} className="field-error" data-testid={`error-${k}`}>{m}</span>)}
      </label>
    );
  };

  if (!company) return loadFailure ? <p className="error" role="alert">{messageOf(loadFailure)}</p> : <p className="muted">{t('common.loading')}</p>;
  return (
    <div className="grid">
      <section className="card" data-testid="contact-current">
        <h1>{t('contact.title')}</h1>
        <p className="muted small">{t('contact.hint')}</p>
        <dl className="facts">
          <dt>{t('contact.company')}</dt><dd data-testid="company-name">{company.name}</dd>
          <dt>{t('contact.ubn')}</dt><dd className="mono" data-testid="company-ubn">{company.ubn}</dd>
          <dt>{t('contact.name')}</dt><dd data-testid="current-name">{company.contactName ?? <span className="muted">{t('contact.none')}</span>}</dd>
          <dt>{t('contact.phone')}</dt><dd data-testid="current-phone">{company.contactPhone ?? <span className="muted">{t('contact.none')}</span>}</dd>
        </dl>
      </section>
      <form className="card form" onSubmit={submit} data-testid="contact-form" noValidate>
        <h1>{t('contact.change')}</h1>
        {input('contactName', 'contact.name', { autoComplete: 'name' })}
        {input('contactPhone', 'contact.phone', { type: 'tel', autoComplete: 'tel', inputMode: 'tel', placeholder: '07-5612311#21' })}
        <p className="muted small">{t('contact.phone.hint')}</p>
        {other.map((e, i) => <p key={i} className="field-error">{e.message}</p>)}
        {saved && <p className="notice" role="status" data-testid="contact-saved">{t('contact.saved')}</p>}
        {fe.general !== null && <p className="error" role="alert">{fe.general}</p>}
        <button className="primary" type="submit" disabled={fe.busy}>{t('contact.save')}</button>
      </form>
    </div>
  );
}
