// The checks a transport note passes before any database is asked: its shape, and every identifier
// by its own rule (check digits, formats). Every bad field is named by its JSON pointer under
// `prefix`, so one answer lists everything the sender has to fix.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/value';
import { typeboxCode } from '../core/error-codes.ts';
import type { FieldError } from '../core/errors.ts';
import { SEAL_TYPES, type ContainerEntry, type TransportNote } from '../core/types.ts';
import {
  normalizePlate,
  validateCnNo,
  validateContainerNo,
  validateNationalId,
  validatePlate,
  validateStationCode,
  validateUbn,
  type IdResult,
} from '../core/ids/index.ts';
import { CancelSchema, ELECTRONIC_SEAL_TYPES, TransportNoteSchema } from './schema.ts';

/** What a sender asked for, once its shape and identifiers are right. */
export type NoteRequest =
  | { kind: 'full'; note: TransportNote }
  | { kind: 'cancel'; cnNo: string; senderUbn?: string };

export interface ShapeResult {
  /** The note number as far as it could be read, to name the note in batch results. */
  cnNo?: string;
  request?: NoteRequest;
  errors: FieldError[];
}

const fullNote = TypeCompiler.Compile(TransportNoteSchema);
const cancelNote = TypeCompiler.Compile(CancelSchema);

/** Plainer words than the schema checker's for the messages a yard meets most. */
const FIELD_MESSAGES: Record<string, string> = {
  function: 'must be "9" (original), "5" (replace) or "1" (cancel)',
  sealType: `must be one of ${SEAL_TYPES.join(', ')}`,
};

function schemaErrors(check: typeof fullNote | typeof cancelNote, raw: unknown, prefix: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of check.Errors(raw)) {
    // A missing field is reported once, not again as "Expected string".
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    const field = e.path.split('/').pop() ?? '';
    let message = e.message;
    if (message === 'Expected required property') message = 'is required';
    else if (message === 'Unexpected property') message = 'is not a field of a transport note';
    else if (message === 'Expected union value' && FIELD_MESSAGES[field]) message = FIELD_MESSAGES[field];
    out.push({ path: prefix + e.path, message, ...typeboxCode(ValueErrorType[e.type], e.path, e.schema as Record<string, unknown>) });
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Runs one identifier rule on a field that is a string; records the failure, returns the normalised value. */
function checkId(
  errors: FieldError[],
  path: string,
  value: unknown,
  rule: (s: string) => IdResult,
): string | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const r = rule(s);
  if (!r.ok) {
    errors.push({ path, message: r.message, code: r.code, params: r.params });
    return undefined;
  }
  return r.value;
}

function checkCancel(raw: Record<string, unknown>, prefix: string): ShapeResult {
  const errors = schemaErrors(cancelNote, raw, prefix);
  const cnNo = checkId(errors, `${prefix}/cnNo`, raw.cnNo, validateCnNo);
  const senderUbn = raw.senderUbn === undefined ? undefined : checkId(errors, `${prefix}/senderUbn`, raw.senderUbn, validateUbn);
  if (errors.length || !cnNo) return { cnNo: cnNo ?? str(raw.cnNo), errors };
  return { cnNo, request: { kind: 'cancel', cnNo, senderUbn }, errors };
}

