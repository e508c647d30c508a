import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AREA_LIMITS, TOO_COMPLEX, checkArea, checkLineString, findSelfIntersection, type BBox } from '../../src/registry/geometry.ts';

type Err = { path: string; message: string };
function errorsOf(fn: (errs: { add(path: string, message: string): void }) => void): Err[] {
  const list: Err[] = [];
  fn({ add: (path, message) => list.push({ path, message }) });
  return list;
}
const area = (v: unknown, bbox?: BBox) => errorsOf((e) => checkArea(v, '/body/area', e, bbox ? { bbox } : {}));
const line = (v: unknown) => errorsOf((e) => checkLineString(v, '/body/path', e));

// A small square in Kaohsiung port, counter-clockwise.
const square = [
  [120.30, 22.55],
  [120.31, 22.55],
  [120.31, 22.56],
  [120.30, 22.56],
  [120.30, 22.55],
];

describe('registry geometry: facility areas', () => {
  it('accepts a closed Polygon, a Polygon with a hole and a MultiPolygon', () => {
    assert.deepEqual(area({ type: 'Polygon', coordinates: [square] }), []);
    const hole = [
      [120.302, 22.552],
      [120.302, 22.558],
      [120.308, 22.558],
      [120.308, 22.552],
      [120.302, 22.552],
    ];
    assert.deepEqual(area({ type: 'Polygon', coordinates: [square, hole] }), []);
    const east = square.map(([x, y]) => [x + 0.1, y]);
    assert.deepEqual(area({ type: 'MultiPolygon', coordinates: [[square], [east]] }), []);
  });

  it('names the last position of a ring that is not closed', () => {
    const open = [square[0], square[1], square[2], square[3]];
    assert.deepEqual(area({ type: 'Polygon', coordinates: [open] }), [
      { path: '/body/area/coordinates/0/3', message: 'ring is not closed: last position must equal the first' },
    ]);
    const errs = area({ type: 'MultiPolygon', coordinates: [[square], [open]] });
    assert.equal(errs[0].path, '/body/area/coordinates/1/0/3');
  });

  it('refuses rings with fewer than 4 positions', () => {
    const errs = area({ type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] });
    assert.equal(errs[0].path, '/body/area/coordinates/0');
    assert.match(errs[0].message, /at least 4 positions/);
  });

  it('names each bad coordinate: not numbers, out of range, outside Taiwan', () => {
    const ring = [square[0], ['120.31', 22.55], [200, 22.56], [139.69, 35.69], square[0]];
    const errs = area({ type: 'Polygon', coordinates: [ring] });
    assert.deepEqual(
      errs.map((e) => e.path),
      ['/body/area/coordinates/0/1', '/body/area/coordinates/0/2', '/body/area/coordinates/0/3'],
    );
    assert.match(errs[0].message, /\[lon, lat\] with numbers/);
    assert.match(errs[1].message, /longitude 200 is out of range/);
    assert.match(errs[2].message, /outside the served area/);
  });

  it('catches lat/lon given in the wrong order', () => {
    const swapped = square.map(([x, y]) => [y, x]);
    const errs = area({ type: 'Polygon', coordinates: [swapped] });
    assert.equal(errs.length, 5);
    assert.match(errs[0].message, /latitude 120.3 is out of range -90..90; GeoJSON positions are \[lon, lat\], these look swapped/);
  });

  it('takes another bounding box when configured', () => {
    const tokyo = square.map(([x, y]) => [x + 19.4, y + 13.1]);
    assert.equal(area({ type: 'Polygon', coordinates: [tokyo] }).length, 5);
    assert.deepEqual(area({ type: 'Polygon', coordinates: [tokyo] }, { minLon: 139, minLat: 35, maxLon: 140, maxLat: 36 }), []);
  });

  it('refuses a self-intersecting ring (a bow tie), naming the first crossing edge', () => {
    const bowTie = [
      [120.30, 22.55],
      [120.31, 22.56],
      [120.31, 22.55],
      [120.30, 22.56],
      [120.30, 22.55],
    ];
    const errs = area({ type: 'Polygon', coordinates: [bowTie] });
    assert.equal(errs.length, 1);
    assert.equal(errs[0].path, '/body/area/coordinates/0/0');
    assert.match(errs[0].message, /intersects itself: edge 0–1 meets edge 2–3 at \[120.305, 22.555\]/);
  });

  it('refuses a spike (an edge folding back on the previous one) and a ring touching itself', () => {
    const spike = [square[0], square[1], [120.32, 22.55], square[1], square[2], square[3], square[0]];
    assert.match(area({ type: 'Polygon', coordinates: [spike] })[0].message, /intersects itself/);
    const figureEight = [
      [120.30, 22.55],
      [120.31, 22.55],
      [120.305, 22.555],
      [120.31, 22.56],
      [120.30, 22.56],
      [120.305, 22.555],
      [120.30, 22.55],
    ];
    assert.match(area({ type: 'Polygon', coordinates: [figureEight] })[0].message, /intersects itself/);
  });

  it('refuses a hole crossing its shell', () => {
    const hole = [
      [120.305, 22.552],
      [120.315, 22.552],
      [120.315, 22.558],
      [120.305, 22.558],
      [120.305, 22.552],
    ];
    const errs = area({ type: 'Polygon', coordinates: [square, hole] });
    assert.equal(errs.length, 1);
    assert.match(errs[0].message, /ring 1 edge/);
  });

  it('ignores repeated consecutive positions rather than calling them crossings', () => {
    const repeated = [square[0], square[1], square[1], square[2], square[3], square[0]];
    assert.deepEqual(area({ type: 'Polygon', coordinates: [repeated] }), []);
  });

  it('checks large rings quickly', () => {
    const n = 20000;
    const ring = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      return [120.3 + 0.01 * Math.cos(a), 22.55 + 0.01 * Math.sin(a)];
    });
    ring.push(ring[0]);
    const t0 = performance.now();
    assert.deepEqual(area({ type: 'Polygon', coordinates: [ring] }), []);
    assert.ok(performance.now() - t0 < 2000);
  });

  it('names a wrong geometry type', () => {
    assert.deepEqual(area({ type: 'Point', coordinates: [120.3, 22.5] }).map((e) => e.path), ['/body/area/type']);
    assert.deepEqual(area(null).map((e) => e.path), ['/body/area']);
  });
});

