// The company's contact (公司聯絡人): whom the monitoring centre calls about an alert on the
// company's trips, shown on the alert card. The people who run the company keep it current here
// (PUT /companies/{ubn}/contact); the server checks the phone as it checks a company's everywhere.
import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../../shared/errors.ts';
import { ApiError, api, messageOf, type CompanyView, type FieldError, type Me } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';

type Field = 'contactName' | 'contactPhone';

/** The form field a server error path ("/body/contactPhone") points at. */
const fieldOf = (path: string) => path.replace(/^\/body\/?/, '').split('/')[0];

export function ContactView({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const [company, setCompany] = useState<CompanyView | null>(null);
  const [form, setForm] = useState<Record<Field, string>>({ contactName: '', contactPhone: '' });
  // Kept as the server sent them and put in words when shown, so a language switch re-words them.
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const show = (c: CompanyView) => {
    setCompany(c);
    setForm({ contactName: c.contactName ?? '', contactPhone: c.contactPhone ?? '' });
  };
  useEffect(() => {
    api.get<CompanyView>(`/companies/${encodeURIComponent(me.companyUbn)}`).then(show, setFailure);
  }, [me.companyUbn]);
  const set = (k: Field) => (e: { target: { value: string } }) => {
    setSaved(false);
    setForm({ ...form, [k]: e.target.value });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors([]);
    setFailure(null);
    setSaved(false);
    setBusy(true);
    try {
      // An emptied field clears that part of the contact.
      const body = { contactName: form.contactName.trim() || null, contactPhone: form.contactPhone.trim() || null };
      show(await api.put<CompanyView>(`/companies/${encodeURIComponent(me.companyUbn)}/contact`, body));
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors);
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const errs = (k: Field) => errors.filter((e) => fieldOf(e.path) === k);
  const other = errors.filter((e) => !['contactName', 'contactPhone'].includes(fieldOf(e.path)));
  const input = (k: Field, label: MessageKey, extra: { type?: string; autoComplete?: string; inputMode?: 'tel'; placeholder?: string }) => (
    <label>
      {t(label)}
      <input name={k} value={form[k]} onChange={set(k)} className={errs(k).length ? 'bad' : ''} aria-invalid={errs(k).length > 0} {...extra} />
      {errs(k).map((e, i) => <span key={i} className="field-error" data-testid={`error-${k}`}>{errorText(e, lang)}</span>)}
    </label>
  );

  if (!company) return failure ? <p className="error" role="alert">{messageOf(failure)}</p> : <p className="muted">{t('common.loading')}</p>;
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
        {other.map((e, i) => <p key={i} className="field-error">{errorText(e, lang)}</p>)}
        {saved && <p className="notice" role="status" data-testid="contact-saved">{t('contact.saved')}</p>}
        {failure !== null && <p className="error" role="alert">{messageOf(failure)}</p>}
        <button className="primary" type="submit" disabled={busy}>{t('contact.save')}</button>
      </form>
    </div>
  );
}
