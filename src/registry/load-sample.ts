// Loads the sample reference data (data/sample/facilities.json and routes.json) through the same
// validation and store functions as the API, marked sample = true, and hands it to the engine:
// the rows, their audit entry and the engine inputs commit in one transaction of the intake.
// Idempotent: loading again refreshes sample records and leaves alone any that someone has edited
// since (an edit through the API clears the sample mark).
import { readFile } from 'node:fs/promises';
import type { TSchema } from '@sinclair/typebox';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordAudit, systemActor } from '../audit/trail.ts';
import { FieldErrors, type FieldError } from '../core/errors.ts';
import type { NewInput, Platform } from '../platform.ts';
import type { Queryable } from '../store/db.ts';
import { upsertSampleFacility } from './facilities.ts';
import { upsertSampleRoute } from './routes.ts';
import { schemaErrors } from './validate-common.ts';
import { engineInput } from './write.ts';
import { FacilitySchema, checkFacilityRefs, normalizeFacility, type FacilityBody } from './validate-facility.ts';
import { RouteSchema, checkRouteRefs, normalizeRoute, type RouteBody } from './validate-route.ts';

export const SAMPLE_DIR = fileURLToPath(new URL('../../data/sample/', import.meta.url));

export interface RejectedSample {
  file: string;
  index: number;
  errors: FieldError[];
}

export interface SampleLoadResult {
  facilities: string[];
  routes: string[];
  /** Codes left as they are because someone edited them. */
  kept: string[];
  rejected: RejectedSample[];
}

async function readArray(dir: string, file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const data = JSON.parse(text);
  if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON array of bodies`);
  return data;
}

type Loader<B, T> = {
  file: string;
  schema: TSchema;
  check: (body: B, prefix: string, errs: FieldErrors, tx: Queryable) => Promise<T>;
  upsert: (tx: Queryable, value: T) => Promise<T | undefined>;
  code: (value: T) => string;
  input: (value: T) => NewInput;
};

/** Validates and upserts every body of one file; a bad body is rejected alone, the rest still load. */
async function loadFile<B, T>(tx: Queryable, items: unknown[], l: Loader<B, T>, out: SampleLoadResult, loaded: string[], inputs: NewInput[]) {
  for (let index = 0; index < items.length; index++) {
    const errs = new FieldErrors();
    const prefix = `/${index}`;
    if (!schemaErrors(l.schema, items[index], prefix, errs)) {
      out.rejected.push({ file: l.file, index, errors: errs.list });
      continue;
    }
    const value = await l.check(items[index] as B, prefix, errs, tx);
    if (!errs.empty) {
      out.rejected.push({ file: l.file, index, errors: errs.list });
      continue;
    }
    const stored = await l.upsert(tx, value);
    if (!stored) {
      out.kept.push(l.code(value));
      continue;
    }
    loaded.push(l.code(stored));
    inputs.push(l.input(stored));
  }
}

const facilityLoader: Loader<FacilityBody, ReturnType<typeof normalizeFacility>> = {
  file: 'facilities.json',
  schema: FacilitySchema,
  async check(body, prefix, errs, tx) {
    const f = normalizeFacility(body, prefix, errs);
    if (errs.empty) await checkFacilityRefs(tx, f, prefix, errs);
    return f;
  },
  upsert: upsertSampleFacility,
  code: (f) => f.code,
  input: (f) => engineInput('facility', f),
};

const routeLoader: Loader<RouteBody, ReturnType<typeof normalizeRoute>> = {
  file: 'routes.json',
  schema: RouteSchema,
  async check(body, prefix, errs, tx) {
    const r = normalizeRoute(body, prefix, errs);
    if (errs.empty) await checkRouteRefs(tx, r, prefix, errs);
    return r;
  },
  upsert: upsertSampleRoute,
  code: (r) => r.code,
  input: (r) => engineInput('route', r),
};

export async function loadSampleData(
  ctx: Pick<Platform, 'inputs' | 'log'>,
  opts: { dir?: string } = {},
): Promise<SampleLoadResult> {
  const dir = opts.dir ?? SAMPLE_DIR;
  const facilities = await readArray(dir, facilityLoader.file);
  const routes = await readArray(dir, routeLoader.file);
  const out: SampleLoadResult = { facilities: [], routes: [], kept: [], rejected: [] };
  await ctx.inputs.transact(async (tx) => {
    const inputs: NewInput[] = [];
    // Facilities first: routes refer to them.
    await loadFile(tx, facilities, facilityLoader, out, out.facilities, inputs);
    await loadFile(tx, routes, routeLoader, out, out.routes, inputs);
    if (inputs.length) {
      const after = { facilities: out.facilities, routes: out.routes };
      await recordAudit(tx, systemActor('sample-loader'), { action: 'load_sample', resource: 'registry', after });
    }
    return { result: null, inputs };
  });
  for (const r of out.rejected) ctx.log?.warn({ sample: r }, `sample ${r.file} item ${r.index} rejected`);
  return out;
}
