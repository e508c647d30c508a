// The console's maps in a real browser: the base map switch (packaged coastline, the NLSC e-map,
// the style the server names, the server's offline PMTiles street map), facility names drawn once
// at every zoom, and live vehicles drawn by the WebGL layer in their state's and alert's colours,
// still clickable. No internet here: the e-map's and the style's tiles are answered by the test.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadImage } from '@napi-rs/canvas';
import type { Page, Route } from 'playwright-core';
import { SEVERITY_COLORS, TRIP_STATE_COLORS } from '../../web/src/map/colors.ts';
import { TestFleet } from './fleet.ts';
import { cannotRun, liveMonitoring, loadSampleReference, login, startHarness, type Harness, type WatchedPage } from './harness.ts';
import { buildFixture, FIXTURE_PLACE, FIXTURE_PLACE_AT } from './pmtiles-fixture.ts';

/** A 1×1 PNG: what the intercepted tile servers answer. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const STYLE_PATH = '/styles/test-style.json';
const TEST_STYLE = {
  version: 8,
  sources: { teststreets: { type: 'raster', tiles: ['/styles/tiles/{z}/{x}/{y}.png'], tileSize: 256, attribution: 'Test streets' } },
  layers: [{ id: 'teststreets', type: 'raster', source: 'teststreets' }],
};

const map = (p: Page) => p.evaluate(() => {
  const m = (window as any).__swMap;
  return { sources: Object.keys(m.getStyle().sources) as string[], layers: (m.getStyle().layers as { id: string }[]).map((l) => l.id), vehicles: !!document.querySelector('[data-testid=live-map] canvas[data-testid=vehicle-layer]') };
});
const idle = (p: Page) => p.evaluate(() => new Promise<void>((r) => (window as any).__swMap.once('idle', () => r())));

/** The tile at zoom z holding a point, as [x, y] (Web Mercator). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

function hex(c: string): [number, number, number] {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

describe('maps in the browser', { timeout: 300_000 }, () => {
  let h: Harness;
  let w: WatchedPage;
  let dir: string;
  let facilities: any[] = [];
  const emapTiles: string[] = [];
  const styleTiles: string[] = [];
  const ranges: string[] = [];

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    dir = mkdtempSync(join(tmpdir(), 'sw-pmtiles-'));
    const file = join(dir, 'taiwan.pmtiles');
    writeFileSync(file, buildFixture());
    h = await startHarness({ env: { MAP_STYLE_URL: STYLE_PATH, MAP_PMTILES_PATH: file } });
    ({ facilities } = await loadSampleReference(h));
    w = await h.newPage();
    const png = (list: string[]) => (route: Route) => {
      list.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
    };
    await w.page.route('https://wmts.nlsc.gov.tw/**', png(emapTiles));
    await w.page.route(`**${STYLE_PATH}`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(TEST_STYLE) }));
    await w.page.route('**/styles/tiles/**', png(styleTiles));
    w.page.on('request', (r) => {
      if (r.url().endsWith('/map/offline.pmtiles')) ranges.push(r.headers().range ?? '');
    });
  });

  after(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offers the base maps in Traditional Chinese, the configured style first', async () => {
    await login(w, h);
    await w.page.waitForSelector('[data-testid=live-map][data-ready="1"]');
    const options = await w.page.$$eval('[data-testid=basemap-switch] option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    assert.deepEqual(options, [
      ['coastline', '海岸線（離線）'],
      ['emap', '臺灣通用電子地圖'],
      ['style', '線上地圖'],
      ['streets', '街道圖（離線）'],
    ]);
    // MAP_STYLE_URL set and nothing chosen yet: the configured style.
    assert.equal(await w.page.inputValue('[data-testid=basemap-switch]'), 'style');
    await w.page.waitForFunction(() => (window as any).__swMap.getStyle()?.sources?.teststreets);
    assert.ok(styleTiles.length > 0, 'the configured style’s tiles are requested');
    assert.deepEqual(w.problems.take(), []);
  });

  it('switches to the NLSC e-map, keeps the console’s layers and remembers the choice', async () => {
    await w.page.evaluate(() => (window as any).__swMap.jumpTo({ center: [120.3, 22.6], zoom: 9 }));
    await w.page.selectOption('[data-testid=basemap-switch]', 'emap');
    await w.page.waitForFunction(() => (window as any).__swMap.getStyle()?.sources?.emap);
    await idle(w.page);
    const m = await map(w.page);
    assert.ok(!m.sources.includes('teststreets'), 'the previous base is gone');
    for (const id of ['facility-label', 'facility-fill', 'route-path', 'vehicle-labels']) assert.ok(m.layers.includes(id), `${id} kept`);
    assert.ok(m.vehicles, 'the vehicle layer is still over the map');
    assert.ok(m.layers.indexOf('emap') < m.layers.indexOf('facility-fill'), 'the e-map is under the facilities');
    // WMTS GoogleMapsCompatible: …/{TileMatrix}/{TileRow}/{TileCol}, i.e. z/y/x.
    const requested = emapTiles.map((u) => /\/wmts\/EMAP\/default\/GoogleMapsCompatible\/(\d+)\/(\d+)\/(\d+)$/.exec(u));
    assert.ok(requested.length > 0 && requested.every(Boolean), emapTiles.join('\n'));
    // 256-pixel tiles: one zoom level above the map's; the one over Kaohsiung is asked for by row, then column.
    assert.ok(
      requested.some((r) => {
        const [x, y] = tileOf(120.3, 22.6, Number(r![1]));
        return r![2] === String(y) && r![3] === String(x);
      }),
      `a tile over Kaohsiung among ${emapTiles.slice(0, 8).join(' ')}`,
    );
    assert.match(await w.page.textContent('.maplibregl-ctrl-attrib') ?? '', /內政部國土測繪中心/);
    assert.equal(await w.page.evaluate(() => localStorage.getItem('sw.basemap')), 'emap');

    await w.page.reload();
    await w.page.waitForSelector('[data-testid=live-map][data-ready="1"]');
    assert.equal(await w.page.inputValue('[data-testid=basemap-switch]'), 'emap');
    assert.ok((await map(w.page)).sources.includes('emap'));
    assert.deepEqual(w.problems.take(), []);
  });

  it('reads the offline street map from the server’s PMTiles file by ranges', async () => {
    await w.page.selectOption('[data-testid=basemap-switch]', 'streets');
    // Inland, away from the facilities' names (which would win the place for theirs).
    await w.page.evaluate((c) => (window as any).__swMap.jumpTo({ center: c, zoom: 8 }), FIXTURE_PLACE_AT);
    await w.page.waitForFunction(() => (window as any).__swMap.querySourceFeatures('streets', { sourceLayer: 'roads' }).length > 0, undefined, { timeout: 15_000 });
    await w.page.waitForFunction(
      (name) => (window as any).__swMap.queryRenderedFeatures({ layers: ['streets-places'] }).some((f: any) => f.properties.name === name),
      FIXTURE_PLACE,
      { timeout: 10_000 },
    );
    assert.ok(ranges.length > 0 && ranges.every((r) => /^bytes=\d+-\d+$/.test(r)), `ranged reads: ${ranges.join(', ')}`);
    await w.shot('map-offline-streets');
    // The file is for signed-in users only.
    assert.equal((await fetch(`${h.base}/map/offline.pmtiles`)).status, 401);
    assert.deepEqual(w.problems.take(), []);
  });

  it('names every facility once, at island scale as when zoomed in', async () => {
    await w.page.selectOption('[data-testid=basemap-switch]', 'coastline');
    const port = facilities.find((f) => f.kind === 'port_terminal' && f.area?.type === 'Polygon');
    assert.ok(port, 'a port terminal in the sample data');
    const ring: [number, number][] = port.area.coordinates[0];
    const centre = [ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length];
    for (const zoom of [7, 10, 13, 16]) {
      const labels = await w.page.evaluate(async ([z, c]) => {
        const m = (window as any).__swMap;
        m.jumpTo({ center: c, zoom: z });
        await new Promise((r) => m.once('idle', r));
        return (m.queryRenderedFeatures({ layers: ['facility-label'] }) as any[]).map((f) => f.properties.code as string);
      }, [zoom, centre] as const);
      assert.ok(labels.length > 0, `names shown at zoom ${zoom}`);
      assert.equal(new Set(labels).size, labels.length, `no name twice at zoom ${zoom}: ${labels.join(', ')}`);
    }
    assert.deepEqual(w.problems.take(), []);
  });

  it('draws live vehicles in their trip state’s colour, rings an alert, and opens a trip on a click', async () => {
    assert.ok(liveMonitoring(h), 'the monitoring engine and /stream must be running');
    const { routes } = await loadSampleReference(h);
    const fleet = new TestFleet(h, routes.find((r: any) => r.code === 'RT-BK006-BY010'));
    const moving = await fleet.add(0);
    const alarmed = await fleet.add(1);
    for (const v of [moving, alarmed]) await fleet.report(v, 0);
    await fleet.report(moving, 0.2);
    await fleet.report(alarmed, 0.4);
    await fleet.report(alarmed, 0.41, 'tampered');
    await w.page.waitForFunction(
      ([a, b]) => {
        const l = (window as any).__swVehicles;
        return l.drawnVehicle(a) && l.drawnVehicle(b)?.sev === 4;
      },
      [moving.plate, alarmed.plate] as const,
      { timeout: 15_000 },
    );

    for (const [plate, ring] of [
      [moving.plate, null],
      [alarmed.plate, SEVERITY_COLORS.critical],
    ] as const) {
      const at = await w.page.evaluate(async (p) => {
        const m = (window as any).__swMap;
        const v = (window as any).__swVehicles.drawnVehicle(p);
        m.jumpTo({ center: [v.lon, v.lat], zoom: 10 });
        await new Promise((r) => m.once('idle', r));
        const pt = m.project([v.lon, v.lat]);
        const box = m.getCanvas().getBoundingClientRect();
        return { x: box.left + pt.x, y: box.top + pt.y, state: v.state as string, radius: 4 + (4 / 6) * 3 };
      }, plate);
      const shot = await w.page.screenshot({ clip: { x: Math.round(at.x) - 12, y: Math.round(at.y) - 12, width: 25, height: 25 } });
      const img = await loadImage(shot);
      const { createCanvas } = await import('@napi-rs/canvas');
      const c = createCanvas(img.width, img.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const px = (dx: number) => [...ctx.getImageData(12 + dx, 12, 1, 1).data.slice(0, 3)];
      const close = (got: number[], want: [number, number, number]) => got.every((g, i) => Math.abs(g - want[i]) <= 24);
      const fill = hex(TRIP_STATE_COLORS[at.state as keyof typeof TRIP_STATE_COLORS]);
      assert.ok(close(px(0), fill), `${plate} (${at.state}) centre ${px(0)} is ${fill}`);
      if (ring) {
        const edge = px(Math.round(at.radius + 2));
        assert.ok(close(edge, hex(ring)), `${plate} ring ${edge} is ${hex(ring)}`);
      }
    }
    await w.shot('map-vehicles-webgl');

    // The vehicle under the pointer is the one clicked: its trip opens.
    const at = await w.page.evaluate(async (p) => {
      const m = (window as any).__swMap;
      const l = (window as any).__swVehicles;
      const v = l.drawnVehicle(p);
      m.jumpTo({ center: [v.lon, v.lat], zoom: 14 });
      await new Promise((r) => m.once('idle', r));
      const pt = m.project([v.lon, v.lat]);
      const box = m.getCanvas().getBoundingClientRect();
      return { x: box.left + pt.x, y: box.top + pt.y, found: l.vehicleAt(pt.x, pt.y)?.plate as string | undefined };
    }, alarmed.plate);
    assert.equal(at.found, alarmed.plate, 'the vehicle under its own point');
    await w.page.mouse.click(at.x, at.y);
    await w.page.waitForSelector('[data-testid=trip-page]');
    assert.match((await w.page.textContent('[data-testid=trip-cns]')) ?? '', new RegExp(alarmed.cnNo));
    assert.deepEqual(w.problems.take(), []);
  });
});
