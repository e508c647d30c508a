// Facilities (CONTRACT section 3): a station code, a kind and the area that is its geofence.
import { Type, type Static } from '@sinclair/typebox';
import { validateStationCode } from '../core/ids/index.ts';
import { FACILITY_KINDS, type Facility } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { checkArea, type GeometryOptions } from './geometry.ts';
import { StringEnum, checkEnum, checkUbn, compact, companyExists, type FieldErrorSink } from './validate-common.ts';

/** Kinds a route may name as checkpoints: places a truck must pass through to be inspected. */
export const CHECKPOINT_KINDS: readonly string[] = ['inspection_station', 'checkpoint'];

// Deep geometry rules are checked by geometry.ts so each error can name the exact position.
export const AreaSchema = Type.Object(
  { type: StringEnum(['Polygon', 'MultiPolygon']), coordinates: Type.Array(Type.Any()) },
  { description: 'GeoJSON Polygon or MultiPolygon, [lon, lat]; rings closed, not self-intersecting, inside Taiwan' },
);

export const FacilitySchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20, description: 'Station code, e.g. CD198' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(FACILITY_KINDS),
    area: AreaSchema,
    operatorUbn: Type.Optional(Type.String({ maxLength: 8, description: 'Company operating the facility' })),
    storageCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 100, uniqueItems: true })),
    sample: Type.Optional(Type.Boolean({ description: 'Read only: set for the shipped sample data' })),
  },
  { additionalProperties: false },
);
export type FacilityBody = Static<typeof FacilitySchema>;

/** Checks what needs no database; returns the body as it is stored (code upper-cased, trimmed). */
export function normalizeFacility(b: FacilityBody, prefix: string, errs: FieldErrorSink, geo: GeometryOptions = {}): Facility {
  const code = validateStationCode(b.code);
  if (!code.ok) errs.add(`${prefix}/code`, code.message, code.code, code.params);
  checkEnum(b.kind, FACILITY_KINDS, `${prefix}/kind`, errs);
  checkArea(b.area, `${prefix}/area`, errs, geo);
  const operatorUbn = b.operatorUbn === undefined ? undefined : checkUbn(b.operatorUbn, `${prefix}/operatorUbn`, errs);
  const storageCodes = b.storageCodes?.map((s) => s.trim().toUpperCase());
  storageCodes?.forEach((s, i) => {
    if (!/^[A-Z0-9]+$/.test(s)) errs.add(`${prefix}/storageCodes/${i}`, `storage code may contain only letters and digits, got "${s}"`, 'storage_code.chars', { value: s });
  });
  return compact({
    code: code.ok ? code.value : b.code,
    name: b.name.trim(),
    kind: b.kind as Facility['kind'],
    // Only the geometry itself: foreign members of the GeoJSON object are not kept.
    area: { type: b.area.type, coordinates: b.area.coordinates } as Facility['area'],
    operatorUbn,
    storageCodes,
  });
}

/** Checks against stored data: the operator exists; a checkpoint in use keeps a checkpoint kind. */
export async function checkFacilityRefs(q: Queryable, f: Facility, prefix: string, errs: FieldErrorSink): Promise<void> {
  if (f.operatorUbn && !(await companyExists(q, f.operatorUbn))) errs.add(`${prefix}/operatorUbn`, `no company ${f.operatorUbn}`, 'company.unknown', { ubn: f.operatorUbn });
  if (!CHECKPOINT_KINDS.includes(f.kind)) {
    const users = await q.query(`select code from routes where body->'checkpoints' ? $1 order by code limit 10`, [f.code]);
    if (users.length) {
      errs.add(`${prefix}/kind`, `routes ${users.map((r) => r.code).join(', ')} use ${f.code} as a checkpoint; it must stay ${CHECKPOINT_KINDS.join(' or ')}`, 'facility.checkpoint_in_use', { routes: users.map((r) => r.code).join(', '), code: f.code, allowed: CHECKPOINT_KINDS.join(', ') });
    }
  }
}
