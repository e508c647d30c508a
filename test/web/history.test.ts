// Trip replay and a vehicle's history in the console, in a real browser against the real server:
// the replay fitted to the track, stepped fix by fix with the speed and battery chart in step,
// following the vehicle, its events marked on the slider; the trip page on paper; a vehicle's
// track, trips and alerts over a date range in Taipei time; and the vehicle list beside the live
// map, filtered by state, route, company, alert and text, centring the map on a click.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toTaipeiInput } from '../../web/src/history/taipeiTime.ts';
import { alongPath, TestFleet, type TestVehicle } from './fleet.ts';
import { cannotRun, liveMonitoring, loadSampleReference, login, startHarness, type Harness, type WatchedPage } from './harness.ts';

const ROUTE = 'RT-BK006-BY010';
const FLEET_UBN = '12345675';
const STEPS = [
  { fraction: 0, speed: 0, battery: 90, seal: 95, state: 'locked' },
  { fraction: 0.1, speed: 40, battery: 85, seal: 94, state: 'locked' },
  { fraction: 0.2, speed: 50, battery: 80, seal: 93, state: 'locked' },
  { fraction: 0.3, speed: 60, battery: 75, seal: 92, state: 'tampered' },
  { fraction: 0.4, speed: 30, battery: 70, seal: 91, state: 'tampered' },
] as const;

