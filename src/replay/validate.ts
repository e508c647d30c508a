// Validation of replay input lines: the type, and the data fields the engine relies on. The first
// problem found is reported with the path of the offending field (e.g. `data.containers[0].sealNos`).
import { checkParams } from '../core/alert-params.ts';
import {
  CLEARANCE_KINDS, CLEARANCE_STATUSES, DEVICE_KINDS, FACILITY_KINDS, REFERENCE_KINDS, SEAL_READ_EVENTS, SEAL_READERS, SEAL_STATES, SEAL_TYPES,
  VEHICLE_KINDS, YARD_EVENT_KINDS, type EngineInput,
} from '../core/types.ts';
import { parseIsoMs } from '../engine/clock.ts';

export interface FieldProblem {
  path: string;
  message: string;
}

export const INPUT_TYPES = [
  'facility', 'route', 'vehicle', 'driver', 'device', 'transportNote', 'sealConfirmation', 'gateEvent', 'telemetry', 'unseal', 'sealRead', 'alertParams', 'referenceDeleted', 'platformResumed', 'tick',
  'clearance', 'yardEvent',
] as const;

type Obj = Record<string, unknown>;

class Invalid extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

function fail(path: string, message: string): never {
  throw new Invalid(path, message);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'must be an object');
  return v;
}

function str(o: Obj, key: string, path: string, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || v.length === 0) fail(`${path}.${key}`, optional ? 'must be a non-empty string when present' : 'is required (non-empty string)');
}

