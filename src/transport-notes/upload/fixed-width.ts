// Fixed-width uploads: each line one record (one container of a note), cut into fields by a layout:
// field, start, length, in characters of the decoded text (not bytes), 1-based unless base is 0.
import type { FieldError } from '../../core/errors.ts';
import { SOURCE_FIELDS, sourceField, type FieldProblem, type ParsedUpload, type SourceField, type SourceRecord } from './fields.ts';

export interface LayoutField {
  field: SourceField;
  start: number;
  length: number;
  /** Codes of the legacy file → values of the JSON note (e.g. seal type "3" → "truck_eseal"). */
  map?: Record<string, string>;
}

export interface Layout {
  name: string;
  description?: string;
  /** 1 (default): the first character is at 1. 0: it is at 0. */
  base: 0 | 1;
  /** Header records at the top of the file, not notes. */
  skipLines: number;
  /** Values for fields the legacy file does not carry (e.g. the sender's UBN). */
  defaults: Partial<Record<SourceField, string>>;
  fields: LayoutField[];
}

const MAX_FIELD_LENGTH = 500;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

function checkField(raw: unknown, base: number, at: string, errors: FieldError[]): LayoutField | undefined {
  if (!isObject(raw)) {
    errors.push({ path: at, message: 'must be an object {field, start, length}', code: 'layout.field_shape' });
    return undefined;
  }
  const field = typeof raw.field === 'string' ? sourceField(raw.field) : undefined;
  if (!field) errors.push({ path: `${at}/field`, message: `must be one of ${SOURCE_FIELDS.join(', ')}`, code: 'enum', params: { allowed: SOURCE_FIELDS.join(', ') } });
  const start = raw.start;
  if (!Number.isInteger(start) || (start as number) < base) errors.push({ path: `${at}/start`, message: `must be an integer ≥ ${base}`, code: 'number.min', params: { limit: base } });
  const length = raw.length;
  if (!Number.isInteger(length) || (length as number) < 1 || (length as number) > MAX_FIELD_LENGTH) {
    errors.push({ path: `${at}/length`, message: `must be an integer 1..${MAX_FIELD_LENGTH}`, code: 'layout.length', params: { max: MAX_FIELD_LENGTH } });
  }
  if (raw.map !== undefined && !isStringMap(raw.map)) errors.push({ path: `${at}/map`, message: 'must map codes to text values', code: 'layout.map' });
  if (!field || errors.some((e) => e.path.startsWith(at))) return undefined;
  return { field, start: start as number, length: length as number, ...(raw.map ? { map: raw.map as Record<string, string> } : {}) };
}

/** Two fields reading the same characters is a layout mistake, not a feature. */
function overlaps(fields: LayoutField[], at: string, errors: FieldError[]): void {
  const sorted = fields.map((f, i) => ({ ...f, i })).sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1];
    if (sorted[k].start < prev.start + prev.length) {
      errors.push({ path: `${at}/fields/${sorted[k].i}/start`, message: `${sorted[k].field} overlaps ${prev.field}`, code: 'layout.overlap', params: { field: sorted[k].field, other: prev.field } });
    }
  }
}

/** Checks a layout (a shipped file or one given inline); `at` prefixes the error paths. */
export function checkLayout(raw: unknown, name: string, at: string): { layout?: Layout; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isObject(raw)) return { errors: [{ path: at, message: 'a layout must be a JSON object {fields: [...]}', code: 'layout.shape' }] };
  const base = raw.base ?? 1;
  if (base !== 0 && base !== 1) errors.push({ path: `${at}/base`, message: 'must be 0 or 1', code: 'enum', params: { allowed: '0, 1' } });
  const skipLines = raw.skipLines ?? 0;
  if (!Number.isInteger(skipLines) || (skipLines as number) < 0) errors.push({ path: `${at}/skipLines`, message: 'must be an integer ≥ 0', code: 'number.min', params: { limit: 0 } });
  const defaults: Layout['defaults'] = {};
  if (raw.defaults !== undefined) {
    if (!isStringMap(raw.defaults)) errors.push({ path: `${at}/defaults`, message: 'must map field names to text values', code: 'layout.defaults' });
    else {
      for (const [k, v] of Object.entries(raw.defaults)) {
        const f = sourceField(k);
        if (!f) errors.push({ path: `${at}/defaults/${k}`, message: `is not a field; fields are ${SOURCE_FIELDS.join(', ')}`, code: 'property.unknown', params: { name: k } });
        else defaults[f] = v;
      }
    }
  }
  if (!Array.isArray(raw.fields) || raw.fields.length === 0) {
    errors.push({ path: `${at}/fields`, message: 'must be a non-empty array of {field, start, length}', code: 'layout.fields_empty' });
    return { errors };
  }
  const b = base === 0 ? 0 : 1;
  const fields = raw.fields.map((f, i) => checkField(f, b, `${at}/fields/${i}`, errors)).filter((f): f is LayoutField => !!f);
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    if (seen.has(f.field)) errors.push({ path: `${at}/fields/${i}/field`, message: `${f.field} is cut twice`, code: 'layout.field_twice', params: { field: f.field } });
    seen.add(f.field);
  });
  overlaps(fields, at, errors);
  if (!seen.has('cnNo') && !defaults.cnNo) errors.push({ path: `${at}/fields`, message: 'the layout must cut cnNo', code: 'layout.no_cn' });
  if (errors.length) return { errors };
  const description = typeof raw.description === 'string' ? raw.description : undefined;
  return { layout: { name, ...(description ? { description } : {}), base: b, skipLines: skipLines as number, defaults, fields }, errors };
}

/** One line cut into values; a code missing from a field's map is a problem of that field on that line. */
function cut(line: string, layout: Layout): { values: SourceRecord['values']; problems: FieldProblem[] } {
  const chars = Array.from(line);
  const values: SourceRecord['values'] = { ...layout.defaults };
  const problems: FieldProblem[] = [];
  for (const f of layout.fields) {
    const from = f.start - layout.base;
    const v = chars.slice(from, from + f.length).join('').trim();
    if (v === '') continue;
    if (f.map) {
      if (f.map[v] === undefined) {
        problems.push({ field: f.field, message: `code "${v}" (at ${f.start}) is not one of the layout's codes ${Object.keys(f.map).join(', ')}`, code: 'layout.code_unknown', params: { value: v, start: f.start, codes: Object.keys(f.map).join(', ') } });
        continue;
      }
      values[f.field] = f.map[v];
    } else values[f.field] = v;
  }
  return { values, problems };
}

export function parseFixedWidth(text: string, layout: Layout): ParsedUpload {
  const records: SourceRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (i < layout.skipLines || raw.trim() === '') return;
    const { values, problems } = cut(raw, layout);
    records.push({ line, values, ...(problems.length ? { problems } : {}) });
  });
  return { records, lineErrors: [] };
}
