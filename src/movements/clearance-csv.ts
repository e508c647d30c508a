// The clearance system's bulk export as CSV: a header naming the Clearance fields (case, spaces
// and "_" ignored), then one declaration per line; containerNos holds the container numbers
// separated by spaces, ";" or "|". Each line is checked and stored like POST /clearances, and
// answered with its line number.
import { parse } from 'csv-parse/sync';
import type { Actor } from '../audit/trail.ts';
import { invalid, type FieldError } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { MAX_CLEARANCE_BATCH, submitClearances, type ClearanceOutcome } from './clearances.ts';

export const CLEARANCE_COLUMNS = ['declarationNo', 'kind', 'containerNos', 'status', 'releaseCode', 'statusAt', 'importerUbn'] as const;
type Column = (typeof CLEARANCE_COLUMNS)[number];

const key = (s: string) => s.replace(/[\s_-]/g, '').toLowerCase();
const BY_KEY = new Map<string, Column>(CLEARANCE_COLUMNS.map((c) => [key(c), c]));

export interface CsvLineResult {
  line: number;
  declarationNo: string | null;
  ok: boolean;
  created?: boolean;
  stale?: boolean;
  errors?: (FieldError & { field: string })[];
  detail?: string;
}

interface CsvRow {
  record: string[];
  info: { lines: number };
}

function rowsOf(text: string): CsvRow[] {
  try {
    return parse(text, { info: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as CsvRow[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw invalid([{ path: `/body/lines/${e.lines ?? 0}`, message: e.message, code: 'csv.unreadable' }], 'The CSV cannot be read');
  }
}

function header(record: string[]): Column[] {
  const errors: FieldError[] = [];
  const cols = record.map((name, i) => {
    const c = BY_KEY.get(key(name));
    if (!c) errors.push({ path: `/body/header/${i}`, message: `unknown column "${name}"; columns are ${CLEARANCE_COLUMNS.join(', ')}`, code: 'csv.unknown_column', params: { name, columns: CLEARANCE_COLUMNS.join(', ') } });
    return c!;
  });
  for (const need of ['declarationNo', 'kind', 'containerNos', 'status', 'statusAt'] as const) {
    if (!cols.includes(need)) errors.push({ path: '/body/header', message: `the header has no ${need} column`, code: 'csv.missing_column', params: { name: need } });
  }
  if (errors.length) throw invalid(errors, 'The CSV header is not valid');
  return cols;
}

/** One CSV line as the JSON record it stands for (empty cells are absent fields). */
function recordOf(cols: Column[], values: string[]): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  cols.forEach((c, i) => {
    const v = (values[i] ?? '').trim();
    if (v === '') return;
    rec[c] = c === 'containerNos' ? v.split(/[\s;|]+/).filter(Boolean) : v;
  });
  return rec;
}

export async function importClearancesCsv(ctx: Pick<Platform, 'inputs'>, actor: Actor, text: string): Promise<CsvLineResult[]> {
  const rows = rowsOf(text);
  if (rows.length === 0) throw invalid([{ path: '/body', message: 'the file is empty', code: 'file.empty' }]);
  const cols = header(rows[0].record);
  const lines = rows.slice(1).filter((r) => r.record.some((v) => v.trim() !== ''));
  if (lines.length > MAX_CLEARANCE_BATCH) {
    throw invalid([{ path: '/body', message: `at most ${MAX_CLEARANCE_BATCH} declarations a file, got ${lines.length}`, code: 'file.too_many_lines', params: { limit: MAX_CLEARANCE_BATCH, actual: lines.length } }]);
  }
  const records = lines.map((r) => recordOf(cols, r.record));
  const outcomes = await submitClearances(ctx, actor, records, () => '');
  return outcomes.map((o, i) => lineResult(lines[i].info.lines, o));
}

function lineResult(line: number, o: ClearanceOutcome): CsvLineResult {
  if (o.ok) return { line, declarationNo: o.declarationNo, ok: true, created: o.created, stale: o.stale };
  if (o.error.errors) {
    return {
      line, declarationNo: o.declarationNo, ok: false,
      errors: o.error.errors.map((e) => ({ ...e, field: e.path.split('/')[1] ?? '' })),
    };
  }
  return { line, declarationNo: o.declarationNo, ok: false, detail: o.error.message };
}
