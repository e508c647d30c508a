// The fields a legacy record may carry: the transport note's own, and one container per record.
// CSV columns and fixed-width layouts name them the same way as the JSON API.
import type { ErrorParams } from '../../core/errors.ts';

export const NOTE_FIELDS = [
  'cnNo',
  'function',
  'senderUbn',
  'origin',
  'destination',
  'routeCode',
  'plate',
  'driverId',
  'transportCategory',
  'declarationNo',
  'releaseCode',
  'requiresConfirmation',
] as const;
export const CONTAINER_FIELDS = ['containerNo', 'sealType', 'sealNos'] as const;
export const SOURCE_FIELDS = [...NOTE_FIELDS, ...CONTAINER_FIELDS] as const;

export type NoteField = (typeof NOTE_FIELDS)[number];
export type ContainerField = (typeof CONTAINER_FIELDS)[number];
export type SourceField = (typeof SOURCE_FIELDS)[number];

/** A value of a record that could not be read (e.g. a code missing from a layout's map). */
export interface FieldProblem {
  field: SourceField;
  message: string;
  code: string;
  params?: ErrorParams;
}

/** One record of the file: its line number (1-based) and its values by field, as text. */
export interface SourceRecord {
  line: number;
  values: Partial<Record<SourceField, string>>;
  problems?: FieldProblem[];
}

/** An error of the upload, on a line, naming the field of the JSON note (path) and its source column. */
export interface UploadError {
  path: string;
  field?: string;
  message: string;
  code: string;
  params?: ErrorParams;
}

export interface LineError {
  line: number;
  errors: UploadError[];
}

export interface ParsedUpload {
  records: SourceRecord[];
  lineErrors: LineError[];
}

const squash = (s: string) => s.replace(/[\s_-]+/g, '').toLowerCase();
const BY_SQUASHED = new Map<string, SourceField>(SOURCE_FIELDS.map((f) => [squash(f), f]));

/** "cnNo", "CN_NO", "cn no" all name cnNo: headers are written by hand. */
export function sourceField(name: string): SourceField | undefined {
  return BY_SQUASHED.get(squash(name));
}

export const isNoteField = (f: string): f is NoteField => (NOTE_FIELDS as readonly string[]).includes(f);