describe('trip replay and vehicle history in the browser', { timeout: 180_000 }, () => {
  let h: Harness;
  let w: WatchedPage;
  let fleet: TestFleet;
  let v0: TestVehicle;
  let tripId: string;
  let path: [number, number][];
  const base = Date.now() - 10 * 60_000;
  const fixAt = (i: number) => base + i * 60_000;

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    assert.ok(liveMonitoring(h), 'the monitoring engine and /stream must be running');
    const { routes } = await loadSampleReference(h);
    const route = routes.find((r) => r.code === ROUTE);
    path = route.path.coordinates;
    fleet = new TestFleet(h, route);
    await h.api('POST', '/companies', { ubn: FLEET_UBN, name: '南部保稅運輸', roles: ['fleet'] });
    for (let i = 0; i < 3; i++) await fleet.add(i);
    [v0] = fleet.vehicles;
    // Vehicle 0: five fixes a minute apart, its batteries falling, seal cut at the fourth.
    for (const [i, s] of STEPS.entries()) await send(v0, i, s);
    // Vehicle 1 tampered too; vehicle 2 clean and of a registered fleet.
    const [, v1, v2] = fleet.vehicles;
    for (const [i, s] of STEPS.slice(0, 4).entries()) await send(v1, i, s);
    for (const [i, s] of STEPS.slice(0, 3).entries()) await send(v2, i, s);
    // Vehicle 0 leaves its origin by a lane half a minute after its first fix.
    await h.api('POST', '/gate-events', { facility: route.origin, lane: 'OUT-1', direction: 'out', plate: v0.plate, containerNos: [v0.containerNo], source: 'ocr', capturedAt: new Date(fixAt(0) + 30_000).toISOString() });
    await h.api('PUT', `/vehicles/${v2.plate}`, { plate: v2.plate, kind: 'tractor', category: 1, fleetUbn: FLEET_UBN });
    tripId = await until(async () => {
      const trips = await h.api<any[]>('GET', `/trips?plate=${v0.plate}`);
      const track = trips[0] ? await h.api<any>('GET', `/trips/${encodeURIComponent(trips[0].tripId)}/track?format=list`) : null;
      const trip = trips[0] ? await h.api<any>('GET', `/trips/${encodeURIComponent(trips[0].tripId)}`) : null;
      return track?.positions.length === STEPS.length && trip?.gatePassages.length === 1 ? (trips[0].tripId as string) : null;
    });
    w = await h.newPage();
    await login(w, h);
  });

  after(async () => {
    await h?.close();
  });

  /** A report a minute after the last, in the past: the trip's fixes are minutes apart, as on the road. */
  async function send(v: TestVehicle, i: number, s: (typeof STEPS)[number]) {
    const [lon, lat] = alongPath(path, s.fraction);
    const body = { deviceId: v.obuId, ts: new Date(fixAt(i)).toISOString(), lat, lon, speedKmh: s.speed, heading: 90, hdop: 1, battery: s.battery, seals: [{ id: v.sealId, state: s.state, link: 'ok', battery: s.seal }] };
    await h.api('POST', '/telemetry', body, `Basic ${Buffer.from(`${v.obuId}:${v.secret}`).toString('base64')}`);
    v.clock = fixAt(i);
  }

  async function until<T>(check: () => Promise<T | null>): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const v = await check();
      if (v !== null && v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('condition not met in 10 s');
  }

  const fixText = async () => (await w.page.textContent('[data-testid=replay-fix]'))?.trim();
  const center = () => w.page.evaluate(() => {
    const c = (window as any).__swTripMap.getCenter();
    return [c.lng, c.lat] as [number, number];
  });

  it('opens the replay fitted to the track, steps fix by fix and keeps the chart in step', async () => {
    await w.page.goto(`${h.base}/#/trips/${encodeURIComponent(tripId)}`);
    await w.page.waitForSelector('[data-testid=trip-map][data-ready="1"]');
    await w.page.waitForSelector('[data-testid=replay-chart]');
    const inView = await w.page.evaluate((pts) => {
      const b = (window as any).__swTripMap.getBounds();
      return pts.map((p: [number, number]) => b.contains(p));
    }, STEPS.map((s) => alongPath(path, s.fraction)));
    assert.deepEqual(inView, STEPS.map(() => true), 'every fix is on screen at open');
    // The replay opens at the last fix: nothing further forward.
    assert.equal(await fixText(), '第 5 / 5 筆定位');
    assert.equal(await w.page.isDisabled('[data-testid=replay-step-forward]'), true);
    assert.equal(await w.page.textContent('[data-testid=readout-battery]'), '70');
    await w.page.click('[data-testid=replay-step-back]');
    await w.page.click('[data-testid=replay-step-back]');
    assert.equal(await fixText(), '第 3 / 5 筆定位');
    assert.equal(await w.page.textContent('[data-testid=readout-battery]'), '80');
    assert.equal(await w.page.textContent('[data-testid=readout-seal-battery]'), '93');
    assert.equal(await w.page.getAttribute('[data-testid=chart-cursor]', 'data-x'), '0.5000', 'the cursor sits at the third of five fixes');
    await w.page.click('[data-testid=replay-step-forward]');
    assert.equal(await fixText(), '第 4 / 5 筆定位');
    assert.equal(await w.page.textContent('[data-testid=readout-battery]'), '75');
    // The chart draws speed, the OBU battery and the seal battery, one point a fix.
    for (const line of ['chart-speed', 'chart-battery', 'chart-seal-battery']) {
      const d = await w.page.getAttribute(`[data-testid=${line}]`, 'd');
      assert.equal(d?.match(/[ML]/g)?.length, STEPS.length, line);
    }
    // A click at the chart's left end moves the replay to the first fix.
    const box = (await w.page.locator('[data-testid=replay-chart] svg').boundingBox())!;
    await w.page.mouse.click(box.x + 1, box.y + box.height / 2);
    assert.equal(await fixText(), '第 1 / 5 筆定位');
    assert.equal(await w.page.isDisabled('[data-testid=replay-step-back]'), true);
    await w.shot('history-01-replay');
    assert.deepEqual(w.problems.take(), []);
  });

  it('follows the replayed vehicle when asked, and leaves the camera alone when not', async () => {
    await w.page.check('[data-testid=replay-follow]');
    await w.page.click('[data-testid=replay-step-forward]');
    await w.page.click('[data-testid=replay-step-forward]');
    const [lon, lat] = alongPath(path, STEPS[2].fraction);
    const [cx, cy] = await center();
    assert.ok(Math.abs(cx - lon) < 1e-6 && Math.abs(cy - lat) < 1e-6, `camera on the third fix: ${cx},${cy} vs ${lon},${lat}`);
    await w.page.uncheck('[data-testid=replay-follow]');
    await w.page.click('[data-testid=replay-step-forward]');
    assert.deepEqual(await center(), [cx, cy]);
    assert.equal(await fixText(), '第 4 / 5 筆定位');
    assert.deepEqual(w.problems.take(), []);
  });

  it('marks the trip events on the slider and jumps to one on a click', async () => {
    const seal = w.page.locator('[data-testid=replay-marker][data-kind=seal]');
    assert.equal(await seal.count(), 1, 'the seal going from locked to tampered');
    assert.equal(await seal.getAttribute('data-at'), new Date(fixAt(3)).toISOString());
    assert.match((await seal.getAttribute('aria-label')) ?? '', new RegExp(`封條 ${v0.sealId}：遭破壞`));
    const alert = w.page.locator('[data-testid=replay-marker][data-kind=alert]');
    assert.ok((await alert.count()) >= 1);
    assert.match((await alert.first().getAttribute('aria-label')) ?? '', /警示：封條異常（重大）/);
    assert.ok((await w.page.locator('[data-testid=replay-marker][data-kind=state]').count()) >= 1, 'trip state changes');
    const gate = w.page.locator('[data-testid=replay-marker][data-kind=gate]');
    assert.equal(await gate.getAttribute('data-at'), new Date(fixAt(0) + 30_000).toISOString());
    assert.equal(await gate.getAttribute('aria-label'), '出站：BK006 OUT-1');
    await gate.click();
    assert.equal(await fixText(), '第 1 / 5 筆定位', 'between the first and second fix');
    await w.page.click('[data-testid=replay-step-forward]');
    assert.equal(await fixText(), '第 2 / 5 筆定位');
    await seal.click();
    assert.equal(await fixText(), '第 4 / 5 筆定位');
    assert.equal(await w.page.getAttribute('[data-testid=chart-cursor]', 'data-x'), '0.7500');
    assert.deepEqual(w.problems.take(), []);
  });

  it('prints the trip page without the navigation, map, timeline and details on the page', async () => {
    await w.page.emulateMedia({ media: 'print' });
    try {
      assert.equal(await w.page.locator('.topbar').isVisible(), false, 'no navigation chrome');
      assert.equal(await w.page.locator('[data-testid=replay-step-back]').isVisible(), false, 'no replay controls');
      assert.equal(await w.page.locator('[data-testid=trip-print]').isVisible(), false);
      for (const part of ['trip-map', 'trip-timeline', 'trip-cns', 'trip-containers', 'replay-chart']) {
        const b = await w.page.locator(`[data-testid=${part}]`).boundingBox();
        assert.ok(b && b.width > 100 && b.height > 0, `${part} is laid out on paper`);
      }
      // A4 portrait: everything within the printable width, the map above the details.
      const map = (await w.page.locator('[data-testid=trip-map]').boundingBox())!;
      const facts = (await w.page.locator('[data-testid=trip-cns]').boundingBox())!;
      assert.ok(map.y < facts.y, 'the map comes first');
      const pdf = await w.page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 10_000, 'a PDF is produced');
    } finally {
      await w.page.emulateMedia({ media: 'screen' });
    }
    assert.equal(await w.page.locator('.topbar').isVisible(), true);
    assert.deepEqual(w.problems.take(), []);
  });

  it("shows a vehicle's track, trips and alerts over a date range in Taipei time", async () => {
    const from = toTaipeiInput(base - 60_000);
    const to = toTaipeiInput(Date.now() + 120_000);
    await w.page.click('[data-testid=trip-vehicle-history]');
    await w.page.waitForSelector('[data-testid=vehicle-history]');
    await w.page.goto(`${h.base}/#/vehicles/${v0.plate}/history?from=${from}&to=${to}`);
    await w.page.waitForSelector('[data-testid=history-count][data-count="5"]');
    assert.equal(await w.page.inputValue('input[name=from]'), from);
    assert.equal(await w.page.inputValue('input[name=to]'), to);
    assert.match((await w.page.textContent('[data-testid=history-trips]')) ?? '', new RegExp(tripId));
    assert.match((await w.page.textContent('[data-testid=history-alerts]')) ?? '', /封條異常/);
    assert.equal(await w.page.getAttribute('[data-testid=chart-battery]', 'd').then((d) => d?.match(/[ML]/g)?.length), STEPS.length);
    await w.page.waitForSelector('[data-testid=history-map][data-ready="1"]');
    const inView = await w.page.evaluate((pts) => {
      const b = (window as any).__swHistoryMap.getBounds();
      return pts.every((p: [number, number]) => b.contains(p));
    }, STEPS.map((s) => alongPath(path, s.fraction)));
    assert.ok(inView, 'the track fills the map');
    await w.shot('history-02-vehicle-range');
    // A range that ends before the first fix holds none of them.
    await w.page.fill('input[name=from]', toTaipeiInput(base - 3 * 3600_000));
    await w.page.fill('input[name=to]', toTaipeiInput(base - 60_000));
    await w.page.click('[data-testid=history-range] button[type=submit]');
    await w.page.waitForSelector('[data-testid=history-count][data-count="0"]');
    assert.match(await w.page.evaluate(() => location.hash), new RegExp(`to=${encodeURIComponent(toTaipeiInput(base - 60_000))}`));
    // An end before the start is refused before asking the server.
    await w.page.fill('input[name=to]', toTaipeiInput(base - 4 * 3600_000));
    await w.page.click('[data-testid=history-range] button[type=submit]');
    assert.match((await w.page.textContent('[data-testid=history-range-error]')) ?? '', /迄時必須晚於起時/);
    assert.deepEqual(w.problems.take(), []);
  });

  it('lists the vehicles beside the live map, filters them and centres the map on one', async () => {
    const [, v1, v2] = fleet.vehicles;
    await w.page.goto(`${h.base}/#/map`);
    await w.page.waitForSelector('[data-testid=live-map][data-ready="1"]');
    const rows = w.page.locator('[data-testid=vehicle-row]');
    const plates = async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-plate')))).sort();
    await until(async () => ((await rows.count()) === 3 ? true : null));
    await w.page.selectOption('[data-testid=vl-alert]', 'critical');
    await until(async () => ((await rows.count()) === 2 ? true : null));
    assert.deepEqual(await plates(), [v0.plate, v1.plate].sort());
    await w.page.selectOption('[data-testid=vl-alert]', 'none');
    assert.deepEqual(await plates(), [v2.plate]);
    await w.page.selectOption('[data-testid=vl-alert]', '');
    await w.page.selectOption('[data-testid=vl-state]', 'in_transit');
    assert.deepEqual(await plates(), fleet.vehicles.map((v) => v.plate).sort());
    await w.page.selectOption('[data-testid=vl-state]', 'closed');
    assert.deepEqual(await plates(), []);
    await w.page.selectOption('[data-testid=vl-state]', '');
    await until(async () => ((await w.page.locator(`[data-testid=vl-route] option[value="${ROUTE}"]`).count()) === 1 ? true : null));
    await w.page.selectOption('[data-testid=vl-route]', ROUTE);
    await until(async () => ((await rows.count()) === 3 ? true : null));
    await until(async () => ((await w.page.locator(`[data-testid=vl-company] option[value="${FLEET_UBN}"]`).count()) === 1 ? true : null));
    await w.page.selectOption('[data-testid=vl-company]', FLEET_UBN);
    assert.deepEqual(await plates(), [v2.plate]);
    await w.page.selectOption('[data-testid=vl-company]', '');
    await w.page.selectOption('[data-testid=vl-route]', '');
    await w.page.fill('[data-testid=vl-search]', v1.containerNo);
    assert.deepEqual(await plates(), [v1.plate]);
    await w.page.fill('[data-testid=vl-search]', v2.plate.toLowerCase());
    assert.deepEqual(await plates(), [v2.plate]);
    await rows.first().click();
    assert.equal(await rows.first().getAttribute('aria-selected'), 'true');
    const [lon, lat] = alongPath(path, STEPS[2].fraction);
    const c = await w.page.evaluate(() => {
      const m = (window as any).__swMap;
      return [m.getCenter().lng, m.getCenter().lat, m.getZoom()] as number[];
    });
    assert.ok(Math.abs(c[0] - lon) < 1e-6 && Math.abs(c[1] - lat) < 1e-6, `map centred on ${v2.plate}: ${c}`);
    assert.ok(c[2] >= 12, 'zoomed in to the vehicle');
    await w.shot('history-03-vehicle-list');
    assert.deepEqual(w.problems.take(), []);
  });

  it('folds the vehicle list away on a phone until asked', async () => {
    const phone = await h.newPage();
    await phone.page.setViewportSize({ width: 390, height: 800 });
    await login(phone, h);
    await phone.page.waitForSelector('[data-testid=live-map][data-ready="1"]');
    assert.equal(await phone.page.getAttribute('[data-testid=vehicle-list]', 'data-open'), '0');
    assert.equal(await phone.page.locator('[data-testid=vl-search]').count(), 0);
    await phone.page.click('[data-testid=vehicle-list-toggle]');
    await phone.page.waitForSelector('[data-testid=vl-search]');
    const list = (await phone.page.locator('[data-testid=vehicle-list]').boundingBox())!;
    assert.ok(list.x >= 0 && list.x + list.width <= 390, 'fits the phone screen');
    assert.deepEqual(phone.problems.take(), []);
  });
});
