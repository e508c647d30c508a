// Designated routes (CONTRACT section 3): between two facilities, along a path, within a corridor
// and a time limit, through ordered checkpoints.
import { Type, type Static } from '@sinclair/typebox';
import { ALERT_PARAM_KEYS, checkParamRelations } from '../core/alert-params.ts';
import { validateStationCode } from '../core/ids/index.ts';
import type { AlertParams, Route } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { getGlobalAlertParams } from './settings.ts';
import { checkLineString, type GeometryOptions } from './geometry.ts';
import { compact, type FieldErrorSink } from './validate-common.ts';
import { CHECKPOINT_KINDS } from './validate-facility.ts';

export const DEFAULT_CORRIDOR_WIDTH_M = 200;
export const CORRIDOR_WIDTH_M = { min: 10, max: 5000 } as const;
/** One week: longer than any legal transit within Taiwan, short enough to catch a typo in hours. */
export const MAX_DURATION_MIN = { min: 1, max: 10080 } as const;

const PathSchema = Type.Object(
  { type: Type.Literal('LineString'), coordinates: Type.Array(Type.Any()) },
  { description: 'GeoJSON LineString, [lon, lat], at least 2 positions, inside Taiwan' },
);

const AlertParamsSchema = Type.Object(
  Object.fromEntries(ALERT_PARAM_KEYS.map((k) => [k, Type.Optional(Type.Number({ exclusiveMinimum: 0 }))])),
  { additionalProperties: false, description: 'Per-route overrides of the global alert thresholds' },
);

export const RouteSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' }),
    origin: Type.String({ minLength: 1, maxLength: 20, description: 'Facility code' }),
    destination: Type.String({ minLength: 1, maxLength: 20, description: 'Facility code' }),
    path: PathSchema,
    corridorWidthM: Type.Optional(
      Type.Number({ minimum: CORRIDOR_WIDTH_M.min, maximum: CORRIDOR_WIDTH_M.max, default: DEFAULT_CORRIDOR_WIDTH_M }),
    ),
    maxDurationMin: Type.Number({ minimum: MAX_DURATION_MIN.min, maximum: MAX_DURATION_MIN.max }),
    checkpoints: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 50, description: 'Inspection stations to pass, in order' }),
    ),
    alertParams: Type.Optional(AlertParamsSchema),
    sample: Type.Optional(Type.Boolean({ description: 'Read only: set for the shipped sample data' })),
  },
  { additionalProperties: false },
);
export type RouteBody = Static<typeof RouteSchema>;

function stationCode(v: string, path: string, errs: FieldErrorSink): string {
  const r = validateStationCode(v);
  if (!r.ok) errs.add(path, r.message, r.code, r.params);
  return r.ok ? r.value : v;
}

/** Checks what needs no database; returns the body as stored, with the corridor width made explicit. */
export function normalizeRoute(b: RouteBody, prefix: string, errs: FieldErrorSink, geo: GeometryOptions = {}): Route {
  const origin = stationCode(b.origin, `${prefix}/origin`, errs);
  const destination = stationCode(b.destination, `${prefix}/destination`, errs);
  checkLineString(b.path, `${prefix}/path`, errs, geo);
  if (origin === destination) {
    errs.add(`${prefix}/destination`, `must differ from the origin ${origin}`, 'route.same_ends', { origin });
  }
  const checkpoints = b.checkpoints?.map((c, i) => stationCode(c, `${prefix}/checkpoints/${i}`, errs));
  return compact({
    code: b.code,
    origin,
    destination,
    path: { type: 'LineString', coordinates: b.path.coordinates } as Route['path'],
    corridorWidthM: b.corridorWidthM ?? DEFAULT_CORRIDOR_WIDTH_M,
    maxDurationMin: b.maxDurationMin,
    checkpoints,
    alertParams: b.alertParams as Partial<AlertParams> | undefined,
  });
}

/** Origin and destination must be facilities; checkpoints must be facilities of a checkpoint kind. */
export async function checkRouteRefs(q: Queryable, r: Route, prefix: string, errs: FieldErrorSink): Promise<void> {
  const codes = [r.origin, r.destination, ...(r.checkpoints ?? [])];
  const rows = await q.query('select code, kind from facilities where code = any($1)', [codes]);
  const kinds = new Map(rows.map((row) => [row.code as string, row.kind as string]));
  if (!kinds.has(r.origin)) errs.add(`${prefix}/origin`, `no facility ${r.origin}`, 'facility.unknown', { code: r.origin });
  if (!kinds.has(r.destination)) errs.add(`${prefix}/destination`, `no facility ${r.destination}`, 'facility.unknown', { code: r.destination });
  (r.checkpoints ?? []).forEach((c, i) => {
    const kind = kinds.get(c);
    if (!kind) errs.add(`${prefix}/checkpoints/${i}`, `no facility ${c}`, 'facility.unknown', { code: c });
    else if (!CHECKPOINT_KINDS.includes(kind)) {
      errs.add(`${prefix}/checkpoints/${i}`, `${c} is a ${kind}; a checkpoint must be ${CHECKPOINT_KINDS.join(' or ')}`, 'route.checkpoint_kind', {
        code: c,
        kind,
        allowed: CHECKPOINT_KINDS.join(', '),
      });
    }
  });
  // The route's own thresholds take effect over the global ones: checked as they would combine.
  if (r.alertParams) {
    const global = await getGlobalAlertParams(q);
    for (const p of checkParamRelations(r.alertParams, global)) errs.add(`${prefix}/alertParams/${p.key}`, p.message, p.code, p.params);
  }
}
