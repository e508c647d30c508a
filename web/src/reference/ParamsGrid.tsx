// Alert thresholds as a grid of number inputs; a blank input means "inherit" (the default, or
// for a route the global value shown as its placeholder).
import { ALERT_PARAM_KEYS } from '../../../src/core/alert-params.ts';
import type { AlertParams } from '../api/types.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';

export type ParamDraft = Partial<Record<keyof AlertParams, string>>;

export function draftOf(p: Partial<AlertParams> | undefined): ParamDraft {
  const d: ParamDraft = {};
  for (const k of ALERT_PARAM_KEYS) if (typeof p?.[k] === 'number') d[k] = String(p[k]);
  return d;
}

export function paramsOf(d: ParamDraft): Partial<AlertParams> {
  const out: Partial<AlertParams> = {};
  for (const k of ALERT_PARAM_KEYS) {
    const v = d[k]?.trim();
    if (v) out[k] = Number(v);
  }
  return out;
}

export function ParamsGrid({ draft, onChange, inherited, errors, disabled, omit = [] }: { draft: ParamDraft; onChange: (d: ParamDraft) => void; inherited: AlertParams; errors: (key: string) => string[]; disabled?: boolean; omit?: readonly (keyof AlertParams)[] }) {
  const { t } = useI18n();
  return (
    <div className="params-grid">
      {ALERT_PARAM_KEYS.filter((k) => !omit.includes(k)).map((k) => {
        const errs = errors(k);
        return (
          <label key={k} className={errs.length ? 'field-error' : ''} style={{ display: 'contents' }}>
            <span>
              {t(`param.${k}` as MessageKey)}
              {errs.map((m) => (
                <span key={m} className="form-error" data-testid={`param-error-${k}`}>
                  {' '}
                  {m}
                </span>
              ))}
            </span>
            <input type="number" min={0} step="any" value={draft[k] ?? ''} placeholder={String(inherited[k])} disabled={disabled} onChange={(e) => onChange({ ...draft, [k]: e.target.value })} data-testid={`param-${k}`} />
          </label>
        );
      })}
    </div>
  );
}