function num(o: Obj, key: string, path: string, optional: boolean, min = -Infinity, max = Infinity): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${key}`, optional ? 'must be a number when present' : 'is required (number)');
  if (v < min || v > max) fail(`${path}.${key}`, `must be between ${min} and ${max}`);
}

function oneOf(o: Obj, key: string, path: string, values: readonly string[], optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !values.includes(v)) fail(`${path}.${key}`, `must be one of ${values.join(', ')}`);
}

function strArray(o: Obj, key: string, path: string, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (!Array.isArray(v)) fail(`${path}.${key}`, optional ? 'must be an array of strings when present' : 'is required (array of strings)');
  v.forEach((x, i) => {
    if (typeof x !== 'string' || x.length === 0) fail(`${path}.${key}[${i}]`, 'must be a non-empty string');
  });
}

function time(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== 'string') fail(`${path}.${key}`, 'is required (ISO 8601 time with offset)');
  if (Number.isNaN(parseIsoMs(v))) fail(`${path}.${key}`, `must be an ISO 8601 time with offset, got ${JSON.stringify(v)}`);
}

function position(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number' || !Number.isFinite(v[0]) || !Number.isFinite(v[1])) {
    fail(path, 'must be a [lon, lat] position');
  }
  if (v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90) fail(path, 'is out of range (lon -180..180, lat -90..90)');
}

function rings(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length === 0) fail(path, 'must be a non-empty array of linear rings');
  v.forEach((ring, r) => {
    if (!Array.isArray(ring) || ring.length < 4) fail(`${path}[${r}]`, 'must be a linear ring of at least 4 positions');
    ring.forEach((p, i) => position(p, `${path}[${r}][${i}]`));
  });
}

function area(v: unknown, path: string): void {
  const a = obj(v, path);
  if (a.type === 'Polygon') rings(a.coordinates, `${path}.coordinates`);
  else if (a.type === 'MultiPolygon') {
    if (!Array.isArray(a.coordinates) || a.coordinates.length === 0) fail(`${path}.coordinates`, 'must be a non-empty array of polygons');
    a.coordinates.forEach((poly, i) => rings(poly, `${path}.coordinates[${i}]`));
  } else fail(`${path}.type`, 'must be Polygon or MultiPolygon');
}

function lineString(v: unknown, path: string): void {
  const l = obj(v, path);
  if (l.type !== 'LineString') fail(`${path}.type`, 'must be LineString');
  if (!Array.isArray(l.coordinates) || l.coordinates.length < 2) fail(`${path}.coordinates`, 'must hold at least 2 positions');
  l.coordinates.forEach((p, i) => position(p, `${path}.coordinates[${i}]`));
}

function sealReport(v: unknown, path: string): void {
  const s = obj(v, path);
  str(s, 'id', path);
  oneOf(s, 'state', path, SEAL_STATES);
  oneOf(s, 'link', path, ['ok', 'lost'], true);
  num(s, 'battery', path, true, 0, 100);
}

const DATA: Record<string, (d: Obj, p: string) => void> = {
  facility(d, p) {
    str(d, 'code', p);
    str(d, 'name', p);
    oneOf(d, 'kind', p, FACILITY_KINDS);
    area(d.area, `${p}.area`);
  },
  route(d, p) {
    str(d, 'code', p);
    str(d, 'origin', p);
    str(d, 'destination', p);
    lineString(d.path, `${p}.path`);
    num(d, 'corridorWidthM', p, true, 0);
    num(d, 'maxDurationMin', p, false, 0);
    strArray(d, 'checkpoints', p, true);
    if (d.alertParams !== undefined) {
      const problems = checkParams(d.alertParams);
      if (problems.length) fail(`${p}.alertParams${problems[0].path ? '.' + problems[0].path : ''}`, problems[0].message);
    }
  },
  vehicle(d, p) {
    str(d, 'plate', p);
    oneOf(d, 'kind', p, VEHICLE_KINDS);
    num(d, 'category', p, false, 1, 7);
    str(d, 'fleetUbn', p, true);
    str(d, 'obuId', p, true);
  },
  driver(d, p) {
    str(d, 'nationalId', p);
    str(d, 'name', p);
    str(d, 'rfidCard', p, true);
    strArray(d, 'plates', p, true);
  },
  device(d, p) {
    str(d, 'id', p);
    oneOf(d, 'kind', p, DEVICE_KINDS);
    str(d, 'plate', p, true);
  },
  transportNote(d, p) {
    str(d, 'cnNo', p);
    oneOf(d, 'function', p, ['9', '5', '1']);
    // A cancellation only needs to name the CN.
    if (d.function === '1') return;
    str(d, 'senderUbn', p);
    str(d, 'origin', p);
    str(d, 'destination', p);
    str(d, 'routeCode', p, true);
    str(d, 'plate', p);
    str(d, 'driverId', p);
    num(d, 'transportCategory', p, false, 1, 7);
    if (typeof d.requiresConfirmation !== 'boolean') fail(`${p}.requiresConfirmation`, 'is required (boolean)');
    if (!Array.isArray(d.containers)) fail(`${p}.containers`, 'is required (array)');
    d.containers.forEach((c, i) => {
      const cp = `${p}.containers[${i}]`;
      const o = obj(c, cp);
      str(o, 'no', cp);
      oneOf(o, 'sealType', cp, SEAL_TYPES);
      strArray(o, 'sealNos', cp);
    });
  },
  sealConfirmation(d, p) {
    str(d, 'cnNo', p);
    str(d, 'confirmedBy', p);
  },
  gateEvent(d, p) {
    str(d, 'facility', p);
    str(d, 'lane', p);
    oneOf(d, 'direction', p, ['in', 'out']);
    str(d, 'plate', p);
    strArray(d, 'containerNos', p);
    strArray(d, 'sealNos', p, true);
    oneOf(d, 'source', p, ['ocr', 'manual']);
    if (d.capturedAt !== undefined) time(d, 'capturedAt', p);
    if (d.confidence !== undefined) {
      const c = obj(d.confidence, `${p}.confidence`);
      num(c, 'plate', `${p}.confidence`, true, 0, 1);
      if (c.containers !== undefined) {
        if (!Array.isArray(c.containers)) fail(`${p}.confidence.containers`, 'must be an array of numbers when present');
        c.containers.forEach((v, i) => {
          if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(`${p}.confidence.containers[${i}]`, 'must be a number between 0 and 1');
        });
      }
    }
    strArray(d, 'images', p, true);
  },
  clearance(d, p) {
    str(d, 'declarationNo', p);
    oneOf(d, 'kind', p, CLEARANCE_KINDS);
    strArray(d, 'containerNos', p);
    oneOf(d, 'status', p, CLEARANCE_STATUSES);
    str(d, 'releaseCode', p, true);
    time(d, 'statusAt', p);
    str(d, 'importerUbn', p, true);
  },
  yardEvent(d, p) {
    str(d, 'facility', p);
    str(d, 'containerNo', p);
    oneOf(d, 'event', p, YARD_EVENT_KINDS);
    str(d, 'equipmentId', p, true);
    str(d, 'position', p, true);
  },
  telemetry(d, p) {
    str(d, 'deviceId', p);
    time(d, 'ts', p);
    if ((d.lat === undefined) !== (d.lon === undefined)) fail(`${p}.${d.lat === undefined ? 'lat' : 'lon'}`, 'lat and lon come together');
    num(d, 'lat', p, true, -90, 90);
    num(d, 'lon', p, true, -180, 180);
    num(d, 'speedKmh', p, true, 0);
    num(d, 'heading', p, true, 0, 360);
    num(d, 'hdop', p, true, 0);
    num(d, 'battery', p, true, 0, 100);
    str(d, 'rfidCard', p, true);
    oneOf(d, 'state', p, SEAL_STATES, true);
    if (d.seals !== undefined) {
      if (!Array.isArray(d.seals)) fail(`${p}.seals`, 'must be an array when present');
      d.seals.forEach((s, i) => sealReport(s, `${p}.seals[${i}]`));
    }
  },
  unseal(d, p) {
    str(d, 'sealId', p);
    str(d, 'by', p);
    str(d, 'reason', p);
  },
  sealRead(d, p) {
    str(d, 'sealNo', p);
    oneOf(d, 'event', p, SEAL_READ_EVENTS);
    oneOf(d, 'reader', p, SEAL_READERS);
    str(d, 'facility', p, true);
    if ((d.lat === undefined) !== (d.lon === undefined)) fail(`${p}.${d.lat === undefined ? 'lat' : 'lon'}`, 'lat and lon come together');
    num(d, 'lat', p, true, -90, 90);
    num(d, 'lon', p, true, -180, 180);
    if (d.facility === undefined && d.lat === undefined) fail(`${p}.facility`, 'a read is placed by facility or by lat/lon');
    str(d, 'containerNo', p, true);
    str(d, 'readerId', p, true);
    str(d, 'by', p, true);
    str(d, 'photoSha256', p, true);
    str(d, 'readId', p, true);
    if (d.readAt !== undefined) time(d, 'readAt', p);
  },
  referenceDeleted(d, p) {
    oneOf(d, 'kind', p, REFERENCE_KINDS);
    str(d, 'code', p);
  },
  alertParams(d, p) {
    const problems = checkParams(d);
    if (problems.length) fail(`${p}${problems[0].path ? '.' + problems[0].path : ''}`, problems[0].message);
  },
  platformResumed(d, p) {
    if (d.lastInputAt !== null && d.lastInputAt !== undefined) time(d, 'lastInputAt', p);
    if (d.aliveUntil !== null && d.aliveUntil !== undefined) time(d, 'aliveUntil', p);
  },
  tick() {},
};

/** Checks one parsed line; returns the first problem, or null when it is a valid engine input. */
export function validateInput(value: unknown): FieldProblem | null {
  try {
    const line = obj(value, '(line)');
    if (typeof line.at !== 'string') fail('at', 'is required (ISO 8601 time with offset)');
    if (Number.isNaN(parseIsoMs(line.at))) fail('at', `must be an ISO 8601 time with offset, got ${JSON.stringify(line.at)}`);
    if (typeof line.type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(line.type)) {
      fail('type', `must be one of ${INPUT_TYPES.join(', ')}`);
    }
    const data = obj(line.data, 'data');
    DATA[line.type](data, 'data');
    return null;
  } catch (e) {
    if (e instanceof Invalid) return { path: e.path, message: e.message };
    throw e;
  }
}

export function isEngineInput(value: unknown): value is EngineInput {
  return validateInput(value) === null;
}
