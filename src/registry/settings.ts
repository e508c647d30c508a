// Platform-wide settings stored by key. The monitoring engine receives each change as an input, so
// the stored value and the engine's (rebuilt from the input log) always agree.
import { checkParamRelations } from '../core/alert-params.ts';
import { FieldErrors } from '../core/errors.ts';
import type { AlertParams } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';

export const ALERT_PARAMS_KEY = 'alert_params';

export async function getSetting<T>(q: Queryable, key: string): Promise<{ value: T; updatedAt: string; updatedBy: string | null } | null> {
  const rows = await q.query('select value, updated_at, updated_by from settings where key = $1', [key]);
  if (!rows.length) return null;
  return { value: rows[0].value as T, updatedAt: new Date(rows[0].updated_at).toISOString(), updatedBy: rows[0].updated_by ?? null };
}

export async function putSetting(q: Queryable, key: string, value: unknown, by: string): Promise<void> {
  await q.query(
    `insert into settings (key, value, updated_at, updated_by) values ($1, $2, now(), $3)
     on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [key, JSON.stringify(value), by],
  );
}

export async function getGlobalAlertParams(q: Queryable): Promise<Partial<AlertParams>> {
  return (await getSetting<Partial<AlertParams>>(q, ALERT_PARAMS_KEY))?.value ?? {};
}

/**
 * The global thresholds as they would take effect, over the defaults: each in its range and each
 * related pair in order, or `invalid` naming every offending field (`/body/<key>`).
 */
export function checkGlobalAlertParams(params: Partial<AlertParams>): void {
  const errs = new FieldErrors();
  for (const p of checkParamRelations(params)) errs.add(`/body/${p.key}`, p.message, p.code, p.params);
  errs.throwIfAny('The alert thresholds do not fit together');
}
