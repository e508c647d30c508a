// Errors in the reader's language, settings that fit together, and the geometry editor and search
// as an officer uses them, in a real browser against the real server: a schema error, a geometry
// error and an identifier error from the API shown in zh-TW (and English), a role refusal, the
// alert thresholds checked against each other, an import that fails without changing the shape,
// the crossing marked where the edges meet and cleared once fixed, checkpoints picked on the map,
// and search naming a wrong check digit, stations by name and seal states in words.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestFleet, type TestVehicle } from './fleet.ts';
import { cannotRun, liveMonitoring, loadSampleReference, startHarness, waitForAsync, type Harness, type WatchedPage } from './harness.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';

describe('errors, settings, editors and search in the browser', { timeout: 240_000 }, () => {
  let h: Harness;
  let w: WatchedPage;
  let facilities: any[] = [];
  let vehicle: TestVehicle | null = null;
  const admin = { username: 'errs.admin', password: 'correct horse errors' };

  const text = async (selector: string) => (await w.page.textContent(selector)) ?? '';
  /** Features of one of the editor's map sources, and where each lies on screen. */
  const features = (source: string) =>
    w.page.evaluate(async (id) => {
      const map = (window as any).__swMap;
      const data = await map.getSource(id).getData();
      return data.features.map((f: any) => ({ coords: f.geometry.coordinates as number[], px: map.project(f.geometry.coordinates) as { x: number; y: number } }));
    }, source);

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    ({ facilities } = await loadSampleReference(h));
    await h.api('POST', '/users', { username: admin.username, name: '測試管理者', companyUbn: CUSTOMS_UBN, roles: ['customs_officer', 'customs_admin'], password: admin.password });
    if (liveMonitoring(h)) {
      const routes = await h.api<any[]>('GET', '/routes');
      const fleet = new TestFleet(h, routes.find((r) => r.code === 'RT-BK006-BY010'));
      vehicle = await fleet.add(7);
      await fleet.report(vehicle, 0);
    }
    w = await h.newPage();
    await w.page.goto(h.base + '/');
    await w.page.fill('input[name=username]', admin.username);
    await w.page.fill('input[name=password]', admin.password);
    await w.page.click('button[type=submit]');
    await w.page.waitForSelector('.topbar');
  });

  after(async () => {
    await h?.close();
  });

  it('marks a crossing where the edges meet, in zh-TW, and clears it once the outline is fixed', async () => {
    await w.page.goto(`${h.base}/#/reference/facilities/new`);
    await w.page.waitForSelector('[data-testid=reference-map][data-ready="1"]');
    await w.page.fill('[data-testid=facility-code]', 'ZZ901');
    await w.page.fill('[data-testid=facility-name]', '交錯測試場');
    await w.page.click('[data-testid=draw-shape]');
    const box = (await w.page.locator('[data-testid=reference-map]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // A bow tie: edge 0 (top left to bottom right) crosses edge 2 (top right to bottom left) in the middle.
    for (const [dx, dy] of [[-60, -60], [60, 60], [60, -60], [-60, 60]]) await w.page.mouse.click(cx + dx, cy + dy);
    await w.page.click('[data-testid=finish-shape]');
    w.problems.allow(422, '/api/v1/facilities');
    await w.page.click('[data-testid=facility-save]');
    await w.page.waitForFunction(() => /交於/.test(document.querySelector('[data-testid=facility-form]')?.textContent ?? ''));
    assert.match(await text('[data-testid=facility-form]'), /邊界自我交錯：第 0 段與第 2 段交於 \[/);
    const marks = await features('edit-errors');
    assert.equal(marks.length, 1, 'one marker, for the one crossing');
    // The marker is at the crossing (the middle of the bow tie), not at a vertex 60 px away.
    assert.ok(Math.abs(marks[0].px.x + box.x - cx) < 4 && Math.abs(marks[0].px.y + box.y - cy) < 4, JSON.stringify(marks[0].px));
    await w.shot('errs-01-crossing');

    // Dragging the bottom-right vertex above the shape untangles it: the marker and the message go.
    await w.page.mouse.move(cx + 60, cy + 60);
    await w.page.mouse.down();
    await w.page.mouse.move(cx + 30, cy - 20, { steps: 4 });
    await w.page.mouse.move(cx, cy - 120, { steps: 4 });
    await w.page.mouse.up();
    await w.page.waitForFunction(() => !/交錯/.test(document.querySelector('[data-testid=facility-form]')?.textContent ?? ''));
    assert.deepEqual(await features('edit-errors'), []);
    await w.page.click('[data-testid=facility-save]');
    // A new facility, once stored, is opened by its code.
    await w.page.waitForFunction(() => location.hash.endsWith('/ZZ901'));
    assert.equal((await h.api('GET', '/facilities/ZZ901')).area.coordinates[0].length, 5);
    assert.deepEqual(w.problems.take(), []);
  });

  it('leaves the shape as it was when an import fails, saying why in zh-TW', async () => {
    await w.page.goto(`${h.base}/#/reference/facilities/ZZ901`);
    await w.page.waitForSelector('[data-testid=reference-map][data-ready="1"]');
    await waitForAsync(w.page, async () => (await (window as any).__swMap.getSource('edit-vertices').getData()).features.length === 4);
    const before = await features('edit-vertices');
    const vertices = await text('.shape-controls');
    await w.page.setInputFiles('[data-testid=import-geojson]', { name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "Polygon", "coordinates": [[') });
    await w.page.waitForSelector('[data-testid=field-error]');
    assert.match(await text('[data-testid=field-error]'), /無法匯入：檔案不是有效的 JSON，原有形狀未變更/);
    const point = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [121.5, 25] } }] };
    await w.page.setInputFiles('[data-testid=import-geojson]', { name: 'point.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(point)) });
    await w.page.waitForFunction(() => /找到：Point/.test(document.querySelector('[data-testid=field-error]')?.textContent ?? ''));
    assert.match(await text('[data-testid=field-error]'), /檔案中沒有多邊形/);
    assert.deepEqual(await features('edit-vertices'), before, 'the vertices on the map are unchanged');
    assert.equal(await text('.shape-controls'), vertices);
    // Saving now stores the shape as it was.
    await w.page.click('[data-testid=facility-save]');
    await w.page.waitForSelector('[data-testid=saved]');
    assert.equal((await h.api('GET', '/facilities/ZZ901')).area.coordinates[0].length, 5);
    assert.deepEqual(w.problems.take(), []);
  });

  it('names a route whose destination is its origin, and a schema error, in zh-TW; one corridor width; checkpoints picked on the map', async () => {
    await w.page.goto(`${h.base}/#/reference/routes/new`);
    await w.page.waitForSelector('[data-testid=route-form]');
    await w.page.waitForSelector('[data-testid=reference-map][data-ready="1"]');
    assert.equal(await w.page.locator('[data-testid=route-form] [data-testid=param-corridorWidthM]').count(), 0, 'the corridor width is asked once');
    assert.equal(await w.page.locator('[data-testid=route-corridor]').count(), 1);
    await w.page.selectOption('[data-testid=route-origin]', 'BK006');
    await w.page.selectOption('[data-testid=route-destination]', 'BK006');
    await w.page.click('[data-testid=route-form] button[type=submit]');
    await w.page.waitForSelector('[data-testid=field-error]');
    assert.match(await text('[data-testid=route-form]'), /目的地不可與起點（BK006）相同/);

    // Checkpoints: a click on an inspection station's area adds it; a container yard is refused.
    await w.page.click('[data-testid=pick-checkpoints]');
    const clickOn = async (code: string) => {
      const f = facilities.find((x) => x.code === code);
      const ring: number[][] = f.area.type === 'Polygon' ? f.area.coordinates[0] : f.area.coordinates[0][0];
      const centre = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
      await w.page.evaluate((c) => (window as any).__swMap.jumpTo({ center: c, zoom: 16 }), centre);
      const b = (await w.page.locator('[data-testid=reference-map]').boundingBox())!;
      await w.page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    };
    await clickOn('BX100');
    await w.page.waitForSelector('[data-testid=route-checkpoints] li[data-code=BX100]');
    await clickOn('BY010');
    await w.page.waitForFunction(() => /BY010 不是查驗站或檢查站/.test(document.querySelector('[data-testid=route-checkpoints]')?.textContent ?? ''));
    assert.equal(await w.page.locator('[data-testid=route-checkpoints] li[data-code]').count(), 1);
    await w.page.click('[data-testid=pick-checkpoints]');

    // The server's schema rule for an empty code, in words rather than "must NOT have fewer than 1 characters".
    await w.page.selectOption('[data-testid=route-destination]', 'BY010');
    w.problems.allow(422, '/api/v1/routes');
    await w.page.click('[data-testid=route-form] button[type=submit]');
    await w.page.waitForFunction(() => /必填，不可空白/.test(document.querySelector('[data-testid=route-form]')?.textContent ?? ''));
    assert.doesNotMatch(await text('[data-testid=route-form]'), /must NOT|fewer than/);
    await w.shot('errs-02-route');
    assert.deepEqual(w.problems.take(), []);
  });

  it('checks the alert thresholds against their ranges and each other, in zh-TW and in English', async () => {
    // The server refuses the contradiction itself, naming each field with its code.
    const res = await fetch(`${h.base}/api/v1/settings/alert-params`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lowBatteryPercent: 150, lowBatteryClearPercent: 10 }),
    });
    assert.equal(res.status, 422);
    const codes = (await res.json()).errors.map((e: any) => `${e.path} ${e.code}`).sort();
    assert.deepEqual(codes, ['/body/lowBatteryClearPercent param.order', '/body/lowBatteryPercent param.order', '/body/lowBatteryPercent param.range']);

    await w.page.goto(`${h.base}/#/reference/params`);
    await w.page.waitForSelector('[data-testid=params-form]');
    await w.page.fill('[data-testid=params-form] [data-testid=param-lowBatteryPercent]', '150');
    await w.page.fill('[data-testid=params-form] [data-testid=param-lowBatteryClearPercent]', '10');
    await w.page.click('[data-testid=params-form] button[type=submit]');
    await w.page.waitForSelector('[data-testid=param-error-lowBatteryPercent]');
    const low = await w.page.locator('[data-testid=param-error-lowBatteryPercent]').allTextContents();
    assert.ok(low.some((m) => /須介於 1 與 100 之間（目前 150）/.test(m)), low.join('|'));
    assert.match((await w.page.locator('[data-testid=param-error-lowBatteryClearPercent]').allTextContents()).join(), /低電量門檻（150）須低於低電量解除門檻（10）/);
    await w.shot('errs-03-settings');

    // The same refusal in English after switching language.
    await w.page.evaluate(() => localStorage.setItem('sw.lang', 'en'));
    await w.page.reload();
    await w.page.waitForSelector('[data-testid=params-form]');
    await w.page.fill('[data-testid=params-form] [data-testid=param-lowBatteryPercent]', '150');
    await w.page.click('[data-testid=params-form] button[type=submit]');
    await w.page.waitForSelector('[data-testid=param-error-lowBatteryPercent]');
    assert.match((await w.page.locator('[data-testid=param-error-lowBatteryPercent]').allTextContents()).join(), /must be between 1 and 100 \(got 150\)/);
    await w.page.evaluate(() => localStorage.setItem('sw.lang', 'zh-TW'));
    await w.page.reload();
    await w.page.waitForSelector('[data-testid=params-form]');

    await w.page.fill('[data-testid=params-form] [data-testid=param-lowBatteryPercent]', '30');
    await w.page.fill('[data-testid=params-form] [data-testid=param-lowBatteryClearPercent]', '35');
    await w.page.click('[data-testid=params-form] button[type=submit]');
    await w.page.waitForSelector('[data-testid=params-form] .saved-note');
    const stored = await h.api('GET', '/settings/alert-params');
    assert.equal(stored.params.lowBatteryPercent, 30);
    assert.equal(stored.params.lowBatteryClearPercent, 35);
    assert.deepEqual(w.problems.take(), []);
  });

  it('shows a role refusal in zh-TW, naming the role needed', async () => {
    await w.page.goto(`${h.base}/#/reference/params`);
    await w.page.waitForSelector('[data-testid=params-form] button[type=submit]');
    // The account loses its admin role while the form is open; the next save is refused.
    await h.server.ctx.db.query(`update users set roles = '{customs_officer}' where username = $1`, [admin.username]);
    await w.page.fill('[data-testid=params-form] [data-testid=param-signalLostSeconds]', '600');
    w.problems.allow(403, '/api/v1/settings/alert-params');
    await w.page.click('[data-testid=params-form] button[type=submit]');
    await w.page.waitForSelector('[data-testid=params-form] .form-error');
    assert.match(await text('[data-testid=params-form] .form-error'), /此操作需要下列角色之一：海關系統管理者/);
    await h.server.ctx.db.query(`update users set roles = '{customs_officer,customs_admin}' where username = $1`, [admin.username]);
    assert.deepEqual(w.problems.take(), []);
  });

  it('search names a wrong check digit, shows stations by name and seal states in words', async () => {
    await w.page.goto(`${h.base}/#/search?q=CSQU3054384`);
    await w.page.waitForSelector('[data-testid=search-check-digit]');
    assert.match(await text('[data-testid=search-check-digit]'), /檢查碼錯誤：輸入 4，應為 3/);
    assert.ok(vehicle, 'the monitoring engine must be running');
    await w.page.goto(`${h.base}/#/search?q=${vehicle.containerNo}`);
    await w.page.waitForSelector('[data-testid=search-stations]');
    assert.equal(await w.page.locator('[data-testid=search-check-digit]').count(), 0, 'a right check digit is not flagged');
    const names = Object.fromEntries(facilities.map((f) => [f.code, f.name]));
    assert.equal(await text('[data-testid=search-stations]'), `${names.BK006} → ${names.BY010}`);
    await w.page.waitForSelector('[data-testid=container-seals]');
    assert.equal(await text('[data-testid=container-seals]'), `${vehicle.sealId} 已上鎖`);
    await w.shot('errs-04-search');
    assert.deepEqual(w.problems.take(), []);
  });
});
