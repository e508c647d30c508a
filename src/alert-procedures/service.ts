// The procedure for each alert type: the customs admin's edited version, else the built-in one.
// Reading is for everyone who handles alerts; saving checks the steps (no blank step, none left
// only in one language) and records who changed it, in the caller's transaction with its audit.
import { invalid, notFound, type FieldError } from '../core/errors.ts';
import { ALERT_TYPES, type AlertType } from '../core/types.ts';
import type { Queryable, Row } from '../store/db.ts';
import { DEFAULT_PROCEDURES, type Procedure } from './defaults.ts';

export const MAX_STEPS = 12;
export const MAX_STEP_LENGTH = 300;

export interface ProcedureView {
  alertType: AlertType;
  steps: { 'zh-TW': string[]; en: string[] };
  /** True while the built-in procedure applies (never edited, or reset). */
  builtIn: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

function isAlertType(t: string): t is AlertType {
  return (ALERT_TYPES as readonly string[]).includes(t);
}

function view(alertType: AlertType, row: Row | undefined): ProcedureView {
  const builtIn = DEFAULT_PROCEDURES[alertType];
  return {
    alertType,
    steps: { 'zh-TW': row ? (row.steps_zh as string[]) : builtIn.zh, en: row ? (row.steps_en as string[]) : builtIn.en },
    builtIn: !row,
    updatedAt: row ? new Date(row.updated_at as string).toISOString() : null,
    updatedBy: row ? (row.updated_by as string) : null,
  };
}

export async function listProcedures(q: Queryable): Promise<ProcedureView[]> {
  const rows = await q.query('select * from alert_procedures');
  const byType = new Map(rows.map((r) => [r.alert_type as string, r]));
  return ALERT_TYPES.map((t) => view(t, byType.get(t)));
}

export async function getProcedure(q: Queryable, alertType: string): Promise<ProcedureView> {
  if (!isAlertType(alertType)) throw notFound(`Alert type ${alertType}`, 'alert_type', alertType);
  const [row] = await q.query('select * from alert_procedures where alert_type = $1', [alertType]);
  return view(alertType, row);
}

/** The steps trimmed; every problem named by its path (steps.en.2: blank). */
export function checkSteps(steps: { 'zh-TW': string[]; en: string[] }): Procedure {
  const errors: FieldError[] = [];
  const clean = (lang: 'zh-TW' | 'en'): string[] => {
    const list = steps[lang].map((s) => s.trim());
    if (list.length === 0) errors.push({ path: `/steps/${lang}`, message: 'must have at least one step', code: 'array.too_short', params: { limit: 1 } });
    if (list.length > MAX_STEPS) errors.push({ path: `/steps/${lang}`, message: `must have at most ${MAX_STEPS} steps`, code: 'array.too_long', params: { limit: MAX_STEPS } });
    list.forEach((s, i) => {
      if (s === '') errors.push({ path: `/steps/${lang}/${i}`, message: 'must not be blank', code: 'string.too_short', params: { limit: 1 } });
      else if (s.length > MAX_STEP_LENGTH) errors.push({ path: `/steps/${lang}/${i}`, message: `must be at most ${MAX_STEP_LENGTH} characters`, code: 'string.too_long', params: { limit: MAX_STEP_LENGTH } });
    });
    return list;
  };
  const zh = clean('zh-TW');
  const en = clean('en');
  if (zh.length !== en.length && zh.length > 0 && en.length > 0) {
    errors.push({ path: '/steps/en', message: `must have as many steps as zh-TW (${zh.length}), so each language says the same`, code: 'procedure.steps_mismatch', params: { expected: zh.length, actual: en.length } });
  }
  if (errors.length) throw invalid(errors);
  return { zh, en };
}

/** Saves the admin's version; returns the procedure before and after. */
export async function saveProcedure(
  tx: Queryable, alertType: string, steps: { 'zh-TW': string[]; en: string[] }, actor: string,
): Promise<{ before: ProcedureView; after: ProcedureView }> {
  const before = await getProcedure(tx, alertType);
  const p = checkSteps(steps);
  await tx.query(
    `insert into alert_procedures (alert_type, steps_zh, steps_en, updated_at, updated_by) values ($1, $2, $3, now(), $4)
     on conflict (alert_type) do update set steps_zh = excluded.steps_zh, steps_en = excluded.steps_en, updated_at = now(), updated_by = excluded.updated_by`,
    [alertType, p.zh, p.en, actor],
  );
  return { before, after: await getProcedure(tx, alertType) };
}

/** Back to the built-in procedure. */
export async function resetProcedure(tx: Queryable, alertType: string): Promise<{ before: ProcedureView; after: ProcedureView }> {
  const before = await getProcedure(tx, alertType);
  await tx.query('delete from alert_procedures where alert_type = $1', [alertType]);
  return { before, after: await getProcedure(tx, alertType) };
}
