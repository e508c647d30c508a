// Records → transport notes. Records with the same cnNo and function form one note, one container
// per record, wherever they stand in the file. Note fields may be repeated on every record or given
// once; repeated values must agree. Values become JSON types where they are clean (numbers,
// booleans) and stay text otherwise, so the note checks name the bad field as for a JSON request.
import {
  CONTAINER_FIELDS,
  NOTE_FIELDS,
  type ContainerField,
  type LineError,
  type NoteField,
  type SourceRecord,
  type UploadError,
} from './fields.ts';

export interface NoteGroup {
  cnNo: string;
  /** Every line of the note, in file order. */
  lines: number[];
  /** Line of containers[i]. */
  containerLines: number[];
  raw: Record<string, unknown>;
  /** Conversion errors by line: a note with any is not submitted. */
  errors: Map<number, UploadError[]>;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否']);

/** Seal types as printed on Chinese forms, besides the API's own names. */
const SEAL_TYPE_ALIASES: Record<string, string> = {
  車機封條: 'truck_eseal',
  電子封條: 'eseal',
  電子紙封條: 'epaper_seal',
  其他: 'other',
};

/** Release conditions "1" and "B" call for an e-seal (FAQ 004): those containers need the responsible person's confirmation. */
const CONFIRMATION_RELEASE_CODES = new Set(['1', 'B']);

const JSON_NAME: Record<ContainerField, string> = { containerNo: 'no', sealType: 'sealType', sealNos: 'sealNos' };

export function noteValue(field: NoteField, v: string): unknown {
  if (field === 'transportCategory') return /^\d+$/.test(v) ? Number(v) : v;
  if (field === 'requiresConfirmation') {
    const k = v.toLowerCase();
    return TRUE.has(k) ? true : FALSE.has(k) ? false : v;
  }
  return v;
}

/** Seal numbers in one cell: separated by spaces, ";", "," or "|". */
export const splitSeals = (v: string | undefined) => (v ?? '').split(/[\s;,|]+/).filter((s) => s !== '');

function containerOf(values: SourceRecord['values']) {
  const type = values.sealType ?? '';
  return {
    no: values.containerNo ?? '',
    sealType: SEAL_TYPE_ALIASES[type] ?? type.toLowerCase(),
    sealNos: splitSeals(values.sealNos),
  };
}

const hasContainer = (values: SourceRecord['values']) => CONTAINER_FIELDS.some((f) => values[f] !== undefined);

function addError(g: NoteGroup, line: number, e: UploadError) {
  g.errors.set(line, [...(g.errors.get(line) ?? []), e]);
}

/** Note fields of one record into its group: the first value stands, a different one later is an error. */
function mergeNoteFields(g: NoteGroup, r: SourceRecord, firstSeen: Map<string, number>) {
  for (const f of NOTE_FIELDS) {
    const v = r.values[f];
    if (v === undefined) continue;
    const value = f === 'cnNo' ? v.toUpperCase() : noteValue(f, v);
    if (!(f in g.raw)) {
      g.raw[f] = value;
      firstSeen.set(f, r.line);
    } else if (g.raw[f] !== value) {
      addError(g, r.line, { path: `/${f}`, field: f, message: `is "${v}" here but "${String(g.raw[f])}" on line ${firstSeen.get(f)}`, code: 'upload.value_differs', params: { value: v, other: String(g.raw[f]), line: firstSeen.get(f) ?? 0 } });
    }
  }
}

function finish(g: NoteGroup, containers: unknown[]) {
  if (g.raw.function !== '1') g.raw.containers = containers;
  if (g.raw.requiresConfirmation === undefined && g.raw.function !== '1') {
    g.raw.requiresConfirmation = CONFIRMATION_RELEASE_CODES.has(String(g.raw.releaseCode ?? '').toUpperCase());
  }
}

export function groupRecords(records: SourceRecord[]): { groups: NoteGroup[]; lineErrors: LineError[] } {
  const groups = new Map<string, { g: NoteGroup; containers: unknown[]; firstSeen: Map<string, number> }>();
  const lineErrors: LineError[] = [];
  for (const r of records) {
    const cnNo = r.values.cnNo?.toUpperCase();
    if (!cnNo) {
      lineErrors.push({ line: r.line, errors: [{ path: '/cnNo', field: 'cnNo', message: 'is required on every line', code: 'required', params: { name: 'cnNo' } }] });
      continue;
    }
    const fn = r.values.function ?? '9';
    const key = `${cnNo}|${fn}`;
    let entry = groups.get(key);
    if (!entry) {
      entry = { g: { cnNo, lines: [], containerLines: [], raw: { function: fn }, errors: new Map() }, containers: [], firstSeen: new Map() };
      groups.set(key, entry);
    }
    const { g } = entry;
    g.lines.push(r.line);
    mergeNoteFields(g, r, entry.firstSeen);
    const index = hasContainer(r.values) ? entry.containers.push(containerOf(r.values)) - 1 : undefined;
    if (index !== undefined) g.containerLines.push(r.line);
    for (const p of r.problems ?? []) {
      const container = (CONTAINER_FIELDS as readonly string[]).includes(p.field);
      const path = container && index !== undefined ? `/containers/${index}/${JSON_NAME[p.field as ContainerField]}` : `/${p.field}`;
      addError(g, r.line, { path, field: p.field, message: p.message, code: p.code, ...(p.params ? { params: p.params } : {}) });
    }
  }
  for (const { g, containers } of groups.values()) finish(g, containers);
  return { groups: [...groups.values()].map((e) => e.g), lineErrors };
}
