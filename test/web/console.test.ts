// The Joint Management Center in a real browser against the real server: an officer logs in,
// watches vehicles move, gets an alert raised by telemetry within 2 s, acknowledges and resolves
// it, opens a trip and replays its track, searches, reads the overview, switches language and
// edits a facility. Screenshots go to test-artifacts/web/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestFleet, type TestVehicle } from './fleet.ts';
import { cannotRun, liveMonitoring, loadSampleReference, login, startHarness, type Harness, type WatchedPage } from './harness.ts';

describe('Joint Management Center in the browser', { timeout: 300_000 }, () => {
  let h: Harness;
  let w: WatchedPage;
  let fleet: TestFleet | null = null;
  let live = false;
  const ROUTE = 'RT-BK006-BY010';

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    const { routes } = await loadSampleReference(h);
    live = liveMonitoring(h);
    if (live) {
      fleet = new TestFleet(h, routes.find((r) => r.code === ROUTE));
      for (let i = 0; i < 3; i++) {
        const v = await fleet.add(i);
        // Sealed at the origin, then out on the road: the trip goes in transit.
        await fleet.report(v, 0);
        await fleet.report(v, 0.1 + i * 0.1);
      }
    }
    w = await h.newPage();
  });

  after(async () => {
    await h?.close();
  });

  it('logs an officer in and shows the console in Traditional Chinese', async () => {
    await w.page.goto(h.base + '/');
    await w.page.waitForSelector('form.login-card');
    assert.match(await w.page.textContent('h1') ?? '', /聯合管理中心/);
    await w.shot('01-login');
    await login(w, h);
    await w.page.waitForSelector('[data-testid=live-map][data-ready="1"]');
    assert.match((await w.page.textContent('.tabs')) ?? '', /即時地圖.*警示佇列.*查詢.*分析.*貨櫃動態.*業務.*管理/);
    assert.match((await w.page.textContent('.clock')) ?? '', /^1\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d$/, 'ROC date and Taipei time');
    assert.deepEqual(w.problems.take(), []);
  });

  it('shows live vehicles moving on the map', async () => {
    assert.ok(live && fleet, 'the monitoring engine and /stream must be running');
    await w.page.waitForSelector('[data-testid=stream-status][data-status=live]');
    const v = fleet.vehicles[0];
    const where = () => w.page.evaluate((plate) => {
      const f = (window as any).__swVehicles.drawnVehicle(plate);
      return f ? [f.lon as number, f.lat as number] : null;
    }, v.plate);
    await w.page.waitForFunction(() => (window as any).__swVehicles.drawn.length >= 3);
    const before = await where();
    assert.ok(before, 'vehicle is on the map');
    for (let step = 1; step <= 3; step++) {
      for (const [i, veh] of fleet.vehicles.entries()) await fleet.report(veh, 0.1 + i * 0.1 + step * 0.03);
      await new Promise((r) => setTimeout(r, 400));
    }
    await w.page.waitForFunction(
      ([plate, x, y]) => {
        const f = (window as any).__swVehicles.drawnVehicle(plate);
        return f && (f.lon !== x || f.lat !== y);
      },
      [v.plate, before[0], before[1]] as const,
    );
    // Zoom to the vehicles so their plates show for the screenshot.
    await w.page.evaluate(() => (window as any).__swMap.jumpTo({ center: [120.33, 22.6], zoom: 11 }));
    await w.page.waitForTimeout(800);
    await w.shot('02-live-map');
    // The count follows the store's trips topic, which a vehicle joining the map also wakes.
    await w.page.waitForFunction(() => /3/.test(document.querySelector('[data-testid=vehicle-count]')?.textContent ?? ''), undefined, { timeout: 5_000 }).catch(() => undefined);
    assert.match((await w.page.textContent('[data-testid=vehicle-count]')) ?? '', /3/);
  });

  let alertVehicle: TestVehicle | null = null;
  it('receives an alert raised by telemetry within 2 s, acknowledges and resolves it', async (t) => {
    assert.ok(live && fleet, 'the monitoring engine and /stream must be running');
    alertVehicle = fleet.vehicles[1];
    const sent = Date.now();
    await fleet.report(alertVehicle, 0.35, 'tampered');
    const card = w.page.locator(`[data-testid=alert-card][data-alert-type=seal_tamper]`).first();
    await card.waitFor({ timeout: 5000 });
    const elapsed = Date.now() - sent;
    t.diagnostic(`alert on screen ${elapsed} ms after the telemetry was posted`);
    assert.ok(elapsed <= 2000, `alert shown ${elapsed} ms after the telemetry was posted`);
    await w.page.waitForSelector('[data-testid=critical-flash]');
    await w.shot('03-critical-alert');
    assert.match((await card.textContent()) ?? '', new RegExp(alertVehicle.plate));
    assert.match((await card.locator('[data-testid=alert-containers]').textContent()) ?? '', new RegExp(alertVehicle.containerNo));

    await card.locator('[data-testid=ack-button]').click();
    await w.page.waitForSelector(`[data-testid=alert-card][data-alert-type=seal_tamper][data-status=acknowledged]`);
    await w.page.waitForSelector('[data-testid=critical-flash]', { state: 'detached' });
    const id = await card.getAttribute('data-alert-id');
    await card.locator('.alert-head').click();
    await card.locator('select[aria-label="指派給"]').selectOption({ label: h.officer.name });
    await card.locator('button', { hasText: '指派' }).click();
    await card.locator('dt', { hasText: '承辦人' }).waitFor();
    await card.locator('[data-testid=note-input]').fill('已聯絡司機，車輛停靠路邊');
    await card.locator('button', { hasText: '新增備註' }).click();
    await card.locator('.notes li', { hasText: '已聯絡司機' }).waitFor();
    await card.locator('[data-testid=resolution-escalated]').check();
    await card.locator('[data-testid=resolution-note]').fill('封條遭破壞，移送調查');
    await w.shot('04-resolve-form');
    await card.locator('[data-testid=resolve-button]').click();
    await w.page.waitForSelector(`[data-testid=alert-card][data-alert-id="${id}"]`, { state: 'detached' });
    const stored = await h.api('GET', `/alerts/${id}`);
    assert.equal(stored.status, 'resolved');
    assert.equal(stored.resolution, 'escalated');
    assert.ok(stored.acknowledgedAt);
    assert.ok(stored.assignedTo);
    assert.ok(stored.history.some((e: any) => e.kind === 'note' && e.data?.note?.includes('已聯絡司機')));
    assert.deepEqual(w.problems.take(), []);
  });

  it('opens a trip from its vehicle on the map and replays the track', async () => {
    assert.ok(live && fleet, 'the monitoring engine and /stream must be running');
    const v = fleet.vehicles[0];
    await w.page.evaluate(() => (window as any).__swMap.jumpTo({ center: [120.33, 22.6], zoom: 14 }));
    const point = await w.page.evaluate(async (plate) => {
      const map = (window as any).__swMap;
      const f = (window as any).__swVehicles.drawnVehicle(plate);
      map.jumpTo({ center: [f.lon, f.lat], zoom: 14 });
      await new Promise((r) => map.once('idle', r));
      const p = map.project([f.lon, f.lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, v.plate);
    await w.page.mouse.click(point.x, point.y);
    await w.page.waitForSelector('[data-testid=trip-page]');
    assert.match((await w.page.textContent('[data-testid=trip-cns]')) ?? '', new RegExp(v.cnNo));
    assert.match((await w.page.textContent('[data-testid=trip-containers]')) ?? '', new RegExp(v.containerNo));
    await w.page.waitForSelector('[data-testid=trip-map][data-ready="1"]');
    await w.page.waitForSelector('[data-testid=replay-slider]');
    const slider = w.page.locator('[data-testid=replay-slider]');
    const min = Number(await slider.getAttribute('min'));
    await slider.evaluate((el: HTMLInputElement, value) => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(el, String(value));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, min);
    const atStart = await w.page.textContent('[data-testid=replay-time]');
    await w.page.click('[data-testid=replay-play]');
    await w.page.waitForFunction((s) => document.querySelector('[data-testid=replay-time]')?.textContent !== s, atStart);
    await w.page.waitForTimeout(600);
    await w.shot('05-trip-replay');
    assert.deepEqual(w.problems.take(), []);
  });

  it('finds a trip by container number, plate and declaration number', async () => {
    assert.ok(live && fleet, 'the monitoring engine and /stream must be running');
    const v = fleet.vehicles[2];
    for (const q of [v.containerNo, v.plate, v.declarationNo]) {
      await w.page.goto(`${h.base}/#/search?q=${encodeURIComponent(q)}`);
      await w.page.waitForSelector('[data-testid=search-trip-row]');
      assert.match((await w.page.textContent('[data-testid=search-trips]')) ?? '', new RegExp(v.plate), q);
    }
    await w.page.goto(`${h.base}/#/search?q=${v.containerNo}`);
    await w.page.waitForSelector('[data-testid=container-status]');
    await w.shot('06-search');
    assert.deepEqual(w.problems.take(), []);
  });

  it('shows the overview charts', async () => {
    await w.page.goto(`${h.base}/#/overview`);
    await w.page.waitForSelector('[data-testid=overview] svg.chart');
    // The figures come from the server's count of the day: the trips driven by this test are in it.
    await w.page.waitForFunction(() => Number(document.querySelector('[data-testid=kpi-trips] .value')?.textContent) > 0);
    await w.page.waitForTimeout(500);
    await w.shot('07-overview');
    assert.deepEqual(w.problems.take(), []);
  });

  it('switches to English and back', async () => {
    await w.page.goto(`${h.base}/#/map`);
    await w.page.click('[data-testid=lang-switch]');
    await w.page.waitForFunction(() => document.querySelector('.tabs')?.textContent?.includes('Live map'));
    assert.match((await w.page.textContent('.brand')) ?? '', /Joint Management Center/);
    assert.match((await w.page.textContent('.clock')) ?? '', /^20\d\d-\d\d-\d\d /);
    await w.page.waitForSelector('[data-testid=live-map][data-ready="1"]');
    await w.shot('08-english');
    await w.page.click('[data-testid=lang-switch]');
    await w.page.waitForFunction(() => document.querySelector('.tabs')?.textContent?.includes('即時地圖'));
  });

  it('edits a facility on the map', async () => {
    const code = 'BX100';
    await w.page.goto(`${h.base}/#/reference/facilities/${code}`);
    await w.page.waitForSelector('[data-testid=facility-form]');
    await w.page.waitForSelector('[data-testid=reference-map][data-ready="1"]');
    const name = '高雄港貨櫃儀檢站（測試修改）';
    await w.page.fill('[data-testid=facility-name]', name);
    // Redraw the area: four clicks around the map centre, then finish.
    await w.page.click('[data-testid=draw-shape]');
    const box = (await w.page.locator('[data-testid=reference-map]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    for (const [dx, dy] of [[-60, -40], [60, -40], [70, 40], [-50, 50]]) await w.page.mouse.click(cx + dx, cy + dy);
    await w.page.click('[data-testid=finish-shape]');
    // Drag one vertex a little, as an officer correcting a corner would.
    await w.page.mouse.move(cx + 60, cy - 40);
    await w.page.mouse.down();
    await w.page.mouse.move(cx + 80, cy - 55, { steps: 5 });
    await w.page.mouse.up();
    await w.page.click('[data-testid=facility-save]');
    await w.page.waitForSelector('[data-testid=saved]');
    await w.shot('09-facility-edit');
    const stored = await h.api('GET', `/facilities/${code}`);
    assert.equal(stored.name, name);
    assert.equal(stored.area.coordinates[0].length, 5, 'four corners and the closing one');
    const audit = await h.api('GET', `/audit?resource=facility&resourceId=${code}`).catch(() => null);
    if (audit) assert.ok(JSON.stringify(audit).includes(name), 'the change is audited');
    assert.deepEqual(w.problems.take(), []);
  });

  it('edits a route: path imported from GeoJSON and its own alert thresholds', async () => {
    const code = 'RT-AK001-AY020';
    const route = await h.api('GET', `/routes/${code}`);
    await w.page.goto(`${h.base}/#/reference/routes/${code}`);
    await w.page.waitForSelector('[data-testid=route-form]');
    await w.page.waitForSelector('[data-testid=reference-map][data-ready="1"]');
    // The same road, as a surveyor's GeoJSON export with one vertex fewer.
    const coords = route.path.coordinates.filter((_: unknown, i: number) => i !== 1);
    const file = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: code }, geometry: { type: 'LineString', coordinates: coords } }] };
    await w.page.setInputFiles('[data-testid=import-geojson]', { name: 'route.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
    await w.page.fill('[data-testid=param-stopMinMinutes]', '20');
    await w.page.fill('[data-testid=route-corridor]', '300');
    await w.page.click('[data-testid=route-form] button[type=submit]');
    await w.page.waitForSelector('[data-testid=route-form] .saved-note');
    await w.shot('11-route-edit');
    const stored = await h.api('GET', `/routes/${code}`);
    assert.equal(stored.path.coordinates.length, coords.length);
    assert.equal(stored.alertParams?.stopMinMinutes, 20);
    assert.equal(stored.corridorWidthM, 300, 'the one corridor width field is the route\'s own');
    assert.deepEqual(w.problems.take(), []);
  });

  it('edits the platform-wide alert thresholds, audited', async () => {
    await w.page.goto(`${h.base}/#/reference/params`);
    await w.page.waitForSelector('[data-testid=params-form]');
    await w.page.fill('[data-testid=params-form] [data-testid=param-signalLostSeconds]', '240');
    await w.page.click('[data-testid=params-form] button[type=submit]');
    await w.page.waitForSelector('[data-testid=params-form] .saved-note');
    await w.shot('12-global-params');
    const stored = await h.api('GET', '/settings/alert-params');
    assert.equal(stored.params.signalLostSeconds, 240);
    assert.equal(stored.effective.signalLostSeconds, 240);
    const audit = await h.api('GET', '/audit?resource=settings');
    assert.equal(audit[0].after.signalLostSeconds, 240);
    assert.deepEqual(w.problems.take(), []);
  });

  it('shows a validation error where it occurs', async () => {
    await w.page.goto(`${h.base}/#/reference/facilities/new`);
    await w.page.waitForSelector('[data-testid=facility-form]');
    await w.page.waitForSelector('[data-testid=reference-map][data-ready="1"]');
    await w.page.fill('[data-testid=facility-code]', 'bad code!');
    await w.page.fill('[data-testid=facility-name]', '錯誤示範');
    await w.page.click('[data-testid=draw-shape]');
    const box = (await w.page.locator('[data-testid=reference-map]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // A bow tie: the edges cross, which the API refuses, naming the place.
    for (const [dx, dy] of [[-50, -50], [50, 50], [50, -50], [-50, 50]]) await w.page.mouse.click(cx + dx, cy + dy);
    await w.page.click('[data-testid=finish-shape]');
    w.problems.allow(422, '/api/v1/facilities');
    await w.page.click('[data-testid=facility-save]');
    await w.page.waitForSelector('[data-testid=field-error]');
    const text = (await w.page.textContent('[data-testid=facility-form]')) ?? '';
    assert.match(text, /站別代碼只能有英文字母與數字/, 'the station-code rule in the reader\'s language');
    await w.shot('10-validation-error');
    assert.deepEqual(w.problems.take(), []);
  });
});