function checkContainers(raw: unknown, prefix: string, errors: FieldError[]): ContainerEntry[] {
  if (!Array.isArray(raw)) return [];
  const seenContainers = new Map<string, number>();
  const seenSeals = new Map<string, string>();
  return raw.map((c, i) => {
    const at = `${prefix}/containers/${i}`;
    if (!isObject(c)) return { no: '', sealType: 'other', sealNos: [] };
    const no = checkId(errors, `${at}/no`, c.no, validateContainerNo) ?? str(c.no) ?? '';
    if (no && seenContainers.has(no)) {
      errors.push({ path: `${at}/no`, message: `container ${no} is listed twice (also /containers/${seenContainers.get(no)})`, code: 'cn.container_twice', params: { value: no, other: seenContainers.get(no)! } });
    } else if (no) seenContainers.set(no, i);
    const sealNos = Array.isArray(c.sealNos) ? c.sealNos.filter((s): s is string => typeof s === 'string').map((s) => s.trim()) : [];
    sealNos.forEach((s, j) => {
      if (s === '') errors.push({ path: `${at}/sealNos/${j}`, message: 'seal number is blank', code: 'seal.empty' });
      else if (seenSeals.has(s)) errors.push({ path: `${at}/sealNos/${j}`, message: `seal ${s} is listed twice (also ${seenSeals.get(s)})`, code: 'cn.seal_twice', params: { value: s, other: String(seenSeals.get(s)) } });
      else seenSeals.set(s, `/containers/${i}/sealNos/${j}`);
    });
    const sealType = c.sealType as ContainerEntry['sealType'];
    if (ELECTRONIC_SEAL_TYPES.includes(sealType) && Array.isArray(c.sealNos) && c.sealNos.length === 0) {
      errors.push({ path: `${at}/sealNos`, message: `a container with sealType ${sealType} needs at least one seal number`, code: 'cn.seal_needed', params: { sealType } });
    }
    return { no, sealType, sealNos };
  });
}

/** The note in the form it is stored and handed to the engine: normalised values, contract field order. */
function normalised(raw: Record<string, unknown>, ids: Record<string, string>, containers: ContainerEntry[]): TransportNote {
  const note: TransportNote = {
    cnNo: ids.cnNo,
    function: raw.function as TransportNote['function'],
    senderUbn: ids.senderUbn,
    origin: ids.origin,
    destination: ids.destination,
    ...(raw.routeCode !== undefined ? { routeCode: String(raw.routeCode).trim() } : {}),
    containers,
    plate: ids.plate,
    driverId: ids.driverId,
    transportCategory: raw.transportCategory as number,
    ...(raw.declarationNo !== undefined ? { declarationNo: String(raw.declarationNo).trim() } : {}),
    ...(raw.releaseCode !== undefined ? { releaseCode: String(raw.releaseCode).trim() } : {}),
    requiresConfirmation: raw.requiresConfirmation as boolean,
  };
  return note;
}

/** Shape and identifier checks of one note (an original, a replacement or a cancel). */
export function checkShape(raw: unknown, prefix: string): ShapeResult {
  if (!isObject(raw)) return { errors: [{ path: prefix || '/', message: 'a transport note must be a JSON object', code: 'type', params: { type: 'object' } }] };
  if (raw.function === '1') return checkCancel(raw, prefix);

  const errors = schemaErrors(fullNote, raw, prefix);
  const ids: Record<string, string | undefined> = {
    cnNo: checkId(errors, `${prefix}/cnNo`, raw.cnNo, validateCnNo),
    senderUbn: checkId(errors, `${prefix}/senderUbn`, raw.senderUbn, validateUbn),
    origin: checkId(errors, `${prefix}/origin`, raw.origin, validateStationCode),
    destination: checkId(errors, `${prefix}/destination`, raw.destination, validateStationCode),
    plate: checkId(errors, `${prefix}/plate`, raw.plate, (s) => validatePlate(normalizePlate(s))),
    driverId: checkId(errors, `${prefix}/driverId`, raw.driverId, validateNationalId),
  };
  if (ids.origin && ids.origin === ids.destination) {
    errors.push({ path: `${prefix}/destination`, message: 'destination is the origin: a move inside one controlled area needs no transport note', code: 'cn.same_ends' });
  }
  const containers = checkContainers(raw.containers, prefix, errors);
  const cnNo = ids.cnNo ?? str(raw.cnNo);
  if (errors.length) return { cnNo, errors: distinct(errors) };
  return { cnNo, request: { kind: 'full', note: normalised(raw, ids as Record<string, string>, containers) }, errors };
}

/** A field may fail the schema and its identifier rule with the same words: say it once. */
function distinct(errors: FieldError[]): FieldError[] {
  const unique = new Map<string, FieldError>();
  for (const e of errors) if (!unique.has(e.path + '\0' + e.message)) unique.set(e.path + '\0' + e.message, e);
  return [...unique.values()];
}
