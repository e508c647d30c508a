// The reference data a simulation runs on: facilities and routes, as the registry holds them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Facility, Route } from '../core/types.ts';

export interface World {
  facilities: Facility[];
  routes: Route[];
}

function listOf<T>(value: unknown, key: string): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object' && Array.isArray((value as Record<string, unknown>)[key])) {
    return (value as Record<string, T[]>)[key];
  }
  throw new Error(`expected an array of ${key} or {"${key}": [...]}`);
}

/** facilities.json and routes.json from a directory (default: the sample Taiwan data). */
export function loadWorld(dir = 'data/sample'): World {
  const read = (name: string) => JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as unknown;
  return {
    facilities: listOf<Facility>(read('facilities.json'), 'facilities'),
    routes: listOf<Route>(read('routes.json'), 'routes'),
  };
}

/** Only the named routes (and every facility, since non-route facilities matter to the rules). */
export function selectRoutes(world: World, codes: readonly string[] | undefined): World {
  if (!codes || codes.length === 0) return world;
  const routes = world.routes.filter((r) => codes.includes(r.code));
  const missing = codes.filter((c) => !routes.some((r) => r.code === c));
  if (missing.length) throw new Error(`unknown route(s): ${missing.join(', ')}`);
  return { facilities: world.facilities, routes };
}
