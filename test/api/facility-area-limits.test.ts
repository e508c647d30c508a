// A facility area is bounded before its geometry is checked, so one request cannot hold the server;
// and a hole must lie inside its shell.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';
import { facility } from '../registry/fixtures.ts';

const V1 = '/api/v1';

/** A shell of about 0.2° and `holes` small houses in a grid inside it, positions at full precision. */
function manyHoles(holes: number): number[][][] {
  const shell = [[121.1, 24.9], [121.3, 24.9], [121.3, 25.1], [121.1, 25.1], [121.1, 24.9]];
  const rings = [shell];
  for (let i = 0; i < holes; i++) {
    const x = 121.1013 + (i % 50) * 0.003912345678912345;
    const y = 24.9013 + Math.floor(i / 50) * 0.003912345678912345;
    const d = 0.002123456789123456;
    // A house: a square with a roof.
    rings.push([[x, y], [x + d, y], [x + d, y + d], [x + d / 2, y + 1.5 * d], [x, y + d], [x, y]]);
  }
  return rings;
}

describe('facilities: bounded areas and holes inside their shell', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const post = (code: string, area: unknown) =>
    t.request('POST', `${V1}/facilities`, t.adminKey, { ...facility(code, 'container_yard', 121.2, 25.0), area });

  it('refuses an area of 2,500 rings with 422 naming the polygon, and stores nothing', async () => {
    const area = { type: 'Polygon', coordinates: manyHoles(2499) };
    assert.ok(JSON.stringify(area).length > 540_000, 'the body is over half a megabyte');
    const r = await post('CY041', area);
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().errors.map((e: { path: string }) => e.path), ['/body/area/coordinates']);
    assert.match(r.json().errors[0].message, /2500 rings; at most 100/);
    assert.equal((await t.request('GET', `${V1}/facilities/CY041`, t.adminKey)).statusCode, 404);
  });

  it('refuses a MultiPolygon whose parts together hold too many rings or positions', async () => {
    const part = manyHoles(60);
    const tooManyParts = { type: 'MultiPolygon', coordinates: Array.from({ length: 101 }, () => [part[0]]) };
    const r = await post('CY042', tooManyParts);
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().errors.map((e: { path: string }) => e.path), ['/body/area/coordinates']);
  });

  it('accepts a shell with holes inside it', async () => {
    const r = await post('CY043', { type: 'Polygon', coordinates: manyHoles(99) });
    assert.equal(r.statusCode, 201, r.body);
  });

  it('refuses a hole outside its shell, naming the ring', async () => {
    const [shell] = manyHoles(0);
    const outside = [[121.4, 24.9], [121.45, 24.9], [121.45, 24.95], [121.4, 24.9]];
    const r = await post('CY044', { type: 'Polygon', coordinates: [shell, outside] });
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().errors.map((e: { path: string }) => e.path), ['/body/area/coordinates/1']);
    assert.match(r.json().errors[0].message, /outside its polygon/);
  });
});