describe('registry geometry: route paths', () => {
  it('accepts a LineString of 2 or more positions inside Taiwan', () => {
    assert.deepEqual(line({ type: 'LineString', coordinates: [[120.3, 22.55], [120.31, 22.56]] }), []);
  });

  it('refuses fewer than 2 positions, all-equal positions and positions outside Taiwan', () => {
    assert.match(line({ type: 'LineString', coordinates: [[120.3, 22.55]] })[0].message, /at least 2 positions/);
    assert.match(line({ type: 'LineString', coordinates: [[120.3, 22.55], [120.3, 22.55]] })[0].message, /distinct/);
    assert.deepEqual(line({ type: 'LineString', coordinates: [[120.3, 22.55], [130, 22.56]] }).map((e) => e.path), ['/body/path/coordinates/1']);
    assert.deepEqual(line({ type: 'Polygon', coordinates: [] }).map((e) => e.path), ['/body/path/type']);
  });
});

describe('registry geometry: bounds and holes', () => {
  const hole = (x: number, y: number, d = 0.002) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

  it('refuses a hole outside the shell, and one touching the shell only from outside', () => {
    const far = area({ type: 'Polygon', coordinates: [square, hole(120.32, 22.552)] });
    assert.deepEqual(far.map((e) => e.path), ['/body/area/coordinates/1']);
    assert.match(far[0].message, /hole is outside its polygon/);
    // Shares the shell's corner [120.31, 22.55] and lies east of it.
    const east = [[120.31, 22.55], [120.312, 22.549], [120.312, 22.551], [120.31, 22.55]];
    const touching = area({ type: 'Polygon', coordinates: [square, east] });
    assert.deepEqual(touching.map((e) => e.path), ['/body/area/coordinates/1']);
  });

  it('accepts a hole touching the shell at one point from inside', () => {
    const inside = [[120.30, 22.555], [120.302, 22.554], [120.302, 22.556], [120.30, 22.555]];
    assert.deepEqual(area({ type: 'Polygon', coordinates: [square, inside] }), []);
  });

  it('refuses a hole inside another hole and two holes running along each other', () => {
    const nested = area({ type: 'Polygon', coordinates: [square, hole(120.302, 22.552, 0.005), hole(120.303, 22.553)] });
    assert.deepEqual(nested.map((e) => e.path), ['/body/area/coordinates/2']);
    assert.match(nested[0].message, /inside hole 1/);
    const twins = area({ type: 'Polygon', coordinates: [square, hole(120.302, 22.552), hole(120.302, 22.552)] });
    assert.equal(twins.length, 1);
    assert.match(twins[0].message, /intersects itself/);
  });

  it('refuses too many rings, polygons or positions before checking any position', () => {
    const rings = Array.from({ length: AREA_LIMITS.ringsPerPolygon + 1 }, () => [[0, 0]]);
    const errs = area({ type: 'Polygon', coordinates: rings });
    assert.deepEqual(errs.map((e) => e.path), ['/body/area/coordinates']);
    assert.match(errs[0].message, /at most 100/);
    const parts = Array.from({ length: AREA_LIMITS.polygons + 1 }, () => [square]);
    assert.deepEqual(area({ type: 'MultiPolygon', coordinates: parts }).map((e) => e.path), ['/body/area/coordinates']);
    const long = Array.from({ length: AREA_LIMITS.positionsPerRing + 1 }, () => square[0]);
    assert.deepEqual(area({ type: 'Polygon', coordinates: [square, long] }).map((e) => e.path), ['/body/area/coordinates/1']);
    const half = Array.from({ length: AREA_LIMITS.positionsPerArea / 2 }, () => square[0]);
    const many = area({ type: 'MultiPolygon', coordinates: [[half], [half], [square]] });
    assert.deepEqual(many.map((e) => e.path), ['/body/area']);
  });

  it('gives up on a shape needing more edge pairs than allowed rather than working on', () => {
    const ring = Array.from({ length: 40 }, (_, i) => {
      const a = (2 * Math.PI * i) / 40;
      return [120.3 + 0.01 * Math.cos(a), 22.55 + 0.01 * Math.sin(a)] as [number, number];
    });
    ring.push(ring[0]);
    assert.equal(findSelfIntersection([ring], 10), TOO_COMPLEX);
    assert.equal(findSelfIntersection([ring]), null);
  });
});
