// Checks of the movement bodies (CONTRACT section 9) shared by the REST API and the CSV import:
// every bad field named by a JSON Pointer, a bad container number with the ISO 6346 rule it breaks.
import { FieldErrors, type FieldError } from '../core/errors.ts';
import { validateContainerNo, validateUbn } from '../core/ids/index.ts';
import { parseIsoMs } from '../engine/clock.ts';
import {
  CLEARANCE_KINDS, CLEARANCE_STATUSES, YARD_EVENT_KINDS, type Clearance, type ClearanceKind, type ClearanceStatus, type YardEvent,
  type YardEventKind,
} from '../core/types.ts';

export const MAX_CONTAINERS_PER_DECLARATION = 200;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A container number in its stored form, or the ISO 6346 rule it breaks. */
export function containerNo(errs: FieldErrors, path: string, v: unknown): string {
  if (typeof v !== 'string') {
    errs.add(path, 'must be a container number (string)', 'type', { type: 'string' });
    return '';
  }
  const r = validateContainerNo(v);
  if (!r.ok) {
    errs.add(path, `not an ISO 6346 container number: ${r.message}`, r.code, r.params);
    return v;
  }
  return r.value;
}

function text(errs: FieldErrors, o: Obj, key: string, path: string, max: number, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined || (optional && v === null)) {
    if (!optional) errs.add(`${path}/${key}`, 'is required', 'required', { name: key });
    return undefined;
  }
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > max) {
    errs.add(`${path}/${key}`, `must be a non-empty string of at most ${max} characters`, 'string.length', { min: 1, max });
    return undefined;
  }
  return v.trim();
}

function oneOf<T extends string>(errs: FieldErrors, o: Obj, key: string, path: string, values: readonly T[]): T | undefined {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    errs.add(`${path}/${key}`, `must be one of ${values.join(', ')}`, 'enum', { allowed: values.join(', ') });
    return undefined;
  }
  return v as T;
}

/** An ISO 8601 time with an offset (no local-time guessing), or undefined after naming the field. */
export function isoTime(errs: FieldErrors, o: Obj, key: string, path: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || Number.isNaN(parseIsoMs(v))) {
    errs.add(`${path}/${key}`, 'must be an ISO 8601 time with an offset, e.g. 2025-03-03T08:00:00+08:00', 'string.format', { format: 'date-time' });
    return undefined;
  }
  return v;
}

const KNOWN_CLEARANCE = new Set(['declarationNo', 'kind', 'containerNos', 'status', 'releaseCode', 'statusAt', 'importerUbn']);

/** A Clearance record, or every bad field of it. */
export function checkClearance(raw: unknown, path: string): { value: Clearance } | { errors: FieldError[] } {
  const errs = new FieldErrors();
  if (!isObj(raw)) return { errors: [{ path, message: 'must be a clearance object', code: 'type', params: { type: 'object' } }] };
  for (const k of Object.keys(raw)) if (!KNOWN_CLEARANCE.has(k)) errs.add(`${path}/${k}`, 'is not a clearance field', 'property.unknown', { name: k });
  const declarationNo = text(errs, raw, 'declarationNo', path, 40);
  if (declarationNo !== undefined && !/^[A-Za-z0-9/-]+$/.test(declarationNo)) {
    errs.add(`${path}/declarationNo`, 'must hold letters, digits, "/" and "-" only', 'declaration.chars');
  }
  const kind = oneOf<ClearanceKind>(errs, raw, 'kind', path, CLEARANCE_KINDS);
  const status = oneOf<ClearanceStatus>(errs, raw, 'status', path, CLEARANCE_STATUSES);
  const statusAt = isoTime(errs, raw, 'statusAt', path);
  const releaseCode = text(errs, raw, 'releaseCode', path, 4, true);
  const importerUbn = text(errs, raw, 'importerUbn', path, 8, true);
  if (importerUbn !== undefined) {
    const u = validateUbn(importerUbn);
    if (!u.ok) errs.add(`${path}/importerUbn`, u.message, u.code, u.params);
  }
  const list = raw.containerNos;
  const containerNos: string[] = [];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_CONTAINERS_PER_DECLARATION) {
    errs.add(`${path}/containerNos`, `must be an array of 1 to ${MAX_CONTAINERS_PER_DECLARATION} container numbers`, 'array.length', { min: 1, max: MAX_CONTAINERS_PER_DECLARATION });
  } else {
    list.forEach((c, i) => {
      const no = containerNo(errs, `${path}/containerNos/${i}`, c);
      if (!containerNos.includes(no)) containerNos.push(no);
    });
  }
  if (!errs.empty) return { errors: errs.list };
  return {
    value: {
      declarationNo: declarationNo!.toUpperCase(),
      kind: kind!,
      containerNos,
      status: status!,
      ...(releaseCode !== undefined ? { releaseCode: releaseCode.toUpperCase() } : {}),
      statusAt: statusAt!,
      ...(importerUbn !== undefined ? { importerUbn } : {}),
    },
  };
}

const KNOWN_YARD = new Set(['facility', 'containerNo', 'event', 'equipmentId', 'position']);

/** A YardEvent, or every bad field. */
export function checkYardEvent(raw: unknown, path: string): { value: YardEvent } | { errors: FieldError[] } {
  const errs = new FieldErrors();
  if (!isObj(raw)) return { errors: [{ path, message: 'must be a yard event object', code: 'type', params: { type: 'object' } }] };
  for (const k of Object.keys(raw)) if (!KNOWN_YARD.has(k)) errs.add(`${path}/${k}`, 'is not a yard event field', 'property.unknown', { name: k });
  const facility = text(errs, raw, 'facility', path, 20);
  const no = containerNo(errs, `${path}/containerNo`, raw.containerNo);
  const event = oneOf<YardEventKind>(errs, raw, 'event', path, YARD_EVENT_KINDS);
  const equipmentId = text(errs, raw, 'equipmentId', path, 40, true);
  const position = text(errs, raw, 'position', path, 40, true);
  if (!errs.empty) return { errors: errs.list };
  return {
    value: {
      facility: facility!,
      containerNo: no,
      event: event!,
      ...(equipmentId !== undefined ? { equipmentId } : {}),
      ...(position !== undefined ? { position } : {}),
    },
  };
}
