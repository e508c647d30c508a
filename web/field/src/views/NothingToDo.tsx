// A person whose roles have no work in the field app (a fleet operator, a trader, a supplier, …)
// is told so, with the app where their work is.
import { useI18n } from '../i18n.ts';

const CONSOLE = ['customs_admin', 'customs_officer', 'judicial'];

export function NothingToDo({ roles }: { roles: readonly string[] }) {
  const { t, td } = useI18n();
  const console = roles.some((r) => CONSOLE.includes(r));
  return (
    <section className="card form" role="status" data-testid="nothing-to-do">
      <h1>{t('care.nothing.title')}</h1>
      <p>{t('care.nothing.body', { roles: roles.map((r) => td('care.role', r)).join('、') })}</p>
      {console ? (
        <a className="primary link-button" href="/">
          {t('care.nothing.console')}
        </a>
      ) : (
        <a className="primary link-button" href="/portal/" data-testid="go-portal">
          {t('care.nothing.portal')}
        </a>
      )}
    </section>
  );
}
