// The offline basemap: land around Taiwan cut out of Natural Earth (world-atlas 10m), built once
// at bundle time so the app needs no tile server and ships tens of kilobytes, not megabytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

/** West, south, east, north: the Taiwan Strait, Taiwan, Penghu, Kinmen, Matsu and the nearby coasts. */
export const BASEMAP_BBOX: [number, number, number, number] = [116.5, 20.5, 124.5, 27.5];

type Ring = Position[];

/** Sutherland–Hodgman against one edge of the box; keeps polygons fillable after the cut. */
function clipEdge(ring: Ring, inside: (p: Position) => boolean, cross: (a: Position, b: Position) => Position): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const cur = ring[i];
    const prev = ring[(i + ring.length - 1) % ring.length];
    const curIn = inside(cur);
    const prevIn = inside(prev);
    if (curIn) {
      if (!prevIn) out.push(cross(prev, cur));
      out.push(cur);
    } else if (prevIn) out.push(cross(prev, cur));
  }
  return out;
}

export function clipRing(ring: Ring, [w, s, e, n]: [number, number, number, number]): Ring | null {
  const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  const atX = (x: number) => (a: Position, b: Position): Position => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY = (y: number) => (a: Position, b: Position): Position => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  let r = clipEdge(open, (p) => p[0] >= w, atX(w));
  r = clipEdge(r, (p) => p[0] <= e, atX(e));
  r = clipEdge(r, (p) => p[1] >= s, atY(s));
  r = clipEdge(r, (p) => p[1] <= n, atY(n));
  if (r.length < 3) return null;
  const rounded = r.map((p) => [Math.round(p[0] * 1e4) / 1e4, Math.round(p[1] * 1e4) / 1e4]);
  rounded.push(rounded[0]);
  return rounded;
}

function clipPolygons(polys: Position[][][], bbox: [number, number, number, number]): Position[][][] {
  const out: Position[][][] = [];
  for (const poly of polys) {
    const outer = clipRing(poly[0], bbox);
    if (!outer) continue;
    const holes = poly.slice(1).map((h) => clipRing(h, bbox)).filter((h): h is Ring => h !== null);
    out.push([outer, ...holes]);
  }
  return out;
}

/** Land of every country inside the box, one feature per country with its ISO numeric id and name. */
export function buildBasemap(bbox = BASEMAP_BBOX): FeatureCollection<MultiPolygon, { id: string; name: string }> {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = feature(topo, topo.objects.countries) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
  const features: Feature<MultiPolygon, { id: string; name: string }>[] = [];
  for (const f of all.features) {
    if (!f.geometry) continue;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const clipped = clipPolygons(polys, bbox);
    if (clipped.length === 0) continue;
    features.push({ type: 'Feature', properties: { id: String(f.id), name: f.properties.name }, geometry: { type: 'MultiPolygon', coordinates: clipped } });
  }
  return { type: 'FeatureCollection', features };
}
