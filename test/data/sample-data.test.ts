import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import { lineString, point } from '@turf/helpers';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { FACILITY_KINDS, type Facility, type Route } from '../../src/core/types.ts';
import { validateStationCode } from '../../src/core/ids/station-code.ts';

const facilities = load<Facility[]>('facilities.json');
const routes = load<Route[]>('routes.json');
const byCode = new Map(facilities.map((f) => [f.code, f]));

/** Taiwan and its outlying islands, generously. */
const BOUNDS = { minLon: 118, maxLon: 123.5, minLat: 21, maxLat: 26.5 };
const END_TOLERANCE_M = 300;
const MAX_VERTEX_SPACING_M = 300;

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../data/sample/${name}`, import.meta.url), 'utf8')) as T;
}

function rings(area: Polygon | MultiPolygon): Position[][] {
  return area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
}

function assertPosition(p: Position, where: string): void {
  assert.equal(p.length, 2, `${where}: [lon, lat] expected`);
  const [lon, lat] = p;
  assert.ok(Number.isFinite(lon) && Number.isFinite(lat), `${where}: not a number`);
  assert.ok(lon >= BOUNDS.minLon && lon <= BOUNDS.maxLon, `${where}: lon ${lon} outside Taiwan`);
  assert.ok(lat >= BOUNDS.minLat && lat <= BOUNDS.maxLat, `${where}: lat ${lat} outside Taiwan`);
}

/** 0 inside the area, otherwise metres to its nearest edge. */
function distanceToAreaM(p: Position, area: Polygon | MultiPolygon): number {
  if (booleanPointInPolygon(p, area)) return 0;
  return Math.min(...rings(area).map((ring) => pointToLineDistance(point(p), lineString(ring), { units: 'meters' })));
}

function haversineM([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

function pathLengthM(coords: Position[]): number {
  let total = 0;
  for (let i = 1; i < coords.length; i++) total += haversineM(coords[i - 1], coords[i]);
  return total;
}

describe('sample facilities', () => {
  it('has about 14 to 20 facilities with unique station-style codes', () => {
    assert.ok(facilities.length >= 14 && facilities.length <= 20, `${facilities.length} facilities`);
    assert.equal(byCode.size, facilities.length, 'duplicate facility code');
    for (const f of facilities) assert.equal(validateStationCode(f.code).ok, true, f.code);
  });

  it('has only contract fields, known kinds and the sample flag', () => {
    for (const f of facilities) {
      assert.deepEqual(Object.keys(f).sort(), ['area', 'code', 'kind', 'name', 'sample'], f.code);
      assert.ok((FACILITY_KINDS as readonly string[]).includes(f.kind), `${f.code}: kind ${f.kind}`);
      assert.ok(f.name.trim().length > 0, `${f.code}: name`);
      assert.equal(f.sample, true, `${f.code}: sample`);
    }
  });

  it('covers every kind the demo needs', () => {
    const kinds = new Set(facilities.map((f) => f.kind));
    for (const k of ['port_terminal', 'container_yard', 'warehouse', 'inspection_station', 'checkpoint', 'rest_area']) {
      assert.ok(kinds.has(k as Facility['kind']), `no ${k}`);
    }
  });

  it('has closed rings of valid coordinates, a few hundred metres across', () => {
    for (const f of facilities) {
      assert.ok(f.area.type === 'Polygon' || f.area.type === 'MultiPolygon', `${f.code}: area type`);
      for (const ring of rings(f.area)) {
        assert.ok(ring.length >= 4, `${f.code}: ring too short`);
        assert.deepEqual(ring[0], ring[ring.length - 1], `${f.code}: ring not closed`);
        ring.forEach((p, i) => assertPosition(p, `${f.code} vertex ${i}`));
        const span = Math.max(...ring.map((p) => haversineM(ring[0], p)));
        assert.ok(span > 50 && span < 1500, `${f.code}: span ${span.toFixed(0)} m`);
      }
    }
  });
});

describe('sample routes', () => {
  it('has unique codes and unique origin-destination pairs', () => {
    assert.ok(routes.length >= 10 && routes.length <= 14, `${routes.length} routes`);
    assert.equal(new Set(routes.map((r) => r.code)).size, routes.length, 'duplicate route code');
    const pairs = routes.map((r) => `${r.origin}>${r.destination}`);
    assert.equal(new Set(pairs).size, routes.length, 'two routes share origin and destination');
  });

  it('has only contract fields and the sample flag', () => {
    const allowed = new Set(['code', 'origin', 'destination', 'path', 'corridorWidthM', 'maxDurationMin', 'checkpoints', 'sample']);
    for (const r of routes) {
      for (const k of Object.keys(r)) assert.ok(allowed.has(k), `${r.code}: unexpected field ${k}`);
      assert.equal(r.sample, true, `${r.code}: sample`);
    }
  });

  it('refers to existing facilities; checkpoints are inspection stations', () => {
    for (const r of routes) {
      assert.ok(byCode.has(r.origin), `${r.code}: origin ${r.origin}`);
      assert.ok(byCode.has(r.destination), `${r.code}: destination ${r.destination}`);
      assert.notEqual(r.origin, r.destination, `${r.code}: origin is destination`);
      for (const cp of r.checkpoints ?? []) {
        assert.equal(byCode.get(cp)?.kind, 'inspection_station', `${r.code}: checkpoint ${cp}`);
      }
    }
    assert.ok(routes.some((r) => (r.checkpoints ?? []).length > 0), 'no route with a checkpoint');
  });

  it('has LineString paths of valid, densely spaced coordinates', () => {
    for (const r of routes) {
      assert.equal(r.path.type, 'LineString', r.code);
      const coords = r.path.coordinates;
      assert.ok(coords.length >= 2, `${r.code}: path too short`);
      coords.forEach((p, i) => assertPosition(p, `${r.code} vertex ${i}`));
      for (let i = 1; i < coords.length; i++) {
        const d = haversineM(coords[i - 1], coords[i]);
        assert.ok(d <= MAX_VERTEX_SPACING_M, `${r.code}: ${d.toFixed(0)} m between vertices ${i - 1} and ${i}`);
      }
    }
  });

  it('starts at the origin area and ends at the destination area', () => {
    for (const r of routes) {
      const coords = r.path.coordinates;
      const start = distanceToAreaM(coords[0], byCode.get(r.origin)!.area);
      const end = distanceToAreaM(coords[coords.length - 1], byCode.get(r.destination)!.area);
      assert.ok(start <= END_TOLERANCE_M, `${r.code}: starts ${start.toFixed(0)} m from ${r.origin}`);
      assert.ok(end <= END_TOLERANCE_M, `${r.code}: ends ${end.toFixed(0)} m from ${r.destination}`);
    }
  });

  it('passes each checkpoint, in order, within the corridor', () => {
    for (const r of routes) {
      const corridor = r.corridorWidthM ?? 200;
      let from = 0;
      for (const cp of r.checkpoints ?? []) {
        const area = byCode.get(cp)!.area;
        const at = r.path.coordinates.findIndex((p, i) => i >= from && distanceToAreaM(p, area) <= corridor);
        assert.ok(at >= 0, `${r.code}: never within ${corridor} m of checkpoint ${cp} (after vertex ${from})`);
        from = at;
      }
    }
  });

  it('has realistic corridors and time limits for a truck', () => {
    for (const r of routes) {
      const corridor = r.corridorWidthM ?? 200;
      assert.ok(corridor >= 100 && corridor <= 1000, `${r.code}: corridor ${corridor} m`);
      const km = pathLengthM(r.path.coordinates) / 1000;
      const at50 = (km / 50) * 60;
      assert.ok(Number.isInteger(r.maxDurationMin), `${r.code}: maxDurationMin not whole minutes`);
      assert.ok(r.maxDurationMin >= at50 + 15, `${r.code}: ${r.maxDurationMin} min is too tight for ${km.toFixed(0)} km`);
      assert.ok(r.maxDurationMin <= at50 + 60, `${r.code}: ${r.maxDurationMin} min is too loose for ${km.toFixed(0)} km`);
    }
  });
});
