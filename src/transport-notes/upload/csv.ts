// CSV uploads: a header row naming the fields (as in the JSON API, case and "_" ignored), then one
// record per container. Parsing is csv-parse's (quotes, embedded commas and newlines, BOM).
import { parse } from 'csv-parse/sync';
import { invalid, type FieldError } from '../../core/errors.ts';
import { SOURCE_FIELDS, sourceField, type LineError, type ParsedUpload, type SourceField, type SourceRecord } from './fields.ts';

interface CsvRow {
  record: string[];
  info: { lines: number };
}

/** Line a record starts on: csv-parse counts the line it ends on, and quoted values may hold newlines. */
function startLine(row: CsvRow): number {
  const inner = row.record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
  return row.info.lines - inner;
}

function readRows(text: string, delimiter: string): CsvRow[] {
  try {
    return parse(text, { delimiter, info: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as CsvRow[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw invalid([{ path: `/body/lines/${e.lines ?? 0}`, message: e.message, code: 'csv.unreadable' }], 'The CSV cannot be read');
  }
}

function headerFields(header: string[]): SourceField[] {
  const errors: FieldError[] = [];
  const seen = new Map<SourceField, number>();
  const fields = header.map((name, i) => {
    const f = sourceField(name);
    if (!f) errors.push({ path: `/body/header/${i}`, message: `unknown column "${name}"; columns are ${SOURCE_FIELDS.join(', ')}`, code: 'csv.unknown_column', params: { name, columns: SOURCE_FIELDS.join(', ') } });
    else if (seen.has(f)) errors.push({ path: `/body/header/${i}`, message: `column "${name}" repeats column ${seen.get(f)! + 1}`, code: 'csv.column_twice', params: { name, other: seen.get(f)! + 1 } });
    else seen.set(f, i);
    return f!;
  });
  if (!seen.has('cnNo')) errors.push({ path: '/body/header', message: 'the header has no cnNo column', code: 'csv.missing_column', params: { name: 'cnNo' } });
  if (errors.length) throw invalid(errors, 'The CSV header is not valid');
  return fields;
}

export function parseCsv(text: string, delimiter = ','): ParsedUpload {
  const rows = readRows(text, delimiter);
  if (rows.length === 0) throw invalid([{ path: '/body', message: 'the file is empty', code: 'file.empty' }]);
  const fields = headerFields(rows[0].record);
  const records: SourceRecord[] = [];
  const lineErrors: LineError[] = [];
  for (const row of rows.slice(1)) {
    const line = startLine(row);
    if (row.record.every((v) => v.trim() === '')) continue;
    if (row.record.length !== fields.length) {
      lineErrors.push({ line, errors: [{ path: '', message: `has ${row.record.length} columns, the header has ${fields.length}`, code: 'csv.column_count', params: { actual: row.record.length, expected: fields.length } }] });
      continue;
    }
    const values: SourceRecord['values'] = {};
    fields.forEach((f, i) => {
      const v = row.record[i].trim();
      if (v !== '') values[f] = v;
    });
    records.push({ line, values });
  }
  return { records, lineErrors };
}
