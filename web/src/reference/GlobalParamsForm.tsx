// The platform-wide alert thresholds (every route inherits them unless it sets its own).
import { useEffect, useState } from 'react';
import { checkParamRelations, DEFAULT_ALERT_PARAMS } from '../../../src/core/alert-params.ts';
import { api } from '../api/client.ts';
import type { AlertParams } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { draftOf, ParamsGrid, paramsOf, type ParamDraft } from './ParamsGrid.tsx';
import { useFieldErrors } from './useFieldErrors.tsx';

export function GlobalParamsForm({ path, current, onSaved, canEdit }: { path: string | null; current: Partial<AlertParams>; onSaved: (p: Partial<AlertParams>) => void; canEdit: boolean }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<ParamDraft>(draftOf(current));
  const [saved, setSaved] = useState(false);
  const errs = useFieldErrors();
  useEffect(() => setDraft(draftOf(current)), [current]);
  if (!path) return <p className="muted">{t('common.unavailable')}</p>;
  const save = async () => {
    try {
      const body = paramsOf(draft);
      // The same range and order checks as the server, so a contradiction is named before sending.
      const local = checkParamRelations(body).map((p) => ({ path: `/body/${p.key}`, message: p.message, code: p.code, params: p.params }));
      if (local.length) {
        errs.set(local);
        return;
      }
      const res = await api.put<Partial<AlertParams> | { params?: Partial<AlertParams> }>(path, body);
      errs.clear();
      setSaved(true);
      onSaved((res as { params?: Partial<AlertParams> })?.params ?? (res as Partial<AlertParams>) ?? body);
    } catch (err) {
      errs.fromError(err);
    }
  };
  return (
    <form className="form" onSubmit={(e) => (e.preventDefault(), void save())} data-testid="params-form">
      <h3>{t('ref.globalParams')}</h3>
      <ParamsGrid draft={draft} onChange={(d) => (setDraft(d), setSaved(false))} inherited={DEFAULT_ALERT_PARAMS} disabled={!canEdit} errors={(k) => errs.errors.filter((e) => e.path === `/body/${k}` || e.path === k).map((e) => e.message)} />
      {errs.general && <p className="form-error">{errs.general}</p>}
      {canEdit && (
        <div className="row">
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
          {saved && <span className="saved-note">{t('ref.saved')}</span>}
        </div>
      )}
      <p className="muted">{t('ref.audited')}</p>
    </form>
  );
}
