// The portal and the monitoring centre together: a fleet registers a truck on the portal (the
// vehicle, its driver and the fleet application); a customs admin, in the monitoring centre,
// publishes an announcement with a download and approves the application with a note; the fleet
// sees the approval and the note, and the public home shows the announcement and the fleet listed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login, openNav, type Harness } from '../web/harness.ts';
import { PEOPLE, cannotRun, portalPage, startPortal } from './harness.ts';

const skip = cannotRun();

describe('portal: fleet registration decided by customs', { skip: skip ?? false, timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startPortal();
  });
  after(() => h?.close());

  it('a fleet registers a truck, customs publishes and approves it, the fleet sees the approval', async () => {
    const fleet = await portalPage(h, PEOPLE.fleet.username);
    await fleet.page.click('[data-testid=nav-fleet]');
    const form = fleet.page.locator('[data-testid=register-truck]');
    await form.locator('input[name=plate]').fill('KNA-7001');
    await form.locator('input[name=driverId]').fill('A123456789');
    await form.locator('input[name=driverName]').fill('王大明');
    await form.locator('button[type=submit]').click();
    await fleet.page.waitForSelector('[data-testid=applications] [data-testid=status]');
    assert.equal(await fleet.page.locator('[data-testid=applications] [data-testid=status]').innerText(), '已送出');
    assert.match(await fleet.page.locator('[data-testid=vehicles]').innerText(), /KNA7001/);

    const officer = await h.newPage();
    await login(officer, h);
    await openNav(officer.page, 'portal');
    // Publish an announcement, then a download with its file.
    const publish = officer.page.locator('[data-testid=publish]');
    await publish.locator('input[name=title]').fill('物聯網平台維護公告');
    await publish.locator('textarea[name=body]').fill('12 月 20 日 02:00–04:00 系統維護');
    await publish.locator('button[type=submit]').click();
    await officer.page.waitForSelector('[data-testid=published] li');
    await publish.locator('select').first().selectOption('download');
    await publish.locator('input[name=title]').fill('車載機介接規格 v2');
    await publish.locator('input[type=file]').setInputFiles({ name: 'obu-interface.txt', mimeType: 'text/plain', buffer: Buffer.from('MQTT topic sealwatch/v1/devices/{id}/telemetry') });
    await publish.locator('button[type=submit]').click();
    await officer.page.waitForFunction(() => document.querySelectorAll('[data-testid=published] li').length === 2);
    // Decide the fleet's application with a note.
    const row = officer.page.locator('[data-testid^=review-app_]').first();
    await row.locator('input').fill('車輛與司機資料齊備，核准');
    await row.locator('[data-testid=approve]').click();
    await officer.page.waitForSelector('[role=status]');
    await officer.shot('portal-review');
    assert.deepEqual(officer.problems.take(), []);

    await fleet.page.click('[data-testid=nav-home]');
    await fleet.page.click('[data-testid=nav-fleet]');
    await fleet.page.waitForFunction(() => document.querySelector('[data-testid=applications] [data-testid=status]')?.textContent === '核准');
    assert.match(await fleet.page.locator('[data-testid=applications]').innerText(), /車輛與司機資料齊備，核准/);
    await fleet.shot('portal-fleet-approved');
    assert.deepEqual(fleet.problems.take(), []);

    const visitor = await portalPage(h);
    await visitor.page.waitForSelector('[data-testid=news] li');
    assert.match(await visitor.page.locator('[data-testid=news]').innerText(), /物聯網平台維護公告/);
    await visitor.page.waitForSelector('[data-testid=approved-fleets] tbody tr');
    assert.match(await visitor.page.locator('[data-testid=approved-fleets]').innerText(), /長榮物流/);
    const link = visitor.page.locator('[data-testid=downloads] a');
    const file = await visitor.page.request.get(h.base + (await link.getAttribute('href'))!);
    assert.equal(await file.text(), 'MQTT topic sealwatch/v1/devices/{id}/telemetry');
    await visitor.shot('portal-home');
    assert.deepEqual(visitor.problems.take(), []);
  });
});
